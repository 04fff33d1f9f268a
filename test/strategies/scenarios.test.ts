import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/types.js';
import { addTask, instance, otherWrong, right, runScripted, verdict, wrong, type Step } from '../support/scripted.js';

const generate = (reply: string | ProviderError): Step => ({ model: 'coder', role: 'generate', reply });
const judgeBy = (model: string) => (reply: string | ProviderError): Step => ({ model, role: 'judge', reply });
const reflect = (reply: string | ProviderError = 'I subtracted instead of adding.'): Step => ({ model: 'coder', role: 'reflect', reply });
const writeTests = (reply: string): Step => ({ model: 'coder', role: 'write-tests', reply });
const down = new ProviderError('http', 'Ollama answered 400: bad request', 400);

describe('one-shot', () => {
  it('generates once', async () => {
    const { record, script } = await runScripted(instance('one-shot'), [generate(right)]);
    expect(script.log).toEqual(['coder:generate:1']);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: true, finalIndex: 0 });
  });

  it('records an infrastructure error as an error stop, not a failed answer', async () => {
    const { record } = await runScripted(instance('one-shot'), [generate(down)]);
    expect(record).toMatchObject({ stopReason: 'error', passed: null, attempts: [] });
    expect(record.error).toContain('400');
    expect(record.calls).toMatchObject([{ ok: false }]);
  });
});

// self-reflection (the generator judges itself) and judge-loop (a separate judge) share every scenario.
describe.each([
  ['self-reflection', instance('self-reflection'), 'coder'],
  ['judge-loop', instance('judge-loop', { judge: 'judge' }), 'judge'],
] as const)('%s', (_, strategy, judgeModel) => {
  const judge = judgeBy(judgeModel);

  it('stops at the threshold on the first try', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), judge(verdict(9))]);
    expect(script.log).toEqual(['coder:generate:1', `${judgeModel}:judge:1`]);
    expect(record).toMatchObject({ stopReason: 'threshold-met', passed: true, feedbackUsed: judgeModel === 'coder' ? 'self-judge' : 'cross-judge' });
    expect(record.attempts[0]?.verdict).toMatchObject({ parse: 'json', score: 9, judge: judgeModel });
  });

  it('reaches the threshold after a retry that sees the issues', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), judge(verdict(4)), generate(right), judge(verdict(8))]);
    expect(script.log).toEqual(['coder:generate:1', `${judgeModel}:judge:1`, 'coder:generate:2', `${judgeModel}:judge:2`]);
    expect(record).toMatchObject({ stopReason: 'threshold-met', passed: true, finalIndex: 1 });
    expect(record.attempts.map((attempt) => attempt.grade?.passed)).toEqual([false, true]);
    const retry = script.requests[2]!;
    expect(retry.messages.at(-2)).toMatchObject({ role: 'assistant', content: wrong });
    expect(retry.messages.at(-1)?.content).toContain('check the operator');
  });

  it('gives up at maxIterations when the threshold is never met', async () => {
    const steps = [generate(wrong), judge(verdict(3)), generate(otherWrong), judge(verdict(5)), generate(right), judge(verdict(6))];
    const { record, script } = await runScripted(strategy, steps);
    expect(script.log).toEqual(['coder:generate:1', `${judgeModel}:judge:1`, 'coder:generate:2', `${judgeModel}:judge:2`, 'coder:generate:3', `${judgeModel}:judge:3`]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 2, passed: true });
  });

  it('re-asks once after an unparseable verdict, then stops with judge-error and no score', async () => {
    const prose = 'This is a pretty good solution overall.';
    const { record, script } = await runScripted(strategy, [generate(right), judge(prose), judge(prose)]);
    expect(script.log).toEqual(['coder:generate:1', `${judgeModel}:judge:1`, `${judgeModel}:judge:1`]);
    expect(record.stopReason).toBe('judge-error');
    expect(record.attempts[0]?.verdict).toMatchObject({ parse: 'failed', replies: [prose, prose] });
    expect(record.attempts[0]?.verdict?.score).toBeUndefined();
  });

  it('accepts a verdict repaired on the re-ask', async () => {
    const { record } = await runScripted(strategy, [generate(right), judge('no json here'), judge(`\`\`\`json\n${verdict(8)}\n\`\`\``)]);
    expect(record.stopReason).toBe('threshold-met');
    expect(record.attempts[0]?.verdict).toMatchObject({ parse: 'repaired', score: 8 });
  });

  it('stops with no-change when the model returns the same code again', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), judge(verdict(2)), generate(wrong)]);
    expect(script.log).toEqual(['coder:generate:1', `${judgeModel}:judge:1`, 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'no-change', finalIndex: 1, passed: false });
  });

  it('stops with error when a model call fails, keeping the attempts so far', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), judge(verdict(2)), generate(down)]);
    expect(script.log).toEqual(['coder:generate:1', `${judgeModel}:judge:1`, 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'error', finalIndex: 0, passed: null });
    expect(record.attempts[0]?.grade?.passed).toBe(false); // graded all the same, for per-attempt metrics
    expect(record.attempts).toHaveLength(1);
  });
});

