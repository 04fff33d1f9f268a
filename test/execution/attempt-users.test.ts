import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestCase } from '../../src/datasets/task.js';
import { createExecutor, type ExecutorOptions } from '../../src/execution/sandbox.js';
import { ATTEMPT_UID_RANGE, ATTEMPT_USER_SLOTS, withAttemptUser, type AttemptUser } from '../../src/execution/sandbox/privileges.js';
import type { Executor } from '../../src/execution/types.js';
import { processTable } from '../support/pool-workers.js';

/** Where this user namespace maps the range (root on a host, a VM or a rootful container), each attempt has a user of its own. */
const mapsTheRange = process.platform === 'linux' && /^0\s+0\s+4294967295$/.test(readFileSync('/proc/self/uid_map', 'utf8').trim());

describe.runIf(mapsTheRange)('withAttemptUser', () => {
  it('gives attempts running at once users no other holds, from one block of the range, one more waiting for a user, and a freed user last', async () => {
    const releases: (() => void)[] = [];
    const held: AttemptUser[] = [];
    const holding = Array.from({ length: ATTEMPT_USER_SLOTS }, () =>
      withAttemptUser(async (user) => {
        held.push(user);
        await new Promise<void>((resolve) => releases.push(resolve));
        return user;
      }),
    );
    try {
      await waitFor(() => held.length === ATTEMPT_USER_SLOTS);
      const uids = held.map((user) => user.uid);
      expect(new Set(uids).size).toBe(ATTEMPT_USER_SLOTS);
      const first = Math.min(...uids);
      expect((first - ATTEMPT_UID_RANGE.first) % ATTEMPT_USER_SLOTS, 'a block of its own').toBe(0);
      expect(first).toBeGreaterThanOrEqual(ATTEMPT_UID_RANGE.first);
      expect(Math.max(...uids)).toBeLessThan(ATTEMPT_UID_RANGE.end);
      expect(held.every((user) => user.gid === user.uid)).toBe(true);

      let waiting: AttemptUser | undefined;
      const late = withAttemptUser(async (user) => {
        waiting = user;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(waiting, 'every user is held').toBeUndefined();
      releases[7]?.();
      const freed = await holding[7];
      await late;
      expect(waiting?.uid).toBe(freed?.uid);
      // Users are given again first in, first out: the one freed just now comes after every other.
      releases[3]?.();
      await holding[3];
      const order: number[] = [];
      await Promise.all([1, 2].map(() => withAttemptUser(async (user) => void order.push(user.uid))));
      expect(order).toEqual([freed?.uid, held[3]?.uid]);
    } finally {
      for (const release of releases) release(); // a failure above must not keep the users from the tests below
      await Promise.all(holding);
    }
  });
});

const asRoot = mapsTheRange && process.getuid?.() === 0;
const ADD = 'def add(a, b):\n    return a + b\n';
const ADD_TESTS: TestCase[] = [{ name: 'add', code: 'assert add(1, 2) == 3' }];
/** The process back-end leaves root only where other users can read the interpreter. */
const SYSTEM_PYTHON = '/usr/bin/python3';

/** The strongest back-end, pooled and single. */
const isolating: [string, ExecutorOptions][] = [
  ['strongest back-end, pooled', { concurrency: 2 }],
  ['strongest back-end, single', { pool: false, concurrency: 2 }],
];
/** The process back-end with the interpreter found first, pooled and single, and the strongest back-end. */
const everyWay: [string, ExecutorOptions][] = [
  ['process, pooled', { sandbox: 'process', concurrency: 1 }],
  ['process, single', { sandbox: 'process', pool: false, concurrency: 1 }],
  ...isolating,
];
/** And process, where a system interpreter lets it leave root. */
const setups: [string, ExecutorOptions][] = [
  ...isolating,
  ...(existsSync(SYSTEM_PYTHON) ? ([['process, single', { sandbox: 'process', pool: false, python: SYSTEM_PYTHON }]] as [string, ExecutorOptions][]) : []),
];
const opened: Executor[] = [];
afterAll(() => Promise.all(opened.map((executor) => executor.close?.())));
async function executor(options: ExecutorOptions): Promise<Executor> {
  const created = await createExecutor(options);
  opened.push(created);
  return created;
}

describe.runIf(asRoot)('as root, each attempt runs as a user of its own', () => {
  it.each(setups)('%s: one no attempt running beside it has, never root, under a process limit', async (_, options) => {
    const run = await executor(options);
    const program = [
      'import getpass, json, os, resource, time',
      'started = time.time()',
      'time.sleep(1.5)  # the other attempt runs meanwhile',
      'print(json.dumps([started, time.time(), os.getuid(), os.geteuid(), os.getgid(), os.getgroups(), resource.getrlimit(resource.RLIMIT_NPROC)[0], getpass.getuser()]))',
      ADD,
    ].join('\n');
    const results = await Promise.all([1, 2].map(() => run.run({ program, tests: ADD_TESTS })));
    expect(results.map((result) => result.status)).toEqual(['passed', 'passed']);
    const seen = results.map((result) => JSON.parse(result.stdout) as [number, number, number, number, number, number[], number, string]);
    for (const [, , uid, euid, gid, groups, processLimit, name] of seen) {
      expect(uid).toBeGreaterThanOrEqual(ATTEMPT_UID_RANGE.first);
      expect([euid, gid, groups, name]).toEqual([uid, uid, [], 'selfbench']);
      expect(processLimit).toBeGreaterThan(0);
      expect(processLimit).toBeLessThan(1000);
    }
    const [first, second] = seen.map(([started, ended, uid]) => ({ started, ended, uid }));
    expect(first!.started < second!.ended && second!.started < first!.ended, 'the two attempts ran at the same time').toBe(true);
    expect(first!.uid).not.toBe(second!.uid);
  });

  // Before, every attempt ran as nobody, and RLIMIT_NPROC counts a user's processes on the whole machine: a program
  // holding all the processes it may made the next attempt's own start of a process fail, a right answer failed.
  // On process, the harness counts every process of its user it sees in the host's /proc, nobody's included: there
  // the old shared user did not show it.
  it.each(isolating)("%s: another attempt's processes, and nobody's, never count against its limit", async (_, options) => {
    const run = await executor(options);
    const nobodys = holdNobodysProcesses(80);
    try {
      await waitFor(() => processTable().filter((entry) => entry.commandLine === 'sleep 10 ').length >= 80 || nobodys.some((child) => child.exitCode !== null));
      expect(nobodys.filter((child) => child.exitCode !== null), "nobody's processes started (util-linux setpriv)").toEqual([]);
      const hog = run.run({
        program: [
          'import subprocess, sys, time',
          'held = []',
          'try:',
          '    while len(held) < 200:',
          '        held.append(subprocess.Popen(["sleep", "4.123"]))',
          'except OSError:',
          '    pass',
          'print(len(held), flush=True)',
          'time.sleep(3)',
          ADD,
        ].join('\n'),
        tests: ADD_TESTS,
      });
      let hogEnded = false;
      void hog.finally(() => (hogEnded = true));
      // Until it holds its processes: where it cannot (every attempt as one user, over nobody's), until it ends.
      await waitFor(() => hogEnded || processTable().filter((entry) => entry.commandLine === 'sleep 4.123 ').length > 40);
      const right = await run.run({ program: `import subprocess\nsubprocess.run(["true"], check=True)\n${ADD}`, tests: ADD_TESTS });
      expect(right.status, right.tests[0]?.error ?? right.stderr).toBe('passed');
      const hogged = await hog;
      expect(Number(hogged.stdout.trim()), 'the other attempt held what its limit lets it').toBeGreaterThan(40);
    } finally {
      for (const child of nobodys) child.kill('SIGKILL');
    }
  });
});

describe.runIf(asRoot)('as root, user code holds no capability', () => {
  // Where it cannot leave root (the process back-end with the interpreter under a private home, as /root/.pyenv),
  // it keeps uid 0 but not root's capabilities: no reboot, module loading, raw sockets or tracing.
  const EFFECTIVE = 'import ctypes\n\ndef effective():\n    data = (ctypes.c_uint32 * 6)()\n    ctypes.CDLL(None).capget((ctypes.c_uint32 * 2)(0x20080522, 0), data)\n    return data[0] | data[3] << 32\n';
  const prompt = 'def effective() -> int:\n    """The effective capabilities."""\n';
  it.each(everyWay)('%s: in the program, and in its process of isolated grading', async (_, options) => {
    const run = await executor(options);
    const tests = [{ name: 'none', code: 'assert effective() == 0, hex(effective())' }];
    const inProcess = await run.run({ program: EFFECTIVE, tests });
    expect(inProcess.status, inProcess.tests[0]?.error ?? inProcess.stderr).toBe('passed');
    const isolated = await run.run({ program: EFFECTIVE, tests: [{ name: 'check', code: 'def check(candidate):\n    assert candidate() == 0, hex(candidate())\n\ncheck(effective)\n' }], isolated: { prompt, entryPoint: 'effective' } });
    expect(isolated.status, isolated.tests[0]?.error ?? isolated.stderr).toBe('passed');
  });
});

describe.runIf(process.platform === 'linux')("user code cannot change another process's limits", () => {
  // From a hostile review: on the process back-end user code runs as selfbench's user (or as root without
  // capabilities), which prlimit(2) lets change the limits of selfbench and its pool workers (a worker whose file limit
  // it lowered broke, and ran the attempt again). A seccomp filter refuses it (system_calls.py). RLIMIT_CORE: harmless
  // to this test process should the filter be missing.
  const program = [
    'import resource',
    'def change(pid):',
    '    try:',
    '        resource.prlimit(pid, resource.RLIMIT_CORE, (0, resource.prlimit(pid, resource.RLIMIT_CORE)[1]))',
    '    except OSError as error:',
    '        return type(error).__name__',
    "    return 'changed'",
    'def own():',
    '    import os',
    '    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))',
    '    return resource.prlimit(0, resource.RLIMIT_CORE), resource.prlimit(os.getpid(), resource.RLIMIT_CORE)',
  ].join('\n');
  it.each(everyWay)('%s', async (setup, options) => {
    const run = await executor(options);
    const refused = setup.startsWith('process') ? "'PermissionError'" : "('PermissionError', 'ProcessLookupError')"; // selfbench is out of sight in a PID namespace
    const result = await run.run({ program, tests: [{ name: 'limits', code: `assert change(${process.pid}) in ${refused}, change(${process.pid})\nassert own() == ((0, 0), (0, 0)), own()` }] });
    expect(result.status, result.tests[0]?.error ?? result.stderr).toBe('passed');
  });
});

function holdNobodysProcesses(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '10'], { stdio: 'ignore' }));
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
