import { describe, expect, it } from 'vitest';
import { readFeedback } from '../../src/strategies/self-refine-feedback.js';
import { cacheKeyOf, code, coder, down, instance, oneShotFirstRequest, openTask, otherWrong, right, runScripted, wrong } from '../support/scripted.js';

const generate = coder('generate');
const feedback = coder('feedback');
const refineBy = (text: string) => feedback(`${text}\nDECISION: REFINE`);
const stop = feedback('The function adds its arguments as asked; nothing is left to fix.\nDECISION: STOP');
const strategy = instance('self-refine');

describe('self-refine', () => {
  it('stops when its feedback on the first answer says nothing is left to fix; the first request is one-shot’s', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), stop]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:feedback:1']);
    expect(record).toMatchObject({ stopReason: 'feedback-stop', passed: true, finalIndex: 0, feedbackUsed: 'self-critique', strategy: { feedback: 'self-critique' } });
    expect(record.attempts[0]?.comment?.role).toBe('feedback');
    expect(cacheKeyOf(script.requests[0]!)).toEqual(await oneShotFirstRequest());
  });

  it('refines with the feedback, without its decision line, until the feedback stops', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), refineBy('It subtracts: add instead.'), generate(right), feedback('**DECISION: STOP**')]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:feedback:1', 'coder:generate:2', 'coder:feedback:2']);
    expect(record).toMatchObject({ stopReason: 'feedback-stop', passed: true, finalIndex: 1 });
    const [, asking, refining] = script.requests;
    expect(asking!.messages.slice(0, 3)).toEqual([...script.requests[0]!.messages, { role: 'assistant', content: wrong }]);
    expect(asking!.messages[3]?.content).toContain('DECISION: STOP');
    expect(refining!.messages.slice(0, 3)).toEqual(asking!.messages.slice(0, 3));
    expect(refining!.messages[3]?.content).toContain('It subtracts: add instead.');
    expect(refining!.messages[3]?.content).not.toContain('DECISION');
    expect(refining!.messages).toHaveLength(4);
  });

  it('gives up at maxIterations, the refine prompt keeping every earlier answer and its feedback, up to historyWindow', async () => {
    const third = code('return b - a');
    const steps = [generate(wrong), refineBy('first feedback'), generate(otherWrong), refineBy('second feedback'), generate(third), refineBy('third feedback')];
    const { record, script } = await runScripted(strategy, steps);
    expect(script.log).toEqual(['coder:generate:1', 'coder:feedback:1', 'coder:generate:2', 'coder:feedback:2', 'coder:generate:3', 'coder:feedback:3']);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: false, finalIndex: 2 });
    const history = script.requests[4]!.messages.slice(2).map((message) => [message.role, message.content.includes('first feedback') ? 'first' : message.content.includes('second feedback') ? 'second' : message.content]);
    expect(history).toEqual([
      ['assistant', wrong],
      ['user', 'first'],
      ['assistant', otherWrong],
      ['user', 'second'],
    ]);
    const windowed = await runScripted(instance('self-refine', { historyWindow: 1 }), steps);
    const latestOnly = JSON.stringify(windowed.script.requests[4]!.messages);
    expect(latestOnly).toContain('second feedback');
    expect(latestOnly).not.toContain('first feedback');
    expect(latestOnly).not.toContain('a - b');
  });

  it('stops with no-change when a refinement is the same code', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), refineBy('Add instead.'), generate(wrong)]);
    expect(record).toMatchObject({ stopReason: 'no-change', finalIndex: 1, passed: false });
  });

  it('counts unreadable feedback as feedback it failed to give: on the first round the first answer stands (no-feedback)', async () => {
    for (const reply of ['Looks fine to me.', '', 'DECISION: REFINE', 'Fix the sign.\nDECISION: STOP\nDECISION: REFINE']) {
      const { record, script } = await runScripted(strategy, [generate(wrong), feedback(reply)]);
      expect(script.log, reply).toEqual(['coder:generate:1', 'coder:feedback:1']);
      expect(record, reply).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed: false, feedbackUsed: 'none' });
      expect(record.attempts[0]?.comment, reply).toEqual({ role: 'feedback', text: reply }); // kept, for whoever reads why
      expect(record.notes.join(' '), reply).toContain('the feedback on attempt 1 could not be read');
    }
  });

  it('after a refinement, unreadable feedback keeps the answer it was about', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), refineBy('Add instead.'), generate(right), feedback('Nice.')]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:feedback:1', 'coder:generate:2', 'coder:feedback:2']);
    expect(record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 1, passed: true, feedbackUsed: 'self-critique' });
  });

  it('stops with error, out of pass@1, when the feedback call fails', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), refineBy('Add instead.'), generate(otherWrong), feedback(down)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:feedback:1', 'coder:generate:2', 'coder:feedback:2']);
    expect(record).toMatchObject({ stopReason: 'error', passed: null, finalIndex: 1 });
    expect(record.error).toContain('400');
    expect(record.calls.at(-1)).toMatchObject({ ok: false, purpose: { role: 'feedback', iteration: 2 } });
  });

  it('refines open-ended answers too', async () => {
    const { record } = await runScripted(strategy, [generate('Use a token bucket.'), refineBy('Say per client.'), generate('A token bucket per client.'), stop], openTask());
    expect(record).toMatchObject({ stopReason: 'feedback-stop', passed: null, finalIndex: 1, feedbackUsed: 'self-critique' });
  });

  it('counts its calls for --dry-run: feedback on every generation, the last included', () => {
    expect(strategy.maxCalls).toBe(6);
  });
});

describe("reading Self-Refine's feedback", () => {
  it('reads the decision line wherever it stands, in markdown or not, and keeps the rest as the feedback', () => {
    expect(readFeedback('All good.\nDECISION: STOP')).toEqual({ stop: true });
    expect(readFeedback('`decision: stop`')).toEqual({ stop: true });
    expect(readFeedback('### Decision: Refine.\n- Handle empty input.\n')).toEqual({ stop: false, feedback: '- Handle empty input.' });
    expect(readFeedback('Handle empty input.\n**DECISION:** REFINE\n')).toEqual({ stop: false, feedback: 'Handle empty input.' });
    expect(readFeedback('Fix it.\nDECISION: REFINE\nDECISION: REFINE')).toEqual({ stop: false, feedback: 'Fix it.' });
  });

  it('reads nothing from a reply without a decision line, with two that disagree, or asking to refine with nothing to refine by', () => {
    expect(readFeedback('Nothing to fix, I would STOP here.')).toBeUndefined();
    expect(readFeedback('The decision: stop and think about the edge cases.')).toBeUndefined();
    expect(readFeedback('DECISION: STOP\nDECISION: REFINE')).toBeUndefined();
    expect(readFeedback('  \nDECISION: REFINE\n')).toBeUndefined();
    expect(readFeedback('')).toBeUndefined();
  });
});
