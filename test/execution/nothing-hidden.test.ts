import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/datasets/task.js';
import { createGrading, type Grading } from '../../src/execution/grading.js';
import { SANDBOX_NAMES } from '../../src/execution/sandbox/sandbox-description.js';

/**
 * What a candidate's code can read while it is graded differentially: its work directory, every file
 * descriptor it holds, its stdin, its environment and command line, and those of its parent. None of them
 * may hold an expected value or the reference (the candidate reports what it found as its return value, and
 * the grade's message shows it). On every back-end this machine has, with and without the pool.
 */

const expectedMarker = `EXPECTED-${randomUUID()}`;
const referenceMarker = `REFERENCE-${randomUUID()}`;
const prompt = 'def answer(x):\n    """Return the secret."""\n';

const task: Task = {
  view: { id: 'secret', kind: 'code', language: 'python', prompt, entryPoint: 'answer', visibleTests: [], visibleTestSource: 'none' },
  hidden: {
    grading: {
      style: 'differential',
      entryPoint: 'answer',
      reference: `${prompt}    return ${JSON.stringify(expectedMarker)}  # ${referenceMarker}\n`,
      suites: [{ name: 'base', inputs: [{ format: 'python', args: '(1,)' }, { format: 'python', args: '(2,)' }] }],
      atol: 0,
      comparison: 'equal',
    },
  },
};

/** Searches everything it can read for either marker's prefix; returns where it found one, or "nothing". */
const snoop = `
import os, sys

MARKERS = ("EXPECTED" + "-", "REFERENCE" + "-")  # built at run time, so that this program's own text holds neither

def answer(x):
    found = []
    def look(where, data):
        if isinstance(data, bytes):
            data = data.decode("utf-8", "replace")
        if any(marker in data for marker in MARKERS):
            found.append(where)
    def read(path):
        try:
            with open(path, "rb") as f:
                return f.read(1 << 20)
        except OSError:
            return b""
    for root, dirs, files in os.walk(os.getcwd()):
        for name in files:
            look(os.path.join(root, name), read(os.path.join(root, name)))
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc (Landlock): every descriptor number the limit allows
        fds = range(1024)
    for fd in fds:
        try:
            target = os.readlink("/proc/self/fd/%d" % fd)
            look("fd %d -> %s" % (fd, target), target)
        except OSError:
            pass
        try:
            look("fd %d" % fd, os.pread(fd, 1 << 20, 0))  # a file's content from its start, through the descriptor itself
        except OSError:
            pass
    look("stdin", sys.stdin.read() if not sys.stdin.closed else "")
    look("environ", repr(dict(os.environ)))
    look("argv", repr(sys.argv))
    for pid in ("self", str(os.getppid())):
        for part in ("cmdline", "environ"):
            look("/proc/%s/%s" % (pid, part), read("/proc/%s/%s" % (pid, part)))
    return "found in " + ", ".join(found) if found else "nothing"
`;

const setups = new Map<string, Grading>();
for (const name of SANDBOX_NAMES) {
  for (const pool of [false, true]) {
    try {
      setups.set(`${name}${pool ? ' through the pool' : ''}`, await createGrading({ sandbox: name, pool, concurrency: 1 }));
    } catch {
      // not on this machine: the hostile suites say which back-ends are required
    }
  }
}

afterAll(async () => {
  await Promise.all([...setups.values()].map((setup) => setup.close()));
});

describe('nothing hidden is within reach of the candidate', () => {
  it.each([...setups.keys()])('%s', async (setup) => {
    const grade = await setups.get(setup)!.grader.grade(task, snoop);
    expect(grade.passed).toBe(false);
    expect(grade.tests[0]?.error).toContain(`got 'nothing'`);
    // The reference itself passes, so the task is graded for real.
    expect((await setups.get(setup)!.grader.grade(task, task.hidden.grading.style === 'differential' ? task.hidden.grading.reference : '')).passed).toBe(true);
  });
});
