import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/datasets/task.js';
import { createGrading, type Grading } from '../../src/execution/grading.js';
import { processGrader } from '../support/grading.js';

/**
 * Assert-style hidden tests (a dataset's `check` that is not calls on literals) run in a process of their own,
 * on the prompt's definitions, calling the program's entry point in the program's process over a pipe. The
 * attacks that passed when the tests ran inside the program's process must fail here, on the process pool
 * and on the strongest back-end this machine has.
 */
const prompt =
  'import math\n\n' +
  'def helper(x: float) -> float:\n    """The square of x (given, used by the tests)."""\n    return x * x\n\n' +
  'def solve(xs: list, n: int) -> int:\n    """Sum of the first n items; ValueError when n < 0; xs is not modified."""\n';
const right = `${prompt}    if n < 0:\n        raise ValueError("n < 0")\n    return sum(xs[:n])\n`;
const check = [
  'def check(candidate):',
  '    import random',
  '    rng = random.Random(7)',
  '    for _ in range(20):',
  '        xs = [rng.randint(-50, 50) for _ in range(rng.randint(0, 8))]',
  '        n = rng.randint(0, 9)',
  '        kept = list(xs)',
  '        assert candidate(xs, n) == sum(kept[:n])',
  '        assert xs == kept',
  '    assert math.fabs(helper(candidate([3], 1)) - 9.0) < 1e-9',
  '    try:',
  '        candidate([1], -1)',
  '    except ValueError:',
  '        pass',
  '    else:',
  '        assert False, "expected ValueError"',
  '',
  'check(solve)',
].join('\n');
const task: Task = {
  view: { id: 'isolated', kind: 'code', language: 'python', prompt, entryPoint: 'solve', visibleTests: [], visibleTestSource: 'none' },
  hidden: { grading: { style: 'asserts', tests: [{ name: 'check', code: check }] } },
};
const body = (text: string) => `${prompt}${text}`;

/** Raises what the tests expect for a negative n, so that each attack below only has to forge the rest. */
const guarded = (rest: string) => body(`    if n < 0:\n        raise ValueError("n < 0")\n${rest}`);

/**
 * Each must fail. The first four pass when the tests run inside the program's process (each forges what the
 * tests compare), so they are what isolation is for; the others check that the separation itself holds.
 */
const ATTACKS: Record<string, string> = {
  'returns an object equal to everything (and usable in arithmetic)': guarded(
    '    class Anything:\n        def __eq__(self, other):\n            return True\n        def __mul__(self, other):\n            return self\n' +
      '        __rmul__ = __sub__ = __mul__\n        def __float__(self):\n            return 0.0\n    return Anything()\n',
  ),
  'patches sum and math.fabs for everyone in its process': guarded('    import builtins, math\n    builtins.sum = lambda *a, **k: 0\n    math.fabs = lambda x: 0.0\n    return 0\n'),
  "redefines the prompt's helper the tests use": `${prompt}    if n < 0:\n        raise ValueError()\n    return 4 if xs == [3] else sum(xs[:n])\n\ndef helper(x):\n    return 9.0\n`,
  'steals the nonce from the reporter and forges a pass on the result pipe': guarded(
    [
      '    import gc, json, os, re',
      '    for f in gc.get_objects():',
      '        if callable(f) and getattr(f, "__name__", "") == "report" and getattr(f, "__closure__", None):',
      '            for cell in f.__closure__:',
      '                try:',
      '                    value = cell.cell_contents',
      '                except ValueError:',
      '                    continue',
      '                if isinstance(value, str) and re.fullmatch("[0-9a-f]{32}", value):',
      '                    for index, name in ((-1, "solution.py"), (0, "check")):',
      '                        os.write(3, (json.dumps({"nonce": value, "index": index, "name": name, "ok": True}) + "\\n").encode())',
      '                    os._exit(0)',
      '    return 0',
      '',
    ].join('\n'),
  ),
  'shadows the modules the tests import with files in its work directory': guarded(
    '    for name in ("random", "math"):\n        with open(name + ".py", "w") as f:\n' +
      '            f.write("def fabs(x):\\n    return 0.0\\nclass Random:\\n    def __init__(self, seed):\\n        pass\\n    def randint(self, a, b):\\n        return 0\\n")\n' +
      '    import importlib, sys\n    for name in ("random", "math"):\n        sys.modules.pop(name, None)\n    sys.path.insert(0, ".")\n    importlib.invalidate_caches()\n    return 0\n',
  ),
  'writes to the result pipe through its parent': guarded(
    '    import os, json\n    try:\n        fd = os.open("/proc/%d/fd/3" % os.getppid(), os.O_WRONLY)\n        os.write(fd, b"{}\\n")\n    except OSError:\n        pass\n    return 0\n',
  ),
  'kills the process that runs the tests': body('    import os, signal\n    os.kill(os.getppid(), signal.SIGKILL)\n    return sum(xs[:n])\n'),
  'changes its argument': guarded('    total = sum(xs[:n])\n    xs.clear()\n    return total\n'),
  'raises the wrong exception': body('    if n < 0:\n        raise TypeError("n < 0")\n    return sum(xs[:n])\n'),
};

