import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { TestCase } from '../datasets/task.js';
import {
  HARNESS_FILE,
  HARNESS_SOURCE,
  JOB_FILE,
  PROGRAM_FILE,
  PROGRAM_RECORD_INDEX,
  RESULT_FD,
  type HarnessJob,
} from './harness.js';
import { resolvePythonInterpreter } from './python-interpreter.js';
import type {
  ExecutionLimits,
  ExecutionRequest,
  ExecutionResult,
  ExecutionStatus,
  Executor,
  TestOutcome,
} from './types.js';

export const DEFAULT_LIMITS: Readonly<ExecutionLimits> = { timeoutMs: 10_000, memoryMb: 2048, outputBytes: 65_536 };

/** Total bytes written to all pipes after which the run is killed as an output flood. */
const OUTPUT_FLOOD_BYTES = 8 * 1024 * 1024;
/** RLIMIT_FSIZE: largest file user code may write. */
const FILE_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
/** Result records are a few hundred bytes per test; anything beyond this is not from the harness. */
const RESULT_PIPE_BYTES = 1024 * 1024;
/** After the process group is killed, how long an escaped process may keep the pipes open. */
const PIPE_CLOSE_GRACE_MS = 1000;
const NO_RESULT = 'no result (process ended early)';
const OUT_OF_MEMORY_TEXT = /\bMemoryError\b|Cannot allocate memory|std::bad_alloc/;
const SANDBOX = 'process';

export interface ProcessExecutorOptions {
  /** Interpreter command or path; by default `python3`, `python`, then (Windows) `py -3`. */
  python?: string;
  /** Overrides of `DEFAULT_LIMITS`; a request's own `limits` override these in turn. */
  defaults?: Partial<ExecutionLimits>;
}

/** Runs each request in a fresh Python subprocess with rlimits and a scrubbed environment (no isolation beyond that). */
export function createProcessExecutor(options: ProcessExecutorOptions = {}): Executor {
  const defaults = withOverrides(DEFAULT_LIMITS, options.defaults);
  return {
    sandbox: SANDBOX,
    run: (request, signal) => runRequest(request, withOverrides(defaults, request.limits), options.python, signal),
  };
}

async function runRequest(
  request: ExecutionRequest,
  limits: ExecutionLimits,
  python: string | undefined,
  signal: AbortSignal | undefined,
): Promise<ExecutionResult> {
  signal?.throwIfAborted();
  const startedAt = performance.now();
  let executable: string;
  try {
    executable = await resolvePythonInterpreter(python);
  } catch (error) {
    return infraError(request.tests, errorMessage(error), startedAt);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'selfbench-run-'));
  try {
    await prepareWorkDir(workDir, request, limits);
    signal?.throwIfAborted(); // an abort during setup would otherwise go unnoticed
    const nonce = randomBytes(16).toString('hex');
    const run = await runHarness(executable, workDir, nonce, limits, signal);
    if (run.aborted) throw signal?.reason;
    if (run.spawnError !== undefined) return infraError(request.tests, run.spawnError, startedAt);
    const records = readRecords(run.results.text(), nonce, request.tests);
    const tests = request.tests.map((test, index) => toOutcome(test, records.get(index)));
    return {
      status: decideStatus(run, records, request.tests.length),
      tests,
      passedCount: tests.filter((test) => test.passed).length,
      stdout: run.stdout.text(),
      stderr: run.stderr.text(),
      durationMs: performance.now() - startedAt,
      sandbox: SANDBOX,
    };
  } finally {
    await removeWorkDir(workDir);
  }
}

