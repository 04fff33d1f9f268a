import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallInput, DifferentialTests, Task } from '../../src/datasets/task.js';
import { Oracle } from '../../src/execution/oracle.js';
import { OracleError } from '../../src/execution/oracle-error.js';
import { processGrader } from '../support/grading.js';
import { unconfinedProcessBackend } from '../support/backends.js';
import { Grader } from '../../src/execution/grader.js';
import { createPooledExecutor } from '../../src/execution/pool/worker-pool.js';
import { keepingRecorded, type AttemptResult } from '../../src/execution/process/attempt.js';
import { NO_RESULT } from '../../src/execution/harness/harness.js';
import { createProcessExecutor } from '../../src/execution/process/process-executor.js';

/**
 * What a call must do besides returning the reference's value: raise the exception its input expects (as a test's
 * `try: f(bad) except ValueError: pass else: assert False` does), or leave its arguments as the reference does
 * (a test that the input list is not modified). Graded outside the program's process like return values.
 */
const prompt = 'def first_word(words: list) -> str:\n    """The first word; ValueError when there is none. The list is not modified."""\n';
const reference = `${prompt}    if not words:\n        raise ValueError("no words")\n    return words[0]\n`;
const inputs: CallInput[] = [
  { format: 'python', args: "(['a', 'b'],)", checkArguments: true },
  { format: 'python', args: "(['z'],)", checkArguments: true },
  { format: 'python', args: '([],)', raises: 'ValueError' },
];
const grading: DifferentialTests = { style: 'differential', entryPoint: 'first_word', reference, suites: [{ name: 'base', inputs }], atol: 0, comparison: 'equal' };
const task: Task = {
  view: { id: 'first-word', kind: 'code', language: 'python', prompt, entryPoint: 'first_word', visibleTests: [], visibleTestSource: 'none' },
  hidden: { grading },
};

const grader = processGrader();
const grade = (body: string) => grader.grade(task, `${prompt}${body}`);

describe('expected exceptions and unchanged arguments, graded differentially', () => {
  it('passes the reference, and a program that raises a subclass of the expected exception', async () => {
    expect((await grader.grade(task, reference)).passed).toBe(true);
    const subclass = await grade('    class NoWords(ValueError):\n        pass\n    if not words:\n        raise NoWords()\n    return words[0]\n');
    expect(subclass.passed, subclass.tests[0]?.error).toBe(true);
  });

  it('fails a program that raises another exception, or returns where an exception is expected', async () => {
    const wrongKind = await grade('    return words[0]\n'); // IndexError on []
    expect(wrongKind.passed).toBe(false);
    expect(wrongKind.tests[0]?.error).toMatch(/input 3 of 3, first_word\(\[\]\): IndexError: list index out of range, expected ValueError to be raised/);
    const returns = await grade('    return words[0] if words else ""\n');
    expect(returns.passed).toBe(false);
    expect(returns.tests[0]?.error).toMatch(/returned '', expected ValueError to be raised/);
  });

  it('runs a program again, alone, when one of its calls outruns its time limit, before that counts against it', async () => {
    const hanging = await grade('    while not words:\n        pass\n    return words[0]\n');
    expect(hanging.passed).toBe(false);
    expect(hanging.rerunAfterTimeout).toBe(true); // a busy machine is not the program's fault
    expect(hanging.tests[0]?.error).toMatch(/input 3 of 3, first_word\(\[\]\): timed out after \d+ ms/);
  });

  it('fails a program that returns the right value but changes its argument', async () => {
    const popping = await grade('    if not words:\n        raise ValueError()\n    return words.pop(0)\n');
    expect(popping.passed).toBe(false);
    expect(popping.tests[0]?.error).toMatch(/input 1 of 3, first_word\(\['a', 'b'\]\): it changed its arguments: /);
  });

  it('refuses a reference that does not raise what its input expects, naming the input', async () => {
    const lenient = { ...grading, reference: `${prompt}    return words[0] if words else None\n` };
    const error = await new Oracle(createProcessExecutor(), undefined).expected(lenient).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OracleError);
    expect((error as Error).message).toMatch(/the reference fails on input 3 of 3, first_word\(\[\]\): it returns, where the input expects ValueError/);
  });

  it('never tells the program which exception an input expects, or which inputs are checked for changes', async () => {
    // The job the harness holds in the program's own process: found through the garbage collector, it has only arguments.
    const snoop = await grade(
      '    import gc\n' +
        '    jobs = [o for o in gc.get_objects() if isinstance(o, dict) and "inputs" in o and "entryPoint" in o]\n' +
        '    raise ValueError(repr(sorted({key for job in jobs for case in job["inputs"] for key in case})))\n',
    );
    const messages = snoop.tests.map((test) => test.error ?? '').join('\n');
    expect(messages).toContain("ValueError: ['args', 'format']");
    expect(messages).not.toMatch(/raises|checkArguments/);
  });
});

