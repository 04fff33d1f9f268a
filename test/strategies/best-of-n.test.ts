import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/types.js';
import { instance, otherWrong, right, runScripted, verdict, wrong, type Step } from '../support/scripted.js';

const generate = (reply: string | ProviderError): Step => ({ model: 'coder', role: 'generate', reply });
const judgeBy = (model: string) => (reply: string): Step => ({ model, role: 'judge', reply });
const writeTests = (reply: string): Step => ({ model: 'coder', role: 'write-tests', reply });
const down = new ProviderError('http', 'Ollama answered 400: bad request', 400);

// Judged by the generator itself (the default) and by a separate model: the same scenarios.
describe.each([
  ['its own judgement', instance('best-of-n', { n: 3 }), 'coder', 'self-judge'],
  ['a separate judge', instance('best-of-n', { n: 3, judge: 'judge' }), 'judge', 'cross-judge'],
] as const)('best-of-n picked by %s', (_, strategy, judgeModel, feedback) => {
  const judge = judgeBy(judgeModel);
  const judgeCalls = [`${judgeModel}:judge:1`, `${judgeModel}:judge:2`, `${judgeModel}:judge:3`];

  it('draws n samples with distinct seeds, the first the shared first answer, then judges each', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), generate(wrong), generate(otherWrong), judge(verdict(9)), judge(verdict(3)), judge(verdict(2))]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:generate:2', 'coder:generate:3', ...judgeCalls]);
    const seeds = script.requests.slice(0, 3).map((request) => request.seed);
    expect(new Set(seeds).size).toBe(3);
    // Sample 0 is exactly one-shot's request: the first answer every strategy shares.
    const oneShot = await runScripted(instance('one-shot'), [generate(right)]);
    const { purpose: _ours, ...first } = script.requests[0]!;
    const { purpose: _theirs, ...oneShotFirst } = oneShot.script.requests[0]!;
    expect(first).toEqual(oneShotFirst); // messages, seed and options: what the cache keys on (the purpose only labels the record)
    expect(script.requests[1]?.temperature).toBe(0.8);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 0, passed: true, shape: 'samples', feedbackUsed: feedback });
  });

  it('picks a later sample when the judge scores it best', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), generate(otherWrong), generate(right), judge(verdict(4)), judge(verdict(3)), judge(verdict(8))]);
    expect(record).toMatchObject({ finalIndex: 2, passed: true });
    expect(record.attempts.map((attempt) => attempt.grade?.passed)).toEqual([false, false, true]);
  });

  it('can pick a wrong sample (every sample is graded, so selection accuracy can count the miss)', async () => {
    const { record } = await runScripted(strategy, [generate(right), generate(wrong), generate(otherWrong), judge(verdict(3)), judge(verdict(9)), judge(verdict(2))]);
    expect(record).toMatchObject({ finalIndex: 1, passed: false });
    expect(record.attempts[0]?.grade?.passed).toBe(true);
  });

  it('fails when no sample is right', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), generate(otherWrong), generate(wrong), judge(verdict(5)), judge(verdict(6)), judge(verdict(5))]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: false });
  });

  it('keeps the first answer, counted, when no verdict can be read (no-feedback)', async () => {
    const { record, script } = await runScripted(instance('best-of-n', { n: 3, judgeRetries: 0, ...(judgeModel === 'judge' ? { judge: 'judge' } : {}) }), [
      generate(wrong),
      generate(right),
      generate(otherWrong),
      judge('no idea'),
      judge('no idea'),
      judge('no idea'),
    ]);
    expect(script.remaining).toBe(0);
    expect(record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed: false });
    expect(record.notes.join(' ')).toContain('the first answer stands');
  });

  it('stops with error, out of pass@1, when a sample cannot be drawn', async () => {
    const { record } = await runScripted(strategy, [generate(right), generate(down), generate(right)]);
    expect(record).toMatchObject({ stopReason: 'error', passed: null });
    expect(record.error).toContain('400');
  });
});

