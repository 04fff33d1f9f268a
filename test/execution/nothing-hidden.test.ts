import { randomInt, randomUUID } from 'node:crypto';
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

/**
 * Assert-style hidden tests run apart from the program (isolated_tests.py), and the program's process is forked
 * before its attempt reads the job, from a worker that never holds one and zeroes what it relays: its own memory
 * holds no expected value, not even after an earlier attempt at the same task failed the tests in that worker
 * (whose record, "expected …, got None", passed through it).
 */
const codeWord = `WORD-${randomInt(1e9)}`;
/**
 * Padding in the tests, so that the job's length (nonce and job) falls in a range of its own, between these: nothing
 * may hold it either. Between 2^21 and 2^22, where an interpreter holds no constant of its own (at 100–200 kB one
 * run found 131,072).
 */
const padding = 2_200_000 + randomInt(1_000_000);
const jobLengths = [padding, padding + 4096];
const wordPrompt = 'def code_word(x):\n    """Return the code word."""\n';
const wordTask: Task = {
  view: { id: 'word', kind: 'code', language: 'python', prompt: wordPrompt, entryPoint: 'code_word', visibleTests: [], visibleTestSource: 'none' },
  hidden: {
    grading: {
      style: 'asserts',
      tests: [{ name: 'check', code: `# ${'.'.repeat(padding)}\ndef check(candidate):\n    for x, want in [(1, ${JSON.stringify(codeWord)})]:\n        assert candidate(x) == want\n\ncheck(code_word)\n` }],
    },
  },
};
/**
 * Looks for the word's shape in every string and bytes its interpreter's objects reach, and for an int in the range
 * of the job's length among them, then for the word in its heap and anonymous memory, freed parts included (read
 * directly: a process that changed user may not open its /proc/self/mem, and Landlock hides /proc/self/maps);
 * returns what it found, or "nothing". Once: a second scan could touch what the first freed.
 */
const memorySnoop = `import ctypes, gc, re

FOUND = []

${wordPrompt}    if not FOUND:
        FOUND.append(look())
    return FOUND[0]

def look():
    shape = re.compile("WORD" + "-([0-9]+)")  # built at run time: this program's own text holds no word
    things, seen = gc.get_objects(), set()
    while things:  # what the collector tracks, and the containers it does not (a dict of strings) below them
        thing = things.pop()
        if id(thing) in seen:
            continue
        seen.add(id(thing))
        if type(thing) is int and ${jobLengths[0]} < thing < ${jobLengths[1]}:  # not the bounds: its own constants
            return "a length of %d" % thing
        if isinstance(thing, (str, bytes)):
            found = shape.search(thing.decode("latin-1") if isinstance(thing, bytes) else thing)
            if found:
                return "WORD-" + found.group(1)
        elif isinstance(thing, (dict, list, tuple, set, frozenset)) or gc.is_tracked(thing):
            things.extend(gc.get_referents(thing))
    try:
        with open("/proc/self/maps") as maps:
            regions = [line.split() for line in maps]
    except OSError:
        regions = []
    for fields in regions:
        low, high = (int(bound, 16) for bound in fields[0].split("-"))
        if fields[1].startswith("r") and (len(fields) == 5 or fields[5] in ("[heap]", "[stack]")):
            found = shape.search(ctypes.string_at(low, high - low).decode("latin-1"))
            if found:
                return "WORD-" + found.group(1)
    return "nothing"
`;

describe("isolated assert-style grading: the program's process holds nothing of the tests", () => {
  it.each([...setups.keys()])('%s', async (setup) => {
    const { grader } = setups.get(setup)!;
    const wrong = await grader.grade(wordTask, `${wordPrompt}    return None\n`);
    expect(wrong.tests[0]?.error).toContain(codeWord); // the record that passed through the worker
    const grade = await grader.grade(wordTask, memorySnoop);
    expect(grade.passed).toBe(false);
    expect(grade.tests[0]?.error).toContain(`got 'nothing'`);
  });
});
