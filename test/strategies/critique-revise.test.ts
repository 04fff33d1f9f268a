import { describe, expect, it } from 'vitest';
import { listItems, loadPromptTemplates } from '../../src/prompts/templates.js';
import { cacheKeyOf, code, coder, down, instance, oneShotFirstRequest, openTask, otherWrong, right, runScripted, wrong } from '../support/scripted.js';

const generate = coder('generate');
const critique = coder('critique');
const critiqueText = 'It subtracts where the request asks for a sum.';
const strategy = instance('critique-revise');
const shipped = listItems(loadPromptTemplates('en').principles.text);
const reworded = right.replace('a + b', 'b + a');

describe('critique-revise', () => {
  it('keeps a right first answer that a revision returns unchanged (no-change); the first request is one-shot’s', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), critique('It already meets the principle.'), generate(right)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:critique:1', 'coder:generate:2']);
    expect(record).toMatchObject({ stopReason: 'no-change', passed: true, finalIndex: 1, feedbackUsed: 'self-critique', strategy: { feedback: 'self-critique' } });
    expect(cacheKeyOf(script.requests[0]!)).toEqual(await oneShotFirstRequest());
  });

  it('critiques against one principle a round, in order, and revises with the critique in the conversation', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), critique(critiqueText), generate(right), critique('Empty input is fine here.'), generate(reworded)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:critique:1', 'coder:generate:2', 'coder:critique:2', 'coder:generate:3']);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: true, finalIndex: 2 });
    expect(record.attempts.map((attempt) => attempt.grade?.passed)).toEqual([false, true, true]);
    expect(record.attempts[0]?.comment).toEqual({ role: 'critique', text: critiqueText });
    const [, first, revising, second] = script.requests;
    expect(first!.messages.slice(0, 3)).toEqual([...script.requests[0]!.messages, { role: 'assistant', content: wrong }]);
    expect(first!.messages[3]?.content).toContain(shipped[0]);
    expect(second!.messages[3]?.content).toContain(shipped[1]);
    // The revision request follows the critique in the same conversation, as in the paper.
    expect(revising!.messages.slice(0, 4)).toEqual(first!.messages);
    expect(revising!.messages[4]).toEqual({ role: 'assistant', content: critiqueText });
    expect(revising!.messages[5]?.content).toContain('Revise your answer so that it meets the principle');
    // Each critique sees the task and the current answer only.
    expect(JSON.stringify(second!.messages)).not.toContain('a - b');
  });

  it('stops at the rounds cap when no revision is right', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), critique(critiqueText), generate(otherWrong), critique('Still wrong.'), generate(code('return b - a'))]);
    expect(script.log).toHaveLength(5);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: false, finalIndex: 2 });
  });

  it('cycles through the principles the config gives (round i takes principle i mod their number)', async () => {
    const steps = [generate(wrong), critique('a'), generate(otherWrong), critique('b'), generate(right), critique('c'), generate(reworded)];
    const { record, script } = await runScripted(instance('critique-revise', { rounds: 3, principles: ['Be terse.', 'Be exact.'] }), steps);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: true, finalIndex: 3 });
    const asked = [1, 3, 5].map((index) => script.requests[index]!.messages[3]!.content);
    expect(asked.map((text) => (text.includes('Be terse.') ? 'terse' : text.includes('Be exact.') ? 'exact' : '?'))).toEqual(['terse', 'exact', 'terse']);
    expect(asked.join()).not.toContain(shipped[0]);
  });

  it('treats an empty critique as feedback it failed to give: the answer it was about stands (no-feedback)', async () => {
    const first = await runScripted(strategy, [generate(wrong), critique('  \n')]);
    expect(first.script.log).toEqual(['coder:generate:1', 'coder:critique:1']);
    expect(first.record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed: false, feedbackUsed: 'none' });
    expect(first.record.notes).toContain('the critique of attempt 1 was empty: the answer it was about stands');
    const later = await runScripted(strategy, [generate(wrong), critique(critiqueText), generate(right), critique('')]);
    expect(later.record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 1, passed: true, feedbackUsed: 'self-critique' });
  });

  it('stops with error, out of pass@1, when the critique call fails', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), critique(down)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:critique:1']);
    expect(record).toMatchObject({ stopReason: 'error', passed: null, finalIndex: 0 });
    expect(record.error).toContain('400');
    expect(record.calls.at(-1)).toMatchObject({ ok: false, purpose: { role: 'critique' } });
  });

  it('revises open-ended answers too, judged by no test', async () => {
    const steps = [generate('Use a token bucket.'), critique('No word on per-client limits.'), generate('Use a token bucket per client.'), critique('Bursts?'), generate('A token bucket per client, sized for bursts.')];
    const { record } = await runScripted(strategy, steps, openTask());
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: null, finalIndex: 2, feedbackUsed: 'self-critique' });
  });

  it('ships a handful of principles in every prompt language, and counts its calls for --dry-run', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    expect(listItems(loadPromptTemplates('ko').principles.text)).toHaveLength(shipped.length);
    expect(strategy.maxCalls).toBe(5);
    expect(instance('critique-revise', { rounds: 4 }).maxCalls).toBe(9);
  });
});