function checks(name: string, grading: () => Promise<Pick<Grading, 'grader'>>) {
  describe(`isolated assert-style grading, ${name}`, () => {
    it('passes the right answer, and one that raises a subclass of the expected exception', async () => {
      const { grader } = await grading();
      const grade = await grader.grade(task, right);
      expect(grade.passed, JSON.stringify(grade.tests)).toBe(true);
      const subclass = await grader.grade(task, right.replace('raise ValueError("n < 0")', 'raise type("Negative", (ValueError,), {})("n < 0")'));
      expect(subclass.passed, JSON.stringify(subclass.tests)).toBe(true);
    });

    it('fails `return None` and a program that does not load', async () => {
      const { grader } = await grading();
      expect((await grader.grade(task, body('    return None\n'))).passed).toBe(false);
      const broken = await grader.grade(task, body('    return (\n'));
      expect(broken.passed).toBe(false);
      expect(broken.tests[0]?.error).toMatch(/SyntaxError/);
    });

    it.each(Object.entries(ATTACKS))('does not pass a program that %s', async (_, program) => {
      const { grader } = await grading();
      const grade = await grader.grade(task, program);
      expect(grade.passed, JSON.stringify(grade.tests)).toBe(false);
    });
  });
}

// One grader per setup for the whole file, as a run has: its workers start once.
const processPool = processGrader();
checks('process pool', async () => ({ grader: processPool }));
let strongest: Promise<Grading> | undefined;
checks('strongest back-end', () => (strongest ??= createGrading({ concurrency: 2 })));
let processGrading: Promise<Grading> | undefined;
afterAll(async () => {
  await Promise.all([strongest, processGrading].map(async (grading) => (await grading)?.close()));
});

/** Where the regression cases below run: the process back-end one attempt at a time, and the strongest back-end here. */
const SETUPS = [
  ['process', 'process'],
  ['strongest back-end', undefined],
] as const;
function gradingOn(sandbox: 'process' | undefined): Promise<Grading> {
  return sandbox === 'process' ? (processGrading ??= createGrading({ concurrency: 1, sandbox })) : (strongest ??= createGrading({ concurrency: 2 }));
}

/** From a hostile review: tests whose checks isolation must not weaken (each passes a wrong program otherwise). */
const totalPrompt = 'def total(xs: list) -> int:\n    """Return the sum of xs. xs must not be modified."""\n';
const totalTask = (code: string): Task => ({
  view: { id: 'total', kind: 'code', language: 'python', prompt: totalPrompt, entryPoint: 'total', visibleTests: [], visibleTestSource: 'none' },
  hidden: { grading: { style: 'asserts', tests: [{ name: 'check', code: `def check(candidate):\n${code}\ncheck(total)\n` }] } },
});
const sorting = `${totalPrompt}    for row in (xs if xs and isinstance(xs[0], list) else [xs]):\n        row.sort()\n    return sum(map(sum, xs)) if xs and isinstance(xs[0], list) else sum(xs)\n`;
const WEAKENED: [string, Task, string][] = [
  ['a keyword argument the program changes', totalTask('    xs = [3, 1, 2]\n    assert candidate(xs=xs) == 6\n    assert xs == [3, 1, 2]'), sorting],
  ['a nested list the test holds on to', totalTask('    grid = [[3, 1], [2]]\n    row = grid[0]\n    assert candidate(grid) == 6\n    assert row == [3, 1]'), sorting],
  [
    'a TypeError the proxy would raise for an argument it cannot send',
    totalTask('    assert candidate([1, 2]) == 3\n    try:\n        candidate(range(3))\n    except TypeError:\n        pass\n    else:\n        raise AssertionError("TypeError expected")'),
    `${totalPrompt}    return sum(xs)\n`,
  ],
  ['StopIteration ending the test\'s own iteration early', totalTask('    cases = [([1], 1), ([1, 2], 3)]\n    assert all(map(lambda c: candidate(c[0]) == c[1], cases))'), `${totalPrompt}    raise StopIteration\n`],
  [
    "the nonce read from the test process's memory (where the program's process runs as root)",
    totalTask('    assert candidate([1, 2]) == 3'),
    `${totalPrompt}    import os, re, json\n    t = os.getppid()\n    try:\n        mem = open("/proc/%d/mem" % t, "rb", 0)\n        found = set()\n` +
      `        for line in open("/proc/%d/maps" % t):\n            lo, hi = (int(x, 16) for x in line.split()[0].split("-"))\n            if "r" not in line.split()[1] or hi - lo > 64 << 20:\n                continue\n` +
      `            try:\n                mem.seek(lo)\n                found.update(re.findall(rb"[0-9a-f]{32}", mem.read(hi - lo)))\n            except OSError:\n                continue\n` +
      `        fd = os.open("/proc/%d/fd/3" % t, os.O_WRONLY)\n        for nonce in found:\n            os.write(fd, (json.dumps({"nonce": nonce.decode(), "index": 0, "name": "check", "ok": True}) + "\\n").encode())\n` +
      `    except OSError:\n        pass\n    return 0\n`,
  ],
];