function withOverrides(base: Readonly<ExecutionLimits>, overrides: Partial<ExecutionLimits> | undefined): ExecutionLimits {
  const limits = { ...base };
  for (const key of ['timeoutMs', 'memoryMb', 'outputBytes'] as const) {
    const value = overrides?.[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

async function prepareWorkDir(workDir: string, request: ExecutionRequest, limits: ExecutionLimits): Promise<void> {
  const job: HarnessJob = {
    program: PROGRAM_FILE,
    tests: request.tests.map(({ name, code }) => ({ name, code })),
    limits: {
      memoryBytes: limits.memoryMb * 1024 * 1024,
      // The wall-clock timeout normally fires first; this catches CPU burnt by escaped processes.
      cpuSeconds: Math.ceil(limits.timeoutMs / 1000) + 1,
      fileBytes: FILE_SIZE_LIMIT_BYTES,
    },
  };
  await Promise.all([
    mkdir(join(workDir, 'home')),
    mkdir(join(workDir, 'tmp')),
    writeFile(join(workDir, PROGRAM_FILE), request.program),
    writeFile(join(workDir, HARNESS_FILE), HARNESS_SOURCE),
    writeFile(join(workDir, JOB_FILE), JSON.stringify(job)),
  ]);
}

/** Nothing from the parent's environment except PATH: API keys and tokens must not reach user code. */
function scrubbedEnvironment(workDir: string): NodeJS.ProcessEnv {
  const tmp = join(workDir, 'tmp');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: join(workDir, 'home'),
    TMPDIR: tmp,
    TMP: tmp,
    TEMP: tmp,
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
  };
  // Python on Windows cannot start without SYSTEMROOT.
  if (process.platform === 'win32' && process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
  return env;
}

interface HarnessRun {
  spawnError?: string;
  timedOut: boolean;
  flooded: boolean;
  aborted: boolean;
  stdout: StreamCapture;
  stderr: StreamCapture;
  results: StreamCapture;
}

function runHarness(
  executable: string,
  workDir: string,
  nonce: string,
  limits: ExecutionLimits,
  signal: AbortSignal | undefined,
): Promise<HarnessRun> {
  const run: HarnessRun = {
    timedOut: false,
    flooded: false,
    aborted: false,
    stdout: new StreamCapture(limits.outputBytes),
    stderr: new StreamCapture(limits.outputBytes),
    results: new StreamCapture(RESULT_PIPE_BYTES),
  };
  let child: ChildProcess;
  try {
    child = spawn(executable, [HARNESS_FILE, JOB_FILE], {
      cwd: workDir,
      env: scrubbedEnvironment(workDir),
      detached: true, // own process group, so a timeout kills everything it started
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    return Promise.resolve({ ...run, spawnError: errorMessage(error) });
  }

  return new Promise((resolve) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const stop = (reason: 'timedOut' | 'flooded' | 'aborted'): void => {
      run[reason] = true;
      killProcessGroup(child);
    };
    const wallClock = setTimeout(() => stop('timedOut'), limits.timeoutMs);
    const onAbort = (): void => stop('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(wallClock);
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      for (const stream of child.stdio) stream?.destroy();
      if (child.pid === undefined) run.spawnError ??= `could not start ${executable}`;
      resolve(run);
    };

    let totalOutput = 0;
    const capture = (stream: Readable | null | undefined, into: StreamCapture): void => {
      stream?.on('data', (chunk: Buffer) => {
        into.add(chunk);
        totalOutput += chunk.length;
        if (totalOutput > OUTPUT_FLOOD_BYTES && !run.flooded) stop('flooded');
      });
    };
    capture(child.stdout, run.stdout);
    capture(child.stderr, run.stderr);
    capture(child.stdio[RESULT_FD] as Readable | null | undefined, run.results);

    child.once('error', (error) => {
      if (child.pid !== undefined) return; // only spawn failures matter; kill errors are harmless
      run.spawnError = error.message;
      finish();
    });
    child.once('exit', () => {
      clearTimeout(wallClock);
      // Leftovers in the group go too; a process that escaped it (setsid) may still hold the pipes.
      killProcessGroup(child);
      graceTimer = setTimeout(finish, PIPE_CLOSE_GRACE_MS);
    });
    child.once('close', finish);

    child.stdin?.on('error', () => {}); // EPIPE when the harness dies before reading its nonce
    child.stdin?.end(`${nonce}\n`);
  });
}

function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Keeps the first `limit` bytes of a stream and counts the rest. */
class StreamCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const part = chunk.subarray(0, Math.max(0, this.limit - this.kept));
    if (part.length > 0) this.chunks.push(part);
    this.kept += part.length;
    this.dropped += chunk.length - part.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `${text}\n[${this.dropped} more bytes not kept]` : text;
  }
}

const ResultRecordSchema = z.object({
  nonce: z.string(),
  index: z.number().int(),
  name: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
});
type ResultRecord = z.infer<typeof ResultRecordSchema>;

/** Records by index; lines without this run's nonce, or not matching a requested test, are ignored. */
function readRecords(raw: string, nonce: string, tests: readonly TestCase[]): Map<number, ResultRecord> {
  const records = new Map<number, ResultRecord>();
  for (const line of raw.split('\n')) {
    const record = parseRecord(line);
    if (record === undefined || record.nonce !== nonce || records.has(record.index)) continue;
    const expectedName = record.index === PROGRAM_RECORD_INDEX ? PROGRAM_FILE : tests[record.index]?.name;
    if (record.name === expectedName) records.set(record.index, record);
  }
  return records;
}

function parseRecord(line: string): ResultRecord | undefined {
  try {
    const parsed = ResultRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function toOutcome(test: TestCase, record: ResultRecord | undefined): TestOutcome {
  if (record?.ok) return { name: test.name, passed: true };
  return { name: test.name, passed: false, error: record?.error ?? NO_RESULT };
}

function decideStatus(run: HarnessRun, records: Map<number, ResultRecord>, testCount: number): ExecutionStatus {
  if (run.flooded) return 'output-limit';
  if (run.timedOut) return 'timeout';
  const reported = [...records.values()];
  if (reported.some((record) => record.error?.startsWith('MemoryError'))) return 'memory';
  // One record for loading the program plus one per test: the harness got to the end.
  if (records.size === testCount + 1) return reported.every((record) => record.ok) ? 'passed' : 'failed';
  return OUT_OF_MEMORY_TEXT.test(run.stderr.text()) ? 'memory' : 'crashed';
}

function infraError(tests: readonly TestCase[], message: string, startedAt: number): ExecutionResult {
  return {
    status: 'infra-error',
    tests: tests.map((test) => ({ name: test.name, passed: false, error: `not run: ${message}` })),
    passedCount: 0,
    stdout: '',
    stderr: message,
    durationMs: performance.now() - startedAt,
    sandbox: SANDBOX,
  };
}

async function removeWorkDir(workDir: string): Promise<void> {
  try {
    await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    // A cleanup failure must not turn a finished run into an error.
    process.emitWarning(`selfbench: could not remove ${workDir}: ${errorMessage(error)}`);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
