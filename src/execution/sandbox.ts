import { processBackend, type Backend } from './backend.js';
import { bwrapBackend } from './bwrap.js';
import { createSandboxedExecutor, type ProcessExecutorOptions } from './process-executor.js';
import { SANDBOX_NAMES, type SandboxName } from './sandbox-description.js';
import type { Executor } from './types.js';
import { unshareBackend } from './unshare.js';

export type SandboxChoice = 'auto' | SandboxName;

export interface ExecutorOptions extends ProcessExecutorOptions {
  /** `auto` (the default) picks the strongest back-end that works on this machine. */
  sandbox?: SandboxChoice;
}

const BACKENDS: Record<SandboxName, Backend> = { bwrap: bwrapBackend, unshare: unshareBackend, process: processBackend };

const PROBE_PROGRAM = 'def probe():\n    return 1\n';
const PROBE_TESTS = [{ name: 'probe', code: 'assert probe() == 1' }];

/** Probe outcomes per back-end and interpreter, once per process: why it failed, or undefined if it works. */
const probes = new Map<string, Promise<string | undefined>>();

/**
 * An executor on the requested back-end, or with `auto` the strongest one that works here. Each candidate
 * is probed by really running a trivial program through it (bwrap may be missing, or AppArmor may forbid
 * user namespaces). A requested back-end that does not work is an error saying why.
 */
export async function createExecutor(options: ExecutorOptions = {}): Promise<Executor> {
  const choice = options.sandbox ?? 'auto';
  const candidates = choice === 'auto' ? SANDBOX_NAMES : [choice];
  const failures: string[] = [];
  for (const name of candidates) {
    const failure = await probe(name, options.python);
    if (failure === undefined) return createSandboxedExecutor(BACKENDS[name], options);
    failures.push(`${name}: ${failure}`);
  }
  throw new Error(
    choice === 'auto'
      ? `No sandbox back-end works on this machine (${failures.join('; ')}).`
      : `Sandbox back-end "${choice}" does not work on this machine (${failures.join('; ')}).`,
  );
}

function probe(name: SandboxName, python: string | undefined): Promise<string | undefined> {
  const key = `${name}\0${python ?? ''}`;
  let pending = probes.get(key);
  if (pending === undefined) {
    // Default limits: the caller's own (perhaps tiny) limits say nothing about the back-end.
    const executor = createSandboxedExecutor(BACKENDS[name], { python });
    pending = executor.run({ program: PROBE_PROGRAM, tests: PROBE_TESTS }).then(
      (result) => (result.status === 'passed' ? undefined : firstLine(result.stderr) || `a trivial program ended as ${result.status}`),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    probes.set(key, pending);
  }
  return pending;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
