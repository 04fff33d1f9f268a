import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestCase } from '../../src/datasets/task.js';
import { unconfinedProcessBackend } from '../support/backends.js';
import { ownPoolWorkers, processTable, ZYGOTE_MARK, type ProcessEntry } from '../support/pool-workers.js';
import { createExecutor } from '../../src/execution/sandbox.js';
import type { ExecutionResult, Executor } from '../../src/execution/types.js';
import { createPooledExecutor } from '../../src/execution/pool/worker-pool.js';
import { WORKER_BYTECODE_FILE } from '../../src/execution/pool/worker-dirs.js';
import { ZYGOTE_SCRIPT } from '../../src/execution/pool/zygote.js';
import { ZygoteBytecode } from '../../src/execution/pool/zygote-bytecode.js';
import { resolvePythonInstallation } from '../../src/execution/sandbox/python-interpreter.js';
import { Zygote } from '../../src/execution/pool/zygote-process.js';
import { processBackend } from '../../src/execution/sandbox/backend.js';
import { DEFAULT_LIMITS, runAttempt, scrubbedEnvironment } from '../../src/execution/process/attempt.js';
import { PROGRAM_FILE } from '../../src/execution/harness/harness.js';

/** The pool on the strongest back-end here, beside the single-run executor on the same back-end. */
const linux = process.platform === 'linux';
const ADD = 'def add(a, b):\n    return a + b\n';
const ADD_TESTS: TestCase[] = [{ name: 'add', code: 'assert add(1, 2) == 3' }];

const opened: Executor[] = [];
/** Each kind once for the file, as a run has it: a worker's start is most of what a short test costs. */
const made = new Map<string, Promise<Executor>>();
function executor(options: { pool?: boolean; concurrency?: number }): Promise<Executor> {
  const key = JSON.stringify(options);
  let created = made.get(key);
  if (created === undefined) {
    created = createExecutor(options).then((each) => {
      opened.push(each);
      return each;
    });
    made.set(key, created);
  }
  return created;
}
afterAll(() => Promise.all(opened.map((each) => each.close?.())));

