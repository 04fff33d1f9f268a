import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { userCacheDir } from '../../src/platform/cache-dir.js';
import { thisHost } from '../../src/platform/host.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/**
 * Downloads and expected values a test run computes stay out of the user's own cache, in one directory for the
 * whole vitest run (its workers share the parent), so that each file's CLI runs do not compute them again.
 */
const cacheHome = join(tmpdir(), `selfbench-test-cache-${process.ppid}`);
mkdirSync(cacheHome, { recursive: true });

/** selfbench's own cache as this test run's CLI calls see it: a test that grades in-process shares their expected values. */
export const testCacheDir = (): string => userCacheDir({ ...thisHost(), env: userEnv() });

/** The run directory a CLI call wrote under `out` (the response cache sits beside it as `.cache`). */
export function runDirIn(out: string): string {
  const runs = readdirSync(out).filter((name) => !name.startsWith('.'));
  if (runs.length !== 1) throw new Error(`expected one run directory in ${out}, found: ${runs.join(', ') || 'none'}`);
  return join(out, runs[0] as string);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a user who typed the command: the test run's own, less what `npm test` adds (`npm_*`: the
 * commands selfbench prints follow how it was started), with no consent from the environment, and the test cache.
 */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const own = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  return { ...own, SELFBENCH_ALLOW_CODE_EXECUTION: '', XDG_CACHE_HOME: cacheHome, ...extra };
}

/** Runs the built `bench` CLI (npm test builds first) as a user would. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: userEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * The whole demo (`configs/demo.yaml`, every task), run once per test run and shared by the files that read it — the
 * longest CLI run of the suite, otherwise made by each. The first file to ask runs it; the others wait for its result
 * (a directory made atomically is the lock). Readers must not write into the run directory: copy it first.
 */
export async function sharedDemoRun(): Promise<CliResult & { runDir: string }> {
  const home = join(cacheHome, 'demo-run');
  const done = join(home, 'result.json');
  try {
    mkdirSync(home);
  } catch {
    while (!existsSync(done)) await sleep(200);
    return JSON.parse(readFileSync(done, 'utf8')) as CliResult & { runDir: string };
  }
  const out = join(home, 'out');
  const result = await runCli(['--config', 'configs/demo.yaml', '--out', out]);
  const shared = { ...result, runDir: result.code === 0 ? runDirIn(out) : '' };
  writeFileSync(done, JSON.stringify(shared));
  return shared;
}