// A pairwise judgment is asked in two orders, the champion shown first, then the challenger: one step each.
const choice = (winner: 'A' | 'B' | 'tie') => JSON.stringify({ winner, reason: 'because' });
const compareBy = (model: string) => (championFirst: string, challengerFirst: string): Step[] => [
  { model, role: 'compare', reply: championFirst },
  { model, role: 'compare', reply: challengerFirst },
];

describe.each([
  ['its own judgement', {}, 'coder', 'self-judge'],
  ['a separate judge', { judge: 'judge' }, 'judge', 'cross-judge'],
] as const)('best-of-n picked by a pairwise knockout, by %s', (_, judgeOption, judgeModel, feedback) => {
  const strategy = (options: Record<string, unknown> = {}) => instance('best-of-n', { n: 3, pick: 'pairwise', ...judgeOption, ...options });
  const compare = compareBy(judgeModel);
  const challengerWins = compare(choice('B'), choice('A'));
  const championWins = compare(choice('A'), choice('B'));

  it('draws n samples, then has the champion meet each later sample in order, both orders asked', async () => {
    const { record, script } = await runScripted(strategy(), [generate(wrong), generate(right), generate(otherWrong), ...challengerWins, ...championWins]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:generate:2', 'coder:generate:3', ...[2, 2, 3, 3].map((iteration) => `${judgeModel}:compare:${iteration}`)]);
    // Sample 2 beat sample 1, then met sample 3 as the champion, shown first.
    expect(script.requests[5]?.messages.at(-1)?.content).toMatch(/a \+ b[\s\S]*a \* b/);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 1, passed: true, shape: 'samples', feedbackUsed: feedback });
    expect(record.attempts[1]?.comparison).toMatchObject({ judge: judgeModel, baseline: 1, outcome: 'win', consistent: true, identical: false });
    expect(record.attempts[2]?.comparison).toMatchObject({ baseline: 2, outcome: 'loss', consistent: true });
    // Each comparison's calls are kept on its challenger's attempt, as a verdict's are.
    expect(record.attempts.map((attempt) => attempt.callIds.length)).toEqual([1, 3, 3]);
  });

  it('picks the last sample when it beats the champion', async () => {
    const { record } = await runScripted(strategy(), [generate(wrong), generate(otherWrong), generate(right), ...championWins, ...challengerWins]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 2, passed: true });
  });

  it('keeps the champion on a tie, whether both orders say tie or they disagree, so the first answer stands', async () => {
    const { record } = await runScripted(strategy(), [generate(wrong), generate(right), generate(otherWrong), ...compare(choice('A'), choice('A')), ...compare(choice('tie'), choice('tie'))]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 0, passed: false });
    expect(record.attempts[1]?.comparison).toMatchObject({ outcome: 'tie', consistent: false });
    expect(record.attempts[2]?.comparison).toMatchObject({ outcome: 'tie', consistent: true });
  });

  it('keeps the champion, counted, when a comparison cannot be read — never a guessed winner', async () => {
    const { record, script } = await runScripted(strategy({ judgeRetries: 0 }), [generate(wrong), generate(right), generate(otherWrong), ...compare(choice('B'), '{"winner": "A", "reas'), ...championWins]);
    expect(script.remaining).toBe(0);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 0, passed: false });
    expect(record.attempts[1]?.comparison?.outcome).toBeUndefined();
    expect(record.notes).toContain('1 of 2 comparisons could not be read: each kept its champion');
  });

  it('keeps the first answer (no-feedback) when no comparison can be read', async () => {
    const { record, script } = await runScripted(strategy({ judgeRetries: 0 }), [generate(wrong), generate(right), generate(otherWrong), ...compare('no idea', 'no idea'), ...compare('no idea', 'no idea')]);
    expect(script.remaining).toBe(0);
    expect(record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed: false });
    expect(record.notes.join(' ')).toContain('the first answer stands');
  });

  it('stops with error, out of pass@1, when a comparison call fails', async () => {
    const { record } = await runScripted(strategy(), [generate(wrong), generate(right), generate(otherWrong), { model: judgeModel, role: 'compare', reply: down }]);
    expect(record).toMatchObject({ stopReason: 'error', passed: null });
    expect(record.error).toContain('400');
  });
});

