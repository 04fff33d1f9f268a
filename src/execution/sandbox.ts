import { DEFAULT_LIMITS } from './process/attempt.js';
import { processBackend, type Backend } from './sandbox/backend.js';
import { bwrapBackend } from './sandbox/bwrap.js';
import { createSandboxedExecutor } from './process/process-executor.js';
import { AUTO_SANDBOXES, strongerSandboxHint, type SandboxChoice, type SandboxName } from './sandbox/sandbox-description.js';
import { SandboxUnavailableError } from './sandbox/sandbox-error.js';
import type { Executor } from './types.js';
import { join } from 'node:path';
import { unshareBackend } from './sandbox/unshare.js';
import { createPooledExecutor, type PoolOptions } from './pool/worker-pool.js';
import { ZYGOTE_SCRIPT } from './pool/zygote.js';
import { PoolVerdicts } from './sandbox/pool-verdicts.js';
import { firstAttemptProbes } from './first-attempt-probes.js';
import { dropsRoot } from './sandbox/privileges.js';
import { resolvePythonInstallation } from './sandbox/python-interpreter.js';
import { userCacheDir } from '../platform/cache-dir.js';


export interface ExecutorOptions extends PoolOptions {
  /** `auto` (the default) picks the strongest back-end that works on this machine and isolates the file system. */
  sandbox?: SandboxChoice;
  /**
   * Fork each attempt from a pool of warm workers on the back-end (the default) where the pool works;
   * elsewhere (Windows, or its probe fails) and with `false`, a fresh interpreter per attempt.
   */
  pool?: boolean;
  /**
   * Start a pool that worked here before (pool-verdicts.ts) without a probe attempt, its first real attempt standing
   * in for the probe (the default); `false` probes every candidate afresh, as `doctor` does.
   */
  rememberedPools?: boolean;
}

const BACKENDS: Record<SandboxName, Backend> = { bwrap: bwrapBackend, unshare: unshareBackend, process: processBackend };

const PROBE_PROGRAM = 'def probe():\n    return 1\n';
const PROBE_TESTS = [{ name: 'probe', code: 'assert probe() == 1' }];

/** Probe outcomes per back-end and interpreter, once per process: why it failed, or undefined if it works. */
const probes = new Map<string, Promise<string | undefined>>();

/**
 * An executor on the requested back-end, or with `auto` the strongest isolating one that works here. Each candidate
 * is probed by really running a trivial program through it (bwrap may be missing, or AppArmor may forbid
 * user namespaces), unless its pool worked here before as things are now (pool-verdicts.ts): then its first real
 * attempt is the probe (first-attempt-probes.ts). A requested back-end that does not work is an error saying why.
 */
export async function createExecutor(options: ExecutorOptions = {}): Promise<Executor> {
  const choice = options.sandbox ?? 'auto';
  const candidates = choice === 'auto' ? AUTO_SANDBOXES : [choice];
  const wantsPool = options.pool !== false && process.platform !== 'win32';
  const failures: string[] = [];
  for (const name of candidates) {
    // The pool's own probe first: when it passes, the back-end works, its first worker stays warm, and no
    // interpreter was started for nothing (a command's start-up is mostly these probes).
    let poolFailure: string | undefined;
    if (wantsPool) {
      const verdict = await poolVerdict(BACKENDS[name], options.python);
      if (verdict !== undefined && options.rememberedPools !== false && verdicts().worked(verdict)) {
        const pooled = createPooledExecutor(BACKENDS[name], options, { startWorker: true });
        const reprobe = () =>
          createExecutor({ ...options, sandbox: name, rememberedPools: false }).catch((error: unknown) => {
            if (!(error instanceof SandboxUnavailableError) || choice !== 'auto') throw error;
            throw new SandboxUnavailableError(
              `${error.message} It worked here before, and a run does not change back-end once it has said which one runs: ` +
                'run the command again to choose one afresh (with --resume, a run keeps the trials it has recorded).',
              { cause: error },
            );
          });
        return firstAttemptProbes(await withLandlock(pooled, BACKENDS[name], options.python), () => verdicts().forget(verdict), reprobe);
      }
      const pooled = createPooledExecutor(BACKENDS[name], options);
      poolFailure = await probeFailure(pooled);
      if (poolFailure === undefined) {
        if (verdict !== undefined) verdicts().remember(verdict);
        return withLandlock(pooled, BACKENDS[name], options.python);
      }
      if (verdict !== undefined) verdicts().forget(verdict);
      await pooled.close?.();
    }
    const failure = await probe(name, options.python);
    if (failure === undefined) {
      if (poolFailure !== undefined) {
        process.emitWarning(`selfbench: the worker pool does not work with ${name} here (${poolFailure}); starting a fresh interpreter per attempt`);
      }
      return withLandlock(createSandboxedExecutor(BACKENDS[name], options), BACKENDS[name], options.python);
    }
    failures.push(`${name}: ${failure}`);
  }
  if (choice === 'auto') {
    throw new SandboxUnavailableError(
      `No sandbox back-end that isolates the file system works on this machine (${failures.join('; ')}), so selfbench ` +
        'will not run model-written code. To run it anyway with resource limits only (no isolation of your files, ' +
        `the network or your processes), choose it explicitly: --sandbox process, or execution.sandbox: process. ${strongerSandboxHint()}`,
    );
  }
  throw new SandboxUnavailableError(`Sandbox back-end "${choice}" does not work on this machine (${failures.join('; ')}).${choice === 'bwrap' ? ` ${strongerSandboxHint()}` : ''}`);
}

function verdicts(): PoolVerdicts {
  return new PoolVerdicts(join(userCacheDir(), 'pools'));
}

/** The key of `backend`'s pool verdict here; undefined where there is no interpreter to key it by (its probe says why). */
async function poolVerdict(backend: Backend, python: string | undefined): Promise<string | undefined> {
  try {
    const installation = await resolvePythonInstallation(python);
    return verdicts().keyOf(backend, installation, ZYGOTE_SCRIPT, dropsRoot(installation.dirs, backend.mountsInterpreter));
  } catch {
    return undefined;
  }
}

/** Says which Landlock ABI confines user code, where the back-end uses it and the kernel has it (a working probe resolved the interpreter). */
async function withLandlock(executor: Executor, backend: Backend, python: string | undefined): Promise<Executor> {
  if (!backend.landlock) return executor;
  const { landlockAbi } = await resolvePythonInstallation(python);
  return landlockAbi > 0 ? { ...executor, landlockAbi } : executor;
}

function probe(name: SandboxName, python: string | undefined): Promise<string | undefined> {
  const key = `${name}\0${python ?? ''}`;
  let pending = probes.get(key);
  if (pending === undefined) {
    pending = probeFailure(createSandboxedExecutor(BACKENDS[name], { python }));
    probes.set(key, pending);
  }
  return pending;
}

function probeFailure(executor: Executor): Promise<string | undefined> {
  // Default limits: the caller's own (perhaps tiny) limits say nothing about the back-end.
  return executor.run({ program: PROBE_PROGRAM, tests: PROBE_TESTS, limits: DEFAULT_LIMITS }).then(
    (result) => (result.status === 'passed' ? undefined : lastLine(result.stderr) || `a trivial program ended as ${result.status}`),
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

/** The line that says why: a traceback's last, a tool's only one. */
function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