describe('reflexion with visible tests', () => {
  const strategy = instance('reflexion', { feedback: 'visible-tests' });

  it('stops when the feedback tests pass on the first try', async () => {
    const { record, script } = await runScripted(strategy, [generate(right)]);
    expect(script.log).toEqual(['coder:generate:1']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', strategy: { feedback: 'visible-tests' } });
    expect(record.attempts[0]?.feedback).toMatchObject({ source: 'visible-tests', passed: true });
  });

  it('reflects on the failure and retries with the feedback and the reflection', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), reflect(), generate(right)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:reflect:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: true, finalIndex: 1 });
    expect(record.attempts[0]?.comment).toEqual({ role: 'reflect', text: 'I subtracted instead of adding.' });
    const retry = script.requests[2]!.messages.at(-1)!.content;
    expect(retry).toContain('assert add(1, 2) == 3');
    expect(retry).toContain('expected 3, got -1');
    expect(retry).toContain('I subtracted instead of adding.');
  });

  it('gives up at maxIterations', async () => {
    const steps = [generate(wrong), reflect(), generate(otherWrong), reflect(), generate(code3())];
    const { record, script } = await runScripted(strategy, steps);
    expect(script.log).toEqual(['coder:generate:1', 'coder:reflect:1', 'coder:generate:2', 'coder:reflect:2', 'coder:generate:3']);
    expect(record.stopReason).toBe('max-iterations');
  });

  it('stops with no-change on the same code', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), reflect(), generate(wrong)]);
    expect(record.stopReason).toBe('no-change');
  });

  it('stops with error when the reflection call fails', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), reflect(down)]);
    expect(record).toMatchObject({ stopReason: 'error', passed: null });
  });

  it('falls back to self-written tests on a task without visible tests, and says so', async () => {
    const { record, script } = await runScripted(strategy, [writeTests('```python\nassert add(2, 3) == 5\n```'), generate(right)], addTask({ visible: false }));
    expect(script.log).toEqual(['coder:write-tests:0', 'coder:generate:1']);
    expect(record.attempts[0]?.feedback?.source).toBe('self-tests');
    expect(record.notes).toContain('the task has no visible tests: fell back to self-written tests');
  });
});

describe('reflexion memory', () => {
  it('shows the next try only its last code, that feedback and the reflections in the window', async () => {
    const steps = [generate(wrong), reflect('first reflection'), generate(otherWrong), reflect('second reflection'), generate(right)];
    const { script } = await runScripted(instance('reflexion', { feedback: 'visible-tests', memoryWindow: 1 }), steps);
    const third = JSON.stringify(script.requests[4]!.messages);
    expect(third).toContain('second reflection');
    expect(third).not.toContain('first reflection');
    expect(third).toContain('a * b');
    expect(third).not.toContain('a - b');
    const withTwo = await runScripted(instance('reflexion', { feedback: 'visible-tests', memoryWindow: 2 }), steps);
    expect(JSON.stringify(withTwo.script.requests[4]!.messages)).toContain('first reflection');
  });
});

describe('reflexion without any test to run', () => {
  it('falls back to the visible tests when the model writes none that parse', async () => {
    const { record } = await runScripted(instance('reflexion'), [writeTests('I would test it with a few inputs.'), generate(right)]);
    expect(record.attempts[0]?.feedback?.source).toBe('visible-tests');
    expect(record).toMatchObject({ strategy: { feedback: 'self-tests' }, feedbackUsed: 'visible-tests' });
    expect(record.notes).toContain('the model wrote no test that parses: fell back to the visible tests');
  });

  it('keeps its first answer, counted in pass@1, stopping with no-feedback (never "tests-passed", never skipped) when there is no test at all', async () => {
    const noTests = addTask({ visible: false });
    for (const [answer, passed] of [[right, true], [wrong, false]] as const) {
      const { record, script } = await runScripted(instance('reflexion'), [writeTests('No tests, sorry.'), generate(answer)], noTests);
      expect(script.log).toEqual(['coder:write-tests:0', 'coder:generate:1']);
      expect(record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed, feedbackUsed: 'none' });
      // The first generation is every strategy's: the same request as one-shot's, so the same answer and the same pass@1.
      const oneShot = await runScripted(instance('one-shot'), [generate(answer)], noTests);
      expect(script.requests[1]!.messages).toEqual(oneShot.script.requests[0]!.messages);
      expect(oneShot.record.passed).toBe(passed);
    }
  });
});

describe('reflexion with self-written tests (the default, as in the paper)', () => {
  it('writes tests first, keeps those that parse, and uses them as feedback', async () => {
    const tests = '```python\nassert add(1, 1) == 2\nassert add(0, 0) == 0\nassert add(1,, 2) == 3\nassert add(5, 5) == 10\n```';
    const { record, script } = await runScripted(instance('reflexion'), [writeTests(tests), generate(wrong), reflect(), generate(right)]);
    expect(script.log).toEqual(['coder:write-tests:0', 'coder:generate:1', 'coder:reflect:1', 'coder:generate:2']);
    expect(record.selfTests).toEqual(['assert add(1, 1) == 2', 'assert add(0, 0) == 0', 'assert add(5, 5) == 10']);
    expect(record.notes).toContain('1 self-written tests did not parse and were dropped');
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: true, strategy: { feedback: 'self-tests' } });
  });

  it('can stop on self-tests that pass while the hidden tests fail (a false positive the metrics count)', async () => {
    const { record } = await runScripted(instance('reflexion'), [writeTests('assert add(0, 0) == 0'), generate(wrong)]);
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: false });
    expect(record.attempts[0]?.feedback?.passed).toBe(true);
  });
});

describe('reflexion-oracle', () => {
  it('gets the hidden tests as feedback, and is labelled oracle', async () => {
    const { record, script } = await runScripted(instance('reflexion-oracle'), [generate(wrong), reflect(), generate(right)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:reflect:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: true, strategy: { feedback: 'oracle' } });
    expect(record.attempts[0]?.feedback?.source).toBe('oracle');
  });
});

function code3(): string {
  return right.replace('a + b', 'b + a - 1');
}