describe('isolated assert-style grading keeps what the tests check', () => {
  for (const [setup, sandbox] of SETUPS) {
    it.each(WEAKENED)(`${setup}: fails a wrong program on %s`, async (_, weakTask, program) => {
      const grade = await (await gradingOn(sandbox)).grader.grade(weakTask, program);
      expect(grade.passed, JSON.stringify(grade.tests)).toBe(false);
    });
  }
});

/** From a hostile review: a failed assert is explained without calling the program again. */
describe("isolated assert-style grading keeps a failure from the program's sight", () => {
  // A program that saw the failing call made again would know it had failed, and could hang to be run once more,
  // alone, after the timeout: two tries for a program that guesses.
  const luckyPrompt = 'def is_lucky(n: int) -> bool:\n    """Whether n is lucky."""\n';
  const hangsOnRepeat = `${luckyPrompt}    import time\n    if n in SEEN:\n        time.sleep(60)\n    SEEN.append(n)\n    return False\n\nSEEN = []\n`;
  it.each(SETUPS)('%s: answers the explanation from the calls made, and the attempt ends at once', async (_, sandbox) => {
    const { executor } = await gradingOn(sandbox);
    const result = await executor.run({
      program: hangsOnRepeat,
      tests: [{ name: 'check', code: 'def check(candidate):\n    for n in (7,):\n        assert candidate(n) == True\n\ncheck(is_lucky)\n' }],
      isolated: { prompt: luckyPrompt, entryPoint: 'is_lucky' },
      limits: { timeoutMs: 5_000 },
    });
    expect(result.status).toBe('failed');
    expect(result.rerunAfterTimeout).toBeUndefined();
    expect(result.tests[0]?.error).toBe('AssertionError: expected True, got False');
  });
});

describe("isolated assert-style grading's failure messages", () => {
  // The message replays the test's own calls, the newest first: a program that answers each call differently shows
  // what it answered to the failing one.
  const countingPrompt = 'def echo(n: int) -> int:\n    """n."""\n';
  const drifting = `CALLS = []\n\n${countingPrompt}    CALLS.append(n)\n    return n + len(CALLS) - 1\n`;
  it.each(SETUPS)('%s: show what the failing call returned', async (_, sandbox) => {
    const { executor } = await gradingOn(sandbox);
    const result = await executor.run({
      program: drifting,
      tests: [
        { name: 'first', code: 'def check(candidate):\n    for n in (1,):\n        assert candidate(n) == 1\n\ncheck(echo)\n' },
        { name: 'second', code: 'def check(candidate):\n    for n in (1,):\n        candidate(n)\n        assert candidate(n) == 1\n\ncheck(echo)\n' },
      ],
      isolated: { prompt: countingPrompt, entryPoint: 'echo' },
    });
    expect(result.tests.map((test) => test.error ?? 'passed')).toEqual(['passed', 'AssertionError: expected 1, got 3']);
  });
});

/** From a hostile review: the work directory leaves the test process's path by its real path. */
describe('isolated assert-style grading, with the work directory reached through a symlink', () => {
  const thirdPrompt = 'def third(x: int) -> str:\n    """x / 3 as a fraction, e.g. "1/3"."""\n';
  const thirdTask: Task = {
    view: { id: 'third', kind: 'code', language: 'python', prompt: thirdPrompt, entryPoint: 'third', visibleTests: [], visibleTestSource: 'none' },
    hidden: { grading: { style: 'asserts', tests: [{ name: 'check', code: 'def check(candidate):\n    import fractions\n    assert candidate(1) == str(fractions.Fraction(1, 3))\n\ncheck(third)\n' }] } },
  };
  // fractions: a module no worker has imported before the tests do.
  const shadows = `import os\nwith open(os.path.join(os.getcwd(), "fractions.py"), "w") as f:\n    f.write("def Fraction(*a):\\n    return 'forged'\\n")\n\n${thirdPrompt}    return 'forged'\n`;
  it('does not let the tests import a module the program wrote there (process pool, TMPDIR through a symlink)', async () => {
    const real = mkdtempSync(join(tmpdir(), 'selfbench-real-'));
    const link = `${real}-link`;
    symlinkSync(real, link);
    const tmpdirBefore = process.env.TMPDIR;
    process.env.TMPDIR = link; // where pool workers make their directories: as macOS's /var, a link
    const grading = await createGrading({ sandbox: 'process', pool: true, concurrency: 1 });
    try {
      const right = await grading.grader.grade(thirdTask, `${thirdPrompt}    import fractions\n    return str(fractions.Fraction(x, 3))\n`);
      expect(right.passed, JSON.stringify(right.tests)).toBe(true);
      const forged = await grading.grader.grade(thirdTask, shadows);
      expect(forged.passed, JSON.stringify(forged.tests)).toBe(false);
    } finally {
      if (tmpdirBefore === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdirBefore;
      await grading.close();
      rmSync(link);
      rmSync(real, { recursive: true, force: true });
    }
  });
});