describe.runIf(linux)('worker pool', () => {
  it('is the default executor, on the same back-end as a single run', async () => {
    const pooled = await executor({ pool: true });
    const single = await executor({ pool: false });
    expect(pooled.pooled).toBe(true);
    expect(single.pooled).toBe(false);
    expect(pooled.sandbox).toBe(single.sandbox);
    expect((await executor({})).pooled).toBe(true);
  });

  it('gives the same results as a fresh interpreter per run', async () => {
    const pooled = await executor({ pool: true });
    const single = await executor({ pool: false });
    const cases: [string, string, TestCase[]][] = [
      ['pass', ADD, ADD_TESTS],
      ['fail with expected/got', 'def add(a, b):\n    return a - b\n', [...ADD_TESTS, { name: 'zero', code: 'assert add(0, 0) == 0' }]],
      ['syntax error', 'def add(a, b:\n    return a + b\n', ADD_TESTS],
      ['error while loading', `${ADD}undefined_name\n`, ADD_TESTS],
      ['output, then sys.exit while loading', `import sys\nprint("before exit")\nsys.stderr.write("to stderr")\nsys.exit(3)\n`, ADD_TESTS],
      ['timeout', 'while True:\n    pass\n', ADD_TESTS],
      // The code a worker's failed setup once exited with: a program's exit is the program's failure, never the pool's.
      ['os._exit(125) while loading', 'import os\nos._exit(125)\n', ADD_TESTS],
      ['os._exit(125) in a test', ADD, [{ name: 'exit', code: 'import os\nos._exit(125)' }]],
    ];
    const comparable = ({ durationMs: _duration, ...result }: ExecutionResult) => result;
    for (const [label, program, tests] of cases) {
      // The default limit, but for the program meant to time out: a second of it spinning is enough.
      const request = { program, tests, ...(label === 'timeout' ? { limits: { timeoutMs: 1000 } } : {}) };
      const [fromPool, fromSingle] = await Promise.all([pooled.run(request), single.run(request)]);
      expect(comparable(fromPool), label).toEqual(comparable(fromSingle));
      expect(fromPool.status, label).not.toBe('infra-error');
    }
  });

  it('runs at most `concurrency` attempts at once', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'selfbench-pool-test-'));
    chmodSync(scratch, 0o777); // as root, user code runs as a user of its own
    // The process back-end shares the host's file system, so attempts can see each other's markers.
    const pool = createPooledExecutor(unconfinedProcessBackend, { concurrency: 2 });
    opened.push(pool);
    const meet = [
      'import os, time',
      `SCRATCH = ${JSON.stringify(scratch)}`,
      'marker = os.path.join(SCRATCH, str(os.getpid()))',
      'open(marker, "w").close()',
      'most, deadline = 1, time.time() + 5',
      'while time.time() < deadline:  # until a partner shows up, then a while longer: a third would be seen',
      '    most = max(most, len(os.listdir(SCRATCH)))',
      '    if most >= 2:',
      '        deadline = min(deadline, time.time() + 0.2)',
      '    time.sleep(0.02)',
      'print("together", most, flush=True)',
      'os.remove(marker)',
      ADD,
    ].join('\n');
    const results = await Promise.all(Array.from({ length: 4 }, () => pool.run({ program: meet, tests: ADD_TESTS })));
    rmSync(scratch, { recursive: true, force: true });
    expect(results.map((result) => result.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(results.map((result) => result.stdout.trim())).toEqual(['together 2', 'together 2', 'together 2', 'together 2']);
  });

  it('bounds what an attempt writes in its directory, as its /tmp: a copy in a tmpfs of its own', async () => {
    const pooled = await executor({ pool: true, concurrency: 1 });
    if (pooled.sandbox === 'process') return; // no namespaces: the directory is the host's
    const program = [
      'import errno',
      'def fill():',
      '    written = 0',
      '    try:',
      '        for index in range(8):',
      '            with open("part%d" % index, "wb") as part:',
      '                for _ in range(15):',
      '                    part.write(bytes(1 << 20))',
      '                    written += 1',
      '    except OSError as error:',
      '        return error.errno == errno.ENOSPC, written',
      '    return False, written',
    ].join('\n');
    const result = await pooled.run({ program, tests: [{ name: 'fill', code: 'full, written = fill()\nassert full and written < 65, (full, written)' }] });
    expect(result.status, result.tests[0]?.error ?? result.stderr).toBe('passed');
  });

  it("grades a program larger than that bound as any other: the copy's tmpfs holds it on top of the bound", async () => {
    // From a hostile review: a wrong program padded past 64 MiB failed its copy, an infrastructure error, out of pass@1.
    const pooled = await executor({ pool: true, concurrency: 1 });
    const padding = `${'#'.repeat(1023)}\n`.repeat(70 * 1024);
    const result = await pooled.run({ program: `def add(a, b):\n    return a - b\n${padding}`, tests: ADD_TESTS });
    expect(result.status, result.stderr).toBe('failed');
  });

  it('gives each attempt its own work directory, HOME and TMPDIR, unseen by the others', async () => {
    const pooled = await executor({ pool: true, concurrency: 2 });
    const program = [
      'import json, os, tempfile',
      'here = os.getcwd()',
      'print(json.dumps({"cwd": here, "home": os.path.expanduser("~"), "tmp": tempfile.gettempdir(), "siblings": os.listdir(os.path.dirname(here))}))',
      ADD,
    ].join('\n');
    const views = (await Promise.all([1, 2].map(() => pooled.run({ program, tests: ADD_TESTS })))).map(
      (result) => JSON.parse(result.stdout) as { cwd: string; home: string; tmp: string; siblings: string[] },
    );
    expect(views[0]?.cwd).not.toBe(views[1]?.cwd);
    for (const view of views) {
      expect(view.home.startsWith(`${view.cwd}/`)).toBe(true);
      expect(view.tmp.startsWith(`${view.cwd}/`)).toBe(true);
      // bwrap shows an attempt nothing of its worker's directory but its own work directory.
      if (pooled.sandbox === 'bwrap') expect(view.siblings).toEqual([view.cwd.split('/').at(-1)]);
    }
  });

  it('rejects with the abort reason when aborted, and kills the attempt but not its worker', async () => {
    const pooled = await executor({ pool: true, concurrency: 1 });
    const { program, marker } = sleeperProgram('while True:\n    pass\n');
    const controller = new AbortController();
    const running = pooled.run({ program, tests: ADD_TESTS }, controller.signal);
    const worker = await workerRunning(marker);
    controller.abort(new Error('cancelled by test'));
    await expect(running).rejects.toThrow('cancelled by test');
    expect(await leftovers(marker)).toEqual([]);
    expect(processTable().some((entry) => entry.pid === worker)).toBe(true);
    expect((await pooled.run({ program: ADD, tests: ADD_TESTS })).status).toBe('passed');
  });

  it('ends its idle workers when closed, leaving no process, and starts afresh after', async () => {
    const pooled = await executor({ pool: true, concurrency: 1 });
    const { program, marker } = sleeperProgram();
    const running = pooled.run({ program, tests: ADD_TESTS });
    const worker = await workerRunning(marker);
    expect((await running).status).toBe('passed');
    await pooled.close?.();
    expect(processTable().some((entry) => entry.pid === worker)).toBe(false);
    expect(await leftovers(marker)).toEqual([]);
    expect((await pooled.run({ program: ADD, tests: ADD_TESTS })).status).toBe('passed');
  });

  it('leaves no worker behind when closed while one is still starting', async () => {
    const before = new Set(ownPoolWorkers());
    const pool = createPooledExecutor(unconfinedProcessBackend, { concurrency: 1 });
    const running = pool.run({ program: ADD, tests: ADD_TESTS });
    await new Promise((resolve) => setImmediate(resolve)); // its worker is starting
    await pool.close?.();
    // Closed before it could run: an infrastructure error, which no program caused.
    expect((await running).status).toBe('infra-error');
    await waitUntil(() => ownPoolWorkers().every((pid) => before.has(pid)));
    expect(ownPoolWorkers().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it('replaces a worker killed during an attempt and runs the attempt again on the new one', async () => {
    const pooled = await executor({ pool: true, concurrency: 1 });
    const { program, marker } = sleeperProgram();
    const running = pooled.run({ program, tests: ADD_TESTS });
    await killWorkerDuringAttempt(marker);
    const result = await running;
    expect(result.status, JSON.stringify(result)).toBe('passed');
    expect(await leftovers(marker)).toEqual([]);
    expect((await pooled.run({ program: ADD, tests: ADD_TESTS })).status).toBe('passed');
  });

  // Two workers dying under one program is the program's doing (where it can reach them): a failure that
  // counts, never a pass, and never an infrastructure error that would take its trial out of pass@1.
  it('counts it as a crash of the program, never a pass, when the worker dies again during the second try', async () => {
    const pooled = await executor({ pool: true, concurrency: 1 });
    const { program, marker } = sleeperProgram();
    const running = pooled.run({ program, tests: ADD_TESTS });
    await killWorkerDuringAttempt(marker);
    await killWorkerDuringAttempt(marker);
    const result = await running;
    expect(result.status, JSON.stringify(result)).toBe('crashed');
    expect(result.passedCount).toBe(0);
    expect(result.stderr).toMatch(/killed the pool worker running it, twice \(the pool worker died/);
    expect(await leftovers(marker)).toEqual([]);
    expect((await pooled.run({ program: ADD, tests: ADD_TESTS })).status).toBe('passed');
  });
});

describe.runIf(linux && isTmpfs('/dev/shm'))("a worker's directory", () => {
  it('is on /dev/shm where no TMPDIR is set and attempts copy their directory, and goes when the pool closes', async () => {
    const tmpdirBefore = process.env.TMPDIR;
    delete process.env.TMPDIR; // as a user's shell has it; the tests' own runs set one (temp-root.ts)
    const pooled = await createExecutor({ pool: true, concurrency: 1 });
    try {
      if (pooled.sandbox === 'process') return; // no copy: the directory stays the host's
      expect((await pooled.run({ program: ADD, tests: ADD_TESTS })).status).toBe('passed');
      expect(ownWorkerDirs('/dev/shm')).toHaveLength(1);
    } finally {
      if (tmpdirBefore === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdirBefore;
      await pooled.close?.();
    }
    expect(ownWorkerDirs('/dev/shm')).toEqual([]);
  });
});

function isTmpfs(dir: string): boolean {
  try {
    return statfsSync(dir).type === 0x01021994;
  } catch {
    return false;
  }
}

function ownWorkerDirs(parent: string): string[] {
  return readdirSync(parent).filter((name) => name.startsWith(`selfbench-pool-${process.pid}-`));
}

describe.runIf(linux)('a worker that dies during an attempt', () => {
  // The attempt runs again on a new worker, keeping what the first try recorded: a program that broke its worker on
  // learning it was failing gets no second try. Here the program knows its second try by a file outside its work
  // directory (the unconfined back-end's); the worker is killed from outside during the first.
  it('keeps the failure the first try recorded, and takes the rest from the second', async () => {
    const marks = mkdtempSync(join(tmpdir(), 'selfbench-retry-'));
    const pooled = createPooledExecutor(unconfinedProcessBackend, { concurrency: 1 });
    try {
      const { marker } = sleeperProgram();
      const program = [
        'import os, subprocess, time',
        `MARK = ${JSON.stringify(join(marks, 'tried'))}`,
        'FIRST_TRY = not os.path.exists(MARK)',
        "open(MARK, 'w').close()",
        'def add(a, b):',
        '    return a + b + (1 if FIRST_TRY else 0)',
        'def linger():',
        '    if FIRST_TRY:',
        `        subprocess.Popen([${JSON.stringify(marker)}, "60"], executable="sleep")`,
        '        time.sleep(30)',
      ].join('\n');
      const running = pooled.run({ program, tests: [...ADD_TESTS, { name: 'linger', code: 'linger()' }] });
      await killWorkerDuringAttempt(marker);
      const result = await running;
      expect(result.tests.map((test) => test.passed), JSON.stringify(result)).toEqual([false, true]);
      expect(result.status).toBe('failed');
      expect(await leftovers(marker)).toEqual([]);
    } finally {
      await pooled.close?.();
      rmSync(marks, { recursive: true, force: true });
    }
  });
});

describe.runIf(linux)('a worker that cannot set up an attempt', () => {
  // The attempt reads its job from the worker's stdin itself (zygote.py); it must read it even when its setup fails
  // (here: its work directory is gone), or the worker would take the job for its next command.
  it.each([
    ['a differential', { mode: 'calls', entryPoint: 'add', inputs: [{ format: 'python', args: '(1, 2)' }], inputLimitsMs: [1000], returnArguments: false }],
    ['an isolated assert-style', { mode: 'asserts', tests: ADD_TESTS, isolated: { prompt: 'def add(a, b):\n    pass\n', entryPoint: 'add' } }],
  ] as const)('reports an infrastructure error for %s attempt, and runs the next one', async (_, mode) => {
    const installation = await resolvePythonInstallation();
    const zygote = await Zygote.start({ backend: processBackend, installation, dropsPrivileges: false });
    try {
      const missing = join(tmpdir(), `selfbench-missing-${randomUUID()}`);
      const limits = { memoryBytes: 1 << 30, cpuSeconds: 10, fileBytes: 1 << 20, openFiles: 64, processes: 16 };
      const run = await zygote.site.launch({ workDir: missing, env: scrubbedEnvironment(missing), nonce: 'n', job: { ...mode, program: PROGRAM_FILE, limits }, limits: DEFAULT_LIMITS }, undefined);
      expect(run.infraError).toMatch(/could not set up the attempt/);
      expect(zygote.alive).toBe(true);
      const next = await runAttempt({ program: ADD, tests: ADD_TESTS }, DEFAULT_LIMITS, zygote.site, undefined);
      expect(next.status, JSON.stringify(next)).toBe('passed');
    } finally {
      await zygote.close();
    }
  });
});

describe.runIf(linux)("a worker's start from its script's bytecode (zygote-bytecode.ts)", () => {
  it('is compiled once, by the interpreter, and kept per script', async () => {
    const installation = await resolvePythonInstallation();
    const cacheDir = mkdtempSync(join(tmpdir(), 'selfbench-bytecode-'));
    try {
      const bytecode = new ZygoteBytecode(cacheDir, ZYGOTE_SCRIPT, installation);
      expect(bytecode.read(), 'nothing kept yet: compiled meanwhile').toBeUndefined();
      await bytecode.compiled();
      const magic = spawnSync(installation.executable, ['-S', '-c', 'import importlib.util, sys; sys.stdout.write(importlib.util.MAGIC_NUMBER.hex())'], { encoding: 'utf8' });
      expect(bytecode.read()?.subarray(0, 4).toString('hex')).toBe(magic.stdout);
      const other = new ZygoteBytecode(cacheDir, `${ZYGOTE_SCRIPT}\n`, installation);
      expect(other.read(), 'another script, another file').toBeUndefined();
      await other.compiled();
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('starts later workers from it, which grade as before and leave no bytecode in their directories', async () => {
    await executor({ pool: true }); // its first worker waited for the bytecode to be kept
    const fromBytecode = await executor({ pool: true, concurrency: 1 });
    expect((await fromBytecode.run({ program: ADD, tests: ADD_TESTS })).status).toBe('passed');
    const started = processTable()
      .map((entry) => new RegExp(`(/\\S*/selfbench-pool-${process.pid}-[^/]+)/${WORKER_BYTECODE_FILE} `).exec(entry.commandLine)?.[1])
      .filter((dir) => dir !== undefined);
    expect(started.length).toBeGreaterThan(0);
    for (const dir of started) expect(existsSync(join(dir, WORKER_BYTECODE_FILE)), dir).toBe(false);
  });
});

/** A program that starts a `sleep` named `marker`, then runs `rest` (by default: takes a second and passes). */
function sleeperProgram(rest = `import time\ntime.sleep(1)\n${ADD}`): { program: string; marker: string } {
  const marker = `selfbench-pool-${randomUUID()}`;
  const program = `import subprocess\nsubprocess.Popen([${JSON.stringify(marker)}, "60"], executable="sleep")\n${rest}`;
  return { program, marker };
}

/** Waits until a process named `marker` runs, then SIGKILLs the zygote it descends from. */
async function killWorkerDuringAttempt(marker: string): Promise<void> {
  const zygote = await workerRunning(marker);
  process.kill(zygote, 'SIGKILL');
  await waitUntil(() => !processTable().some((entry) => entry.pid === zygote));
}

/**
 * The pid of the zygote whose attempt runs a process named `marker`, once one does. Generous: on a loaded
 * machine a replacement worker can take seconds to start before the attempt runs again on it.
 */
async function workerRunning(marker: string): Promise<number> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const table = processTable();
    // Every match: the sleeper of an attempt whose worker was just killed may linger, orphaned, beside the new one.
    for (const sleeper of table.filter((entry) => entry.commandLine.includes(marker))) {
      const zygote = zygoteAbove(sleeper.pid, table);
      if (zygote !== undefined) return zygote;
    }
    await sleep(25);
  }
  throw new Error(`no attempt with ${marker} started`);
}

/**
 * Attempts are forks of their zygote, so it is the topmost ancestor still running the zygote's script (with bwrap,
 * the bwrap that started it), a child of this process: not a worker killed a moment ago whose processes are still
 * dying, orphaned (re-parented away from this process), which a second kill must not take for the new one.
 */
function zygoteAbove(pid: number, table: ProcessEntry[]): number | undefined {
  const byPid = new Map(table.map((entry) => [entry.pid, entry]));
  let zygote: ProcessEntry | undefined;
  for (let entry = byPid.get(pid); entry !== undefined; entry = byPid.get(entry.parent)) {
    if (entry.commandLine.includes(ZYGOTE_MARK)) zygote = entry;
    else if (zygote !== undefined) break;
  }
  return zygote?.parent === process.pid ? zygote.pid : undefined;
}

async function leftovers(marker: string): Promise<string[]> {
  let found: string[] = [];
  await waitUntil(() => {
    found = processTable().filter((entry) => entry.commandLine.includes(marker)).map((entry) => entry.commandLine);
    return found.length === 0;
  });
  return found;
}

/** SIGKILL lands asynchronously: polls for up to 5 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 50 && !condition(); attempt++) await sleep(100);
}