describe('best-of-n picked by its own tests (CodeT)', () => {
  const strategy = instance('best-of-n', { n: 3, pick: 'self-tests' });

  it('writes tests once, runs them on every sample and picks the one that passes most', async () => {
    const tests = 'assert add(1, 2) == 3\nassert add(0, 0) == 0\nassert add(2, 2) == 4';
    const { record, script } = await runScripted(strategy, [generate(wrong), generate(right), generate(otherWrong), writeTests(tests)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:generate:2', 'coder:generate:3', 'coder:write-tests:0']);
    expect(record).toMatchObject({ stopReason: 'tests-passed', finalIndex: 1, passed: true, feedbackUsed: 'self-tests' });
    expect(record.attempts.map((attempt) => attempt.feedback?.tests.filter((test) => test.passed).length)).toEqual([1, 3, 2]);
  });

  it('breaks a tie by agreement: of samples passing as many tests, the one whose passes the most samples share', async () => {
    // a * b passes only the first test, a - b only the second: one pass each; a - b twice, so it agrees with more samples.
    const tests = 'assert add(2, 2) == 4\nassert add(3, 0) == 3';
    const { record } = await runScripted(strategy, [generate(otherWrong), generate(wrong), generate(wrong.replace('a - b', 'a-b')), writeTests(tests)]);
    expect(record.attempts.map((attempt) => attempt.feedback?.tests.map((test) => test.passed))).toEqual([[true, false], [false, true], [false, true]]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 1 });
  });

  it('keeps the first answer (no-feedback) when the model writes no test that parses', async () => {
    const { record } = await runScripted(strategy, [generate(right), generate(wrong), generate(wrong), writeTests('I would test it by hand.')]);
    expect(record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed: true, feedbackUsed: 'none' });
  });
});

describe('best-of-n-oracle, picked by the hidden tests (an upper bound)', () => {
  const strategy = instance('best-of-n-oracle', { n: 3 });

  it('picks the first answer when it passes: n samples drawn, no other call, marked oracle', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), generate(wrong), generate(right)]);
    expect(script.log).toEqual(['coder:generate:1', 'coder:generate:2', 'coder:generate:3']);
    expect(new Set(script.requests.map((request) => request.seed)).size).toBe(3);
    expect(record).toMatchObject({ stopReason: 'tests-passed', finalIndex: 0, passed: true, shape: 'samples', feedbackUsed: 'oracle' });
  });

  it('picks the earliest passing sample when a later one is right', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), generate(otherWrong), generate(right)]);
    expect(record).toMatchObject({ stopReason: 'tests-passed', finalIndex: 2, passed: true });
  });

  it('keeps the first answer when no sample passes', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), generate(otherWrong), generate(wrong)]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 0, passed: false });
  });

  it('stops with error, out of pass@1, when a sample cannot be drawn', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), generate(down), generate(right)]);
    expect(record).toMatchObject({ stopReason: 'error', passed: null });
  });
});

describe('best-of-n config', () => {
  it('counts its calls for --dry-run: n samples and each judgement (or each order of n − 1 comparisons) with its re-asks, or n samples and one write-tests', () => {
    expect(instance('best-of-n', { n: 4 }).maxCalls).toBe(4 + 4 * 2);
    expect(instance('best-of-n', { n: 4, pick: 'pairwise', judgeRetries: 2 }).maxCalls).toBe(4 + 3 * 2 * 3);
    expect(instance('best-of-n', { n: 4, pick: 'self-tests' }).maxCalls).toBe(5);
    expect(instance('best-of-n-oracle', { n: 4 }).maxCalls).toBe(4);
  });
});
