import { describe, expect, it } from 'vitest';
import { addTask, cacheKeyOf, code, coder, down, instance, oneShotFirstRequest, otherWrong, right, runScripted, wrong } from '../support/scripted.js';

const generate = coder('generate');
const explain = coder('explain');
const writeTests = coder('write-tests');
const explanation = 'Line 1 binds a=1, b=2; line 2 returns a - b = -1, but the test expects 3: it subtracts instead of adding.';
const strategy = instance('self-debug');

describe('self-debug on the visible tests (the default, as in the paper)', () => {
  it('stops when the tests pass on the first answer, which is exactly one-shot’s request', async () => {
    const { record, script } = await runScripted(strategy, [generate(right)]);
    expect(script.log).toEqual(['coder:generate:1']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: true, finalIndex: 0, feedbackUsed: 'visible-tests', strategy: { feedback: 'visible-tests' } });
    expect(cacheKeyOf(script.requests[0]!)).toEqual(await oneShotFirstRequest());
  });

  it('explains its code line by line on the failing test, then fixes it with the explanation in the conversation', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), explain(explanation), generate(right)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:explain:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: true, finalIndex: 1 });
    expect(record.attempts[0]?.comment).toEqual({ role: 'explain', text: explanation });
    const [, explaining, fixing] = script.requests;
    // The explanation is asked after the task and the failed code, with the failing test and what it gave.
    expect(explaining!.messages.slice(0, 2)).toEqual(script.requests[0]!.messages);
    expect(explaining!.messages[2]).toEqual({ role: 'assistant', content: wrong });
    const request = explaining!.messages[3]!.content;
    expect(request).toContain('```python\nassert add(1, 2) == 3\n```');
    expect(request).toContain('What it gave: AssertionError: expected 3, got -1');
    expect(request).toContain('line by line');
    // The fix continues that conversation: the explanation stays in it.
    expect(fixing!.messages.slice(0, 4)).toEqual(explaining!.messages);
    expect(fixing!.messages[4]).toEqual({ role: 'assistant', content: explanation });
    expect(fixing!.messages[5]?.content).toContain('Using your explanation, fix the implementation');
  });

  it('traces an exception the same way: what the test gave is the exception', async () => {
    const raising = code('return a // (b - b)');
    const { script } = await runScripted(strategy, [generate(raising), explain(explanation), generate(right)]);
    expect(script.requests[1]!.messages.at(-1)?.content).toMatch(/What it gave: .*ZeroDivisionError/);
  });

  it('gives up at maxIterations, each explanation about the latest code only', async () => {
    const third = code('return b + a - 1');
    const steps = [generate(wrong), explain(explanation), generate(otherWrong), explain('It multiplies.'), generate(third)];
    const { record, script } = await runScripted(strategy, steps);
    expect(script.log).toEqual(['coder:generate:1', 'coder:explain:1', 'coder:generate:2', 'coder:explain:2', 'coder:generate:3']);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: false, finalIndex: 2 });
    const second = JSON.stringify(script.requests[3]!.messages);
    expect(second).toContain('a * b');
    expect(second).toContain('expected 3, got 2');
    expect(second).not.toContain('a - b');
  });

  it('stops with no-change when the fix is the same code', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), explain(explanation), generate(wrong)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:explain:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'no-change', finalIndex: 1, passed: false });
  });

  it('stops with error, out of pass@1, when the explanation call fails', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), explain(down)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:explain:1']);
    expect(record).toMatchObject({ stopReason: 'error', passed: null, finalIndex: 0 });
    expect(record.error).toContain('400');
    expect(record.attempts).toHaveLength(1);
    expect(record.calls.at(-1)).toMatchObject({ ok: false, purpose: { role: 'explain', iteration: 1 } });
  });

  it('stops with error when the fix cannot be generated, keeping the explained attempt', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), explain(explanation), generate(down)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:explain:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'error', passed: null, attempts: [{ comment: { role: 'explain', text: explanation } }] });
  });
});

describe('self-debug without visible tests', () => {
  const noTests = addTask({ visible: false });

  it('falls back to self-written tests, as Reflexion does, and says so', async () => {
    const { record, script } = await runScripted(strategy, [writeTests('assert add(2, 3) == 5'), generate(wrong), explain(explanation), generate(right)], noTests);
    expect(script.log).toEqual(['coder:write-tests:0', 'coder:generate:1', 'coder:explain:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: true, feedbackUsed: 'self-tests' });
    expect(script.requests[2]!.messages.at(-1)?.content).toContain('assert add(2, 3) == 5');
    expect(record.notes).toContain('the task has no visible tests: fell back to self-written tests');
  });

  it('keeps its first answer, counted, stopping with no-feedback when the model writes no test that parses either', async () => {
    for (const [answer, passed] of [[right, true], [wrong, false]] as const) {
      const { record, script } = await runScripted(strategy, [writeTests('I would test it by hand.'), generate(answer)], noTests);
      expect(script.log).toEqual(['coder:write-tests:0', 'coder:generate:1']);
      expect(record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed, feedbackUsed: 'none' });
      expect(cacheKeyOf(script.requests[1]!)).toEqual(await oneShotFirstRequest(noTests));
    }
  });
});

describe('self-debug on self-written tests', () => {
  it('writes its tests first and debugs against them', async () => {
    const { record, script } = await runScripted(instance('self-debug', { feedback: 'self-tests' }), [
      writeTests('```python\nassert add(1, 1) == 2\n```'),
      generate(wrong),
      explain(explanation),
      generate(right),
    ]);
    expect(script.log).toEqual(['coder:write-tests:0', 'coder:generate:1', 'coder:explain:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', passed: true, feedbackUsed: 'self-tests', strategy: { feedback: 'self-tests' } });
    expect(script.requests[2]!.messages.at(-1)?.content).toContain('What it gave: AssertionError: expected 2, got 0');
  });

  it('counts its calls for --dry-run: generations, an explanation between each two, and the tests it writes', () => {
    expect(instance('self-debug').maxCalls).toBe(5);
    expect(instance('self-debug', { feedback: 'self-tests', maxIterations: 4 }).maxCalls).toBe(8);
  });
});
