import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestCase } from '../../src/datasets/task.js';
import type { ExecutionResult } from '../../src/execution/types.js';
import { createExecutor } from '../../src/execution/sandbox.js';
import { describeSandbox, SANDBOX_NAMES, type SandboxName } from '../../src/execution/sandbox/sandbox-description.js';
import type { ExecutionLimits, Executor } from '../../src/execution/types.js';
import { HangLimit } from '../support/hang-limit.js';
import { leftoversOf } from '../support/leftovers.js';

/**
 * Programs that attack the machine, run through every back-end this machine has, each both with a fresh
 * interpreter per run and through the pool of warm workers. Each must end with the right status, leave no
 * process behind and leave the next run working; where a back-end claims to isolate something
 * (describeSandbox), the attack must have failed, and where it does not, the description must say so. Set
 * SELFBENCH_TEST_REQUIRE_SANDBOX=bwrap (comma-separated) to fail instead of skipping when a back-end is
 * unavailable, as CI does.
 */

const ADD = 'def add(a, b):\n    return a + b\n';
const ADD_TESTS: TestCase[] = [{ name: 'add', code: 'assert add(1, 2) == 3' }];
const required = (process.env.SELFBENCH_TEST_REQUIRE_SANDBOX ?? '').split(',').filter(Boolean);
const linux = process.platform === 'linux';
const MODES = ['single', 'pool'] as const;
type Mode = (typeof MODES)[number];
const setupKey = (name: SandboxName, mode: Mode): string => `${name} ${mode}`;

const executors = new Map<string, Executor>();
const unavailable = new Map<string, string>();
if (linux) {
  for (const name of SANDBOX_NAMES) {
    for (const mode of MODES) {
      try {
        // One worker, so that each run meets what the run before it may have left.
        const executor = await createExecutor({ sandbox: name, pool: mode === 'pool', concurrency: 1 });
        if (executor.pooled === (mode === 'pool')) executors.set(setupKey(name, mode), executor);
        else unavailable.set(setupKey(name, mode), 'the worker pool does not work here (see the warning above)');
      } catch (error) {
        unavailable.set(setupKey(name, mode), error instanceof Error ? error.message : String(error));
      }
    }
  }
}

/** Outside every run's work directory; world-writable, so only the sandbox can stop a write. */
let tmpCanary: string;
let homeCanary: string;
let homeKeep: string;
/** A process whose environment holds a secret, for programs that read /proc/<pid>/environ. */
let secretHolder: ChildProcess;
const secret = `sk-hostile-${randomUUID()}`;
let listener: Server;
let connections = 0;

beforeAll(async () => {
  tmpCanary = mkdtempSync(join(tmpdir(), 'selfbench-canary-'));
  homeCanary = mkdtempSync(join(homedir(), '.selfbench-canary-'));
  homeKeep = join(homeCanary, 'keep.txt');
  for (const dir of [tmpCanary, homeCanary]) chmodSync(dir, 0o777);
  secretHolder = spawn('sleep', ['600'], { env: { PATH: process.env.PATH, OPENAI_API_KEY: secret }, stdio: 'ignore' });
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
});

beforeEach(() => {
  connections = 0;
  writeFileSync(homeKeep, 'keep');
  chmodSync(homeKeep, 0o666);
  process.env.OPENAI_API_KEY = secret;
});

afterAll(async () => {
  await Promise.all([...executors.values()].map((executor) => executor.close?.()));
  delete process.env.OPENAI_API_KEY;
  secretHolder?.kill('SIGKILL');
  await new Promise((resolve) => listener?.close(resolve));
  for (const dir of [tmpCanary, homeCanary]) if (dir) rmSync(dir, { recursive: true, force: true });
});

it.runIf(linux)('has every back-end this machine is required to have, with and without the pool', () => {
  for (const name of required) {
    for (const mode of MODES) expect(unavailable.get(setupKey(name as SandboxName, mode)), `${name} ${mode} is required`).toBeUndefined();
  }
});

