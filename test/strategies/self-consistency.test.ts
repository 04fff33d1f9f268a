import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../src/records/record.js';
import { cacheKeyOf, code, coder, down, instance, oneShotFirstRequest, otherWrong, right, runScripted, wrong } from '../support/scripted.js';

const generate = coder('generate');
const writeTests = coder('write-tests');
const strategy = instance('self-consistency', { n: 3 });

/** Three asserts on calls with literal arguments: the inputs (1, 2), (2, 2) and (0, 5). */
const selfTests = 'assert add(1, 2) == 3\nassert add(2, 2) == 4\nassert add(0, 5) == 5';
/** Right answers written differently: they behave alike. */
const rightToo = code('return b + a');
const rightAgain = code('return sum([a, b])');
/** Subtracts, written differently: behaves like `wrong`. */
const wrongToo = code('return -(b - a)');
const allSamples = ['coder:generate:1', 'coder:generate:2', 'coder:generate:3'];

const behaviourOf = (record: TrialRecord, index: number) => record.attempts[index]?.behaviour?.calls.map((call) => `${call.call} → ${call.shown}`);

describe('self-consistency', () => {
  it('picks the first answer when every sample behaves alike; samples have their own seeds, the first is one-shot’s request', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), generate(rightToo), generate(rightAgain), writeTests(selfTests)]);
    expect(script.log).toEqual([...allSamples, 'coder:write-tests:0']);
    expect(new Set(script.requests.slice(0, 3).map((request) => request.seed)).size).toBe(3);
    expect(cacheKeyOf(script.requests[0]!)).toEqual(await oneShotFirstRequest());
    expect(script.requests.slice(1, 3).map((request) => request.temperature)).toEqual([0.8, 0.8]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 0, passed: true, shape: 'samples', feedbackUsed: 'self-tests' });
    // Every sample was called on every input, and what it did is on its attempt.
    for (const index of [0, 1, 2]) expect(behaviourOf(record, index)).toEqual(['add(1, 2) → returned 3', 'add(2, 2) → returned 4', 'add(0, 5) → returned 5']);
    expect(record.attempts.every((attempt) => attempt.feedback === undefined && attempt.behaviour?.source === 'self-tests')).toBe(true);
  });

  it('picks a later sample when the largest cluster does not hold the first answer', async () => {
    const { record, script } = await runScripted(strategy, [generate(wrong), generate(right), generate(rightToo), writeTests(selfTests)]);
    expect(script.log).toEqual([...allSamples, 'coder:write-tests:0']);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 1, passed: true });
    expect(behaviourOf(record, 0)).toEqual(['add(1, 2) → returned -1', 'add(2, 2) → returned 0', 'add(0, 5) → returned -5']);
  });

  it('follows the majority when it is wrong (a miss selection accuracy counts: the first answer passed)', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), generate(wrong), generate(wrongToo), writeTests(selfTests)]);
    expect(script.log).toEqual([...allSamples, 'coder:write-tests:0']);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 1, passed: false });
    expect(record.attempts.map((attempt) => attempt.grade?.passed)).toEqual([true, false, false]);
  });

  it('ignores the expected values the model wrote: only agreement counts', async () => {
    // The tests' expected values favour the lone right sample (best-of-n with pick: self-tests would take it);
    // with the expected values wrong, or absent, the pick and what was recorded are the same.
    const samples = [generate(wrong), generate(right), generate(wrongToo)];
    const rightValues = await runScripted(strategy, [...samples, writeTests(selfTests)]);
    const wrongValues = await runScripted(strategy, [...samples, writeTests('assert add(1, 2) == 99\nassert add(2, 2) == -7\nassert add(0, 5) == "five"')]);
    const truthTests = await runScripted(strategy, [...samples, writeTests('assert add(1, 2)\nassert not add(2, 2)\nassert abs(add(0, 5) - 1) < 0.5')]);
    for (const { record } of [rightValues, wrongValues, truthTests]) {
      expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 0, passed: false });
      expect(record.attempts.map((attempt) => attempt.behaviour?.calls.map((call) => call.key))).toEqual(rightValues.record.attempts.map((attempt) => attempt.behaviour?.calls.map((call) => call.key)));
    }
    const byTests = await runScripted(instance('best-of-n', { n: 3, pick: 'self-tests' }), [...samples, writeTests(selfTests)]);
    expect(byTests.record.finalIndex).toBe(1);
  });

  it('breaks a tie between clusters as large by the earliest sample', async () => {
    const four = instance('self-consistency', { n: 4 });
    const { record } = await runScripted(four, [generate(wrong), generate(right), generate(rightToo), generate(wrongToo), writeTests(selfTests)]);
    expect(record).toMatchObject({ finalIndex: 0, passed: false });
    const alone = await runScripted(strategy, [generate(otherWrong), generate(wrong), generate(right), writeTests(selfTests)]);
    expect(alone.record).toMatchObject({ finalIndex: 0, passed: false });
  });

  it('groups exceptions by their class, not their message', async () => {
    const raises = (type: string, message: string) => code(`raise ${type}(${JSON.stringify(message)})`);
    const { record } = await runScripted(strategy, [generate(raises('TypeError', 'no')), generate(raises('ValueError', 'bad input')), generate(raises('ValueError', 'not like this')), writeTests(selfTests)]);
    expect(record).toMatchObject({ finalIndex: 1 });
    expect(record.attempts[2]?.behaviour?.calls[0]).toMatchObject({ key: 'raised ValueError', shown: 'raised ValueError: not like this' });
    expect(behaviourOf(record, 0)?.[0]).toBe('add(1, 2) → raised TypeError: no');
  });

  it('leaves samples without code out of the clusters, unless none has code', async () => {
    const { record } = await runScripted(strategy, [generate('I cannot write this.'), generate('Nor can I.'), generate(right), writeTests(selfTests)]);
    expect(record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 2, passed: true });
    expect(record.attempts[0]?.behaviour).toMatchObject({ status: 'no-code' });
    const none = await runScripted(strategy, [generate('No.'), generate('No!'), generate('Never.'), writeTests(selfTests)]);
    expect(none.record).toMatchObject({ stopReason: 'max-iterations', finalIndex: 0, passed: false });
  });

  it.each([
    ['no test that parses', 'I would test it by hand.'],
    ['only tests of other shapes', 'assert add(1, 2) != 4\nassert isinstance(add(1, 2), int)\nassert add(x, 2) == 3\nassert add(1, 2) == add(2, 1)'],
  ])('keeps the first answer, counted, when the model writes %s (no-feedback)', async (_, tests) => {
    const { record, script } = await runScripted(strategy, [generate(wrong), generate(right), generate(right), writeTests(tests)]);
    expect(script.log).toEqual([...allSamples, 'coder:write-tests:0']);
    expect(record).toMatchObject({ stopReason: 'no-feedback', finalIndex: 0, passed: false, feedbackUsed: 'none' });
    expect(record.attempts.every((attempt) => attempt.behaviour === undefined)).toBe(true);
    expect(record.notes.join(' ')).toContain('the first answer stands');
  });

  it('calls the samples on the inputs it can read, noting the tests it left out', async () => {
    const { record } = await runScripted(strategy, [generate(wrong), generate(right), generate(rightToo), writeTests('assert add(1, 2) == 3\nassert add(1, 2) == 3\nassert add(1, 2) != 4')]);
    expect(behaviourOf(record, 1)).toEqual(['add(1, 2) → returned 3']);
    expect(record).toMatchObject({ finalIndex: 1, passed: true });
    expect(record.notes).toContain('1 of 3 tests give no input (not an assert on a call with literal arguments): left out');
  });

  it('stops with error, out of pass@1, when a sample cannot be drawn', async () => {
    const { record, script } = await runScripted(strategy, [generate(right), generate(down), generate(right)]);
    expect(script.log).toEqual(allSamples);
    expect(record).toMatchObject({ stopReason: 'error', passed: null });
    expect(record.error).toContain('400');
  });

  it('counts its calls for --dry-run: n samples and one write-tests', () => {
    expect(instance('self-consistency', { n: 5 }).maxCalls).toBe(6);
  });
});
