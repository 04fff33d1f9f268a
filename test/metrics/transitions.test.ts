import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/metrics/statistics.js';
import { fixAndBreak, passRateByIteration, retryTransitions } from '../../src/metrics/transitions.js';
import { trial } from './fixtures.js';

// F→T fixed; F→F→F; T; T→F broken; F→T→F submitting the passing attempt 2, so fixed.
const records = [
  trial({ taskId: 'fixed', outcomes: [false, true] }),
  trial({ taskId: 'never', outcomes: [false, false, false] }),
  trial({ taskId: 'first-try', outcomes: [true] }),
  trial({ taskId: 'broken', outcomes: [true, false] }),
  trial({ taskId: 'kept-best', outcomes: [false, true, false], finalIndex: 1 }),
];

describe('fixAndBreak', () => {
  it('conditions on the first attempt and reads the submitted one', () => {
    expect(fixAndBreak(records)).toEqual({
      trials: 5,
      fixRate: wilson(2, 3),
      breakRate: wilson(1, 2),
      // Final pass@1 3/5 − first-attempt pass@1 2/5.
      netGain: 0.2,
    });
  });

  it('has no fix rate without failures, no break rate without passes, nothing without trials', () => {
    const allPass = fixAndBreak([trial({ outcomes: [true] }), trial({ outcomes: [true, true] })]);
    expect(allPass.fixRate.value).toBeUndefined();
    expect(allPass.breakRate).toEqual(wilson(0, 2));
    expect(fixAndBreak([trial({ outcomes: [false] })]).breakRate.value).toBeUndefined();
    expect(fixAndBreak([])).toMatchObject({ trials: 0, netGain: undefined });
  });

  it('leaves out trials without hidden tests', () => {
    const open = trial({ taskKind: 'open', attempts: [{ iteration: 1, raw: '', code: null, program: null, callIds: [] }] });
    expect(fixAndBreak([open]).trials).toBe(0);
  });
});

describe('independent samples', () => {
  // Samples are not retries: none builds on the one before, so nothing was fixed or broken between them.
  const samples = [
    trial({ taskId: 'picked-right', shape: 'samples', outcomes: [false, true] }),
    trial({ taskId: 'picked-wrong', shape: 'samples', outcomes: [true, false] }),
  ];

  it('are left out of fix/break, the per-iteration curve and the transitions', () => {
    expect(fixAndBreak([...records, ...samples])).toEqual(fixAndBreak(records));
    expect(passRateByIteration([...records, ...samples])).toEqual(passRateByIteration(records));
    expect(retryTransitions([...records, ...samples])).toEqual(retryTransitions(records));
    expect(fixAndBreak(samples)).toMatchObject({ trials: 0, netGain: undefined });
    expect(passRateByIteration(samples)).toEqual([]);
    expect(retryTransitions(samples).byStep).toEqual([]);
  });

  it('leave records written before shapes existed in, as revisions', () => {
    expect(records.every((record) => record.shape === undefined)).toBe(true);
    expect(fixAndBreak(records.map((record) => ({ ...record, shape: 'revisions' as const })))).toEqual(fixAndBreak(records));
  });
});

describe('passRateByIteration', () => {
  it('reports trials that reached each attempt, and every trial with its answer so far', () => {
    expect(passRateByIteration(records)).toEqual([
      { iteration: 1, reached: wilson(2, 5), carriedForward: wilson(2, 5) },
      { iteration: 2, reached: wilson(2, 4), carriedForward: wilson(3, 5) },
      // The carried-forward curve ends at the final pass@1.
      { iteration: 3, reached: wilson(0, 2), carriedForward: wilson(3, 5) },
    ]);
  });

  it('is empty without trials', () => {
    expect(passRateByIteration([])).toEqual([]);
  });
});

describe('retryTransitions', () => {
  it('pools consecutive attempt pairs and splits them by step', () => {
    expect(retryTransitions(records)).toEqual({
      pooled: { recover: wilson(2, 4), regress: wilson(2, 2) },
      byStep: [
        { from: 1, recover: wilson(2, 3), regress: wilson(1, 1) },
        { from: 2, recover: wilson(0, 1), regress: wilson(1, 1) },
      ],
    });
  });

  it('has no transitions for one-attempt trials', () => {
    const result = retryTransitions([trial({ outcomes: [false] })]);
    expect(result.byStep).toEqual([]);
    expect(result.pooled.recover.value).toBeUndefined();
    expect(result.pooled.regress.value).toBeUndefined();
  });
});