/** From a hostile review: a timeout's re-run decides only what the timeout took. */
describe("a timeout's re-run", () => {
  // A program that knew it was failing (it saw an assert's call repeated, say) could hang to get a second try. The
  // program here knows it is on its second run by a file outside its work directory (the unconfined back-end's).
  const marks = mkdtempSync(join(tmpdir(), 'selfbench-rerun-'));
  afterAll(() => rmSync(marks, { recursive: true, force: true }));
  const program = (body: string) =>
    `import os\nMARK = ${JSON.stringify(join(marks, randomUUID()))}\nFIRST_RUN = not os.path.exists(MARK)\nopen(MARK, 'w').close()\n\n` +
    `${prompt}    if FIRST_RUN:\n${body}    if not words:\n        raise ValueError()\n    return words[0]\n`;
  /** On its first run, a wrong value for the first input; then it outruns its limit. */
  const wrongThenHangs = `        if words == ['a', 'b']:\n            return 'wrong'\n        while True:\n            pass\n`;
  const unconfined = new Grader(createPooledExecutor(unconfinedProcessBackend, { concurrency: 1 }), { concurrency: 1, oracle: new Oracle(createPooledExecutor(unconfinedProcessBackend, { concurrency: 1 }), undefined) });

  it('keeps the value a call returned in time on the first run', async () => {
    const grade = await unconfined.grade(task, program(wrongThenHangs));
    expect(grade.rerunAfterTimeout).toBe(true);
    expect(grade.passed).toBe(false);
    expect(grade.tests[0]?.error).toMatch(/input 1 of 3, first_word\(\['a', 'b'\]\): expected 'a', got 'wrong'/);
  });

  it("keeps an isolated test the first run failed, even when describing the failure took it past the time limit", async () => {
    // The assert's message evaluates the expected side again (here 2 s): a failure costs more than a pass, and
    // without its verdict recorded first the re-run would decide the test.
    const executor = createPooledExecutor(unconfinedProcessBackend, { concurrency: 1 });
    try {
      const result = await executor.run({
        program: program(`        return 'wrong'\n`),
        tests: [{ name: 'check', code: "def check(candidate):\n    import time\n    def expected():\n        time.sleep(2)\n        return 'a'\n    assert candidate(['a', 'b']) == expected()\n\ncheck(first_word)\n" }],
        isolated: { prompt, entryPoint: 'first_word' },
        limits: { timeoutMs: 3_000 },
      });
      expect(result.rerunAfterTimeout).toBe(true);
      expect(result.tests[0]?.passed).toBe(false);
      expect(result.tests[0]?.error).toBe('AssertionError');
    } finally {
      await executor.close?.();
    }
  });

  it('counts a failure the first run recorded, whatever the re-run ends in', () => {
    // The re-run ending in an infrastructure error (a worker the program broke, say) must not take the trial out of pass@1.
    const brokeDown: AttemptResult = { status: 'infra-error', tests: [{ name: 'a', passed: false, error: 'not run: the worker died' }], passedCount: 0, stdout: '', stderr: 'the worker died', durationMs: 0 };
    expect(keepingRecorded({ tests: [{ name: 'a', passed: false, error: 'AssertionError' }] }, brokeDown).status).toBe('failed');
    expect(keepingRecorded({ tests: [{ name: 'a', passed: false, error: NO_RESULT }] }, brokeDown).status).toBe('infra-error');
  });

  it('keeps a test the first run failed, and takes from the re-run what the first never reached', async () => {
    const executor = createPooledExecutor(unconfinedProcessBackend, { concurrency: 1 });
    try {
      const result = await executor.run({
        program: program(wrongThenHangs),
        tests: [
          { name: 'first', code: "assert first_word(['a', 'b']) == 'a'" },
          { name: 'second', code: "assert first_word(['z']) == 'z'" },
        ],
        limits: { timeoutMs: 1_500 },
      });
      expect(result.rerunAfterTimeout).toBe(true);
      expect(result.tests.map((test) => test.passed)).toEqual([false, true]);
      expect(result.status).toBe('failed');
    } finally {
      await executor.close?.();
    }
  });
});