for (const [name, mode] of SANDBOX_NAMES.flatMap((name) => MODES.map((mode) => [name, mode] as const))) {
  const executor = executors.get(setupKey(name, mode));
  const reason = unavailable.get(setupKey(name, mode));
  const setup = mode === 'pool' ? `${name} through the worker pool` : name;
  const title = executor ? `hostile programs on ${setup}` : `hostile programs on ${setup} — SKIPPED: ${reason ?? 'not Linux'}`;
  const isolates = describeSandbox(name, executor?.landlockAbi);

  describe.skipIf(executor === undefined)(title, () => {
    /** Timed by the runs after each attack: the programs meant to spin come last, when there are some. */
    const hangLimit = new HangLimit();

    /** Runs `body` after a prelude that prints the work dir and defines `sleeper()`; checks no process outlives the run and the next run passes. */
    async function hostile(body: string, tests: TestCase[] = ADD_TESTS, limits?: Partial<ExecutionLimits>): Promise<ExecutionResult> {
      if (executor === undefined) throw new Error('unreachable: the block is skipped');
      const marker = `selfbench-hostile-${randomUUID()}`;
      const prelude = [
        'import os, subprocess, sys',
        'print(os.getcwd(), flush=True)',
        `MARKER = ${JSON.stringify(marker)}`,
        'def sleeper(**options):',
        '    return subprocess.Popen([MARKER, "60"], executable="sleep", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options)',
        '',
      ].join('\n');
      const result: ExecutionResult = await executor.run({ program: prelude + body, tests, limits });
      const workDir = result.stdout.split('\n')[0] ?? '';
      expect(workDir).toMatch(/selfbench-run-/);
      expect(await leftoversOf(marker, workDir)).toEqual([]);
      expect(existsSync(workDir)).toBe(false);
      const next = await executor.run({ program: ADD, tests: ADD_TESTS });
      expect(next.status).toBe('passed');
      hangLimit.saw(next);
      return result;
    }

    it('a 4 GB allocation is a memory failure', async () => {
      const result = await hostile('def grow():\n    return len(bytearray(4 * 1024 ** 3))\n', [{ name: 'grow', code: 'assert grow() > 0' }]);
      expect(result.status).toBe('memory');
    });

    it('a bounded fork bomb is cut short by the process limit (bwrap) and leaves no child behind', async () => {
      const body = [
        'children = []',
        'for _ in range(150):',
        '    try:',
        '        children.append(sleeper())',
        '    except OSError:',
        '        break',
        'print("spawned", len(children), flush=True)',
        ADD,
      ].join('\n');
      const result = await hostile(body);
      expect(result.status).toBe('passed');
      const spawned = Number(/spawned (\d+)/.exec(result.stdout)?.[1]);
      // Elsewhere, as root with an interpreter only root can read, user code stays root, which RLIMIT_NPROC ignores.
      if (name === 'bwrap') expect(spawned).toBeLessThan(150);
    });

    it('children that call setsid or double-fork do not survive a passing run', async () => {
      const body = [
        'sleeper(start_new_session=True)',
        'if os.fork() == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        '        os.execvp("sleep", [MARKER, "60"])',
        '    os._exit(0)',
        ADD,
      ].join('\n');
      expect((await hostile(body)).status).toBe('passed');
    });

    it('a 300 MB print flood is stopped at the output limit', async () => {
      const body = 'chunk = "x" * 1023 + "\\n"\nfor _ in range(300 * 1024):\n    sys.stdout.write(chunk)\n';
      const result = await hostile(body);
      expect(result.status).toBe('output-limit');
      expect(result.stdout.length).toBeLessThan(70_000);
    });

    it('cannot write outside its work directory (absolute paths under /tmp and the real home)', async () => {
      const targets = [join(tmpCanary, 'escaped.txt'), join(homeCanary, 'escaped.txt')];
      const body = [
        `for path in ${JSON.stringify(targets)}:`,
        '    try:',
        '        with open(path, "w") as out:',
        '            out.write("escaped")',
        '        print("wrote", path)',
        '    except OSError as error:',
        '        print("blocked", path, type(error).__name__)',
        ADD,
      ].join('\n');
      const result = await hostile(body);
      expect(result.status).toBe('passed');
      const escaped = targets.filter((target) => existsSync(target));
      for (const target of escaped) rmSync(target);
      if (isolates.isolatesFileSystem) expect(escaped).toEqual([]);
      else expect(isolates.doesNotProtect).toMatch(/does NOT isolate[^.]*file system/);
    });

    it('cannot read a secret from its environment or from /proc/<pid>/environ', async () => {
      const pids = [secretHolder.pid, process.pid];
      const body = [
        'import json',
        'seen = {"environment": os.environ.get("OPENAI_API_KEY")}',
        `for pid in ${JSON.stringify(pids)} + [os.getppid()]:`,
        '    try:',
        '        with open("/proc/%d/environ" % pid, "rb") as source:',
        '            seen[pid] = [entry.decode() for entry in source.read().split(b"\\0") if entry.startswith(b"OPENAI_API_KEY=")]',
        '    except OSError as error:',
        '        seen[pid] = type(error).__name__',
        'print(json.dumps(seen), flush=True)',
        ADD,
      ].join('\n');
      const result = await hostile(body);
      expect(result.status).toBe('passed');
      expect(result.stdout).toContain('"environment": null'); // the scrubbed environment: every back-end
      // Landlock hides /proc, where another process's environment is read.
      if (isolates.isolatesProcesses || executor?.landlockAbi !== undefined) expect(result.stdout).not.toContain(secret);
      else expect(isolates.doesNotProtect).toMatch(/read their environment/);
    });

    it('cannot open a network connection to a listener on 127.0.0.1', async () => {
      const port = (listener.address() as { port: number }).port;
      const body = [
        'import socket',
        'try:',
        `    socket.create_connection(("127.0.0.1", ${port}), timeout=3).close()`,
        '    print("connected", flush=True)',
        'except OSError as error:',
        '    print("no connection:", type(error).__name__, flush=True)',
        ADD,
      ].join('\n');
      const result = await hostile(body);
      expect(result.status).toBe('passed');
      if (isolates.isolatesNetwork) {
        expect(result.stdout).toContain('no connection:');
        expect(connections).toBe(0);
      } else {
        expect(isolates.doesNotProtect).toMatch(/does NOT isolate the network/);
      }
    });

    it.each([
      ['sys.exit(0)', 'sys.exit(0)'],
      ['os._exit(0)', 'os._exit(0)'],
    ])('%s before the tests run is a crash, not a pass', async (_label, exit) => {
      const result = await hostile(`${ADD}sleeper(start_new_session=True)\n${exit}\n`);
      expect(result.status).toBe('crashed');
      expect(result.passedCount).toBe(0);
    });

    it('replacing check, builtins.exec/compile or the harness functions cannot fake a pass', async () => {
      const body = [
        'import builtins, __main__',
        'def add(a, b):',
        '    return 0',
        'def check(candidate):',
        '    pass',
        'builtins.check = check',
        'builtins.exec = lambda *args, **kwargs: None',
        'builtins.compile = lambda *args, **kwargs: None',
        '__main__.run_test = lambda *args: None',
        '__main__.main = lambda: None',
      ].join('\n');
      const result = await hostile(`${body}\n`, [{ name: 'check', code: 'def check(candidate):\n    assert candidate(1, 2) == 3\ncheck(add)' }]);
      expect(result.status).toBe('failed');
      expect(result.passedCount).toBe(0);
    });

    it('deleting files in HOME only deletes its own throw-away home', async () => {
      const body = [
        'import shutil',
        'home = os.path.expanduser("~")',
        'if home.startswith(os.getcwd() + os.sep):',
        '    shutil.rmtree(home)',
        'else:',
        '    print("HOME is outside the work directory:", home, flush=True)',
        'try:',
        `    os.remove(${JSON.stringify(homeKeep)})`,
        'except OSError as error:',
        '    print("kept", type(error).__name__)',
        ADD,
      ].join('\n');
      const result = await hostile(body);
      expect(result.status).toBe('passed');
      expect(result.stdout).not.toContain('HOME is outside');
      if (isolates.isolatesFileSystem) expect(existsSync(homeKeep)).toBe(true);
    });

    it('what one run changes (globals, builtins, modules, environment, files, SysV IPC) does not reach the next', async () => {
      const tmpFile = `/tmp/selfbench-leak-${randomUUID()}`;
      const sysV = 'import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nKEY = 0x5E1FBE';
      const pollute = [
        'import builtins, math',
        sysV,
        'builtins.len = lambda value: 0',
        'builtins.LEAKED = True',
        'math.LEAKED = True',
        'sys.modules["leaked"] = sys',
        'os.environ["LEAKED"] = "1"',
        'for path in ("leak.txt", os.path.expanduser("~/leak.txt"), ' + JSON.stringify(tmpFile) + '):',
        '    try:',
        '        with open(path, "w") as out:',
        '            out.write("leak")',
        '    except OSError as error:',
        '        print("not written:", path, error, flush=True)  # where the back-end closes the file system',
        'print("shm", libc.shmget(KEY, 4096, 0o1000 | 0o666), flush=True)  # IPC_CREAT',
        ADD,
      ].join('\n');
      expect((await hostile(pollute)).status).toBe('passed');
      const check = [
        'import builtins, math, os, sys',
        sysV,
        'shm = libc.shmget(KEY, 0, 0)',
        'if shm >= 0:',
        '    libc.shmctl(shm, 0, None)  # IPC_RMID: not left on the machine',
        'leaks = {',
        '    "builtins.len": len([1]) != 1,',
        '    "builtins attribute": hasattr(builtins, "LEAKED"),',
        '    "module attribute": hasattr(math, "LEAKED"),',
        '    "sys.modules": "leaked" in sys.modules,',
        '    "environment": "LEAKED" in os.environ,',
        '    "work directory file": os.path.exists("leak.txt") or os.path.exists(os.path.expanduser("~/leak.txt")),',
        '    "/tmp file": os.path.exists(' + JSON.stringify(tmpFile) + '),',
        '    "SysV shared memory": shm >= 0,',
        '}',
        'print("leaked:", sorted(name for name, leaked in leaks.items() if leaked))',
        ADD,
      ].join('\n');
      const result = await executor!.run({ program: check, tests: ADD_TESTS });
      rmSync(tmpFile, { force: true });
      expect(result.status).toBe('passed');
      // The file system and SysV IPC are the host's, shared by every run, where the back-end does not isolate them.
      const shared = [...(isolates.isolatesFileSystem ? [] : ["'/tmp file'"]), ...(isolates.isolatesProcesses ? [] : ["'SysV shared memory'"])];
      expect(result.stdout.trim()).toBe(`leaked: [${shared.join(', ')}]`);
    });

    // Last, timed by the runs before them (hang-limit.ts).
    it('an infinite loop times out, is re-run alone once, and its children die with it', async () => {
      const result = await hostile('sleeper()\nwhile True:\n    pass\n', ADD_TESTS, { timeoutMs: hangLimit.ms });
      expect(result.status).toBe('timeout');
      expect(result.rerunAfterTimeout).toBe(true);
    });

    it('a loop that swallows BaseException and ignores signals still times out', async () => {
      const body = [
        'import signal',
        'for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):',
        '    signal.signal(sig, signal.SIG_IGN)',
        'sleeper()',
        'while True:',
        '    try:',
        '        while True:',
        '            pass',
        '    except BaseException:',
        '        pass',
      ].join('\n');
      const result = await hostile(`${body}\n`, ADD_TESTS, { timeoutMs: hangLimit.ms });
      expect(result.status).toBe('timeout');
    });
  });
}
