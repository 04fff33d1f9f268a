import { describe, expect, it } from 'vitest';
import { passAt1, passAtK, unbiasedPassAtK } from '../../src/metrics/pass-at-k.js';
import { wilson } from '../../src/metrics/statistics.js';
import { trial } from './fixtures.js';

describe('unbiasedPassAtK', () => {
  it.each([
    [5, 0, 1, 0],
    [5, 5, 1, 1],
    [5, 2, 1, 0.4], // pass@1 is c/n
    [5, 2, 2, 1 - 3 / 10], // 1 − C(3,2)/C(5,2)
    [4, 1, 3, 1 - 1 / 4], // 1 − C(3,3)/C(4,3)
    [3, 2, 2, 1], // n − c < k: every k-subset holds a pass
  ])('n = %i, c = %i, k = %i', (n, c, k, expected) => {
    expect(unbiasedPassAtK(n, c, k)).toBeCloseTo(expected, 12);
  });
});

describe('passAt1', () => {
  it('is Wilson with one repeat', () => {
    const records = [
      trial({ taskId: 'a', outcomes: [true] }),
      trial({ taskId: 'b', outcomes: [false, true] }),
      trial({ taskId: 'c', outcomes: [false] }),
    ];
    expect(passAt1(records)).toEqual({ ...wilson(2, 3), tasks: 3, repeats: 1, interval: 'wilson' });
  });

  it('averages per-repeat pass rates with repeats, resampling tasks', () => {
    const records = [
      trial({ taskId: 'a', repeat: 0, outcomes: [true] }),
      trial({ taskId: 'a', repeat: 1, outcomes: [true] }),
      trial({ taskId: 'b', repeat: 0, outcomes: [false] }),
      trial({ taskId: 'b', repeat: 1, outcomes: [true] }),
      trial({ taskId: 'c', repeat: 0, outcomes: [false] }),
      trial({ taskId: 'c', repeat: 1, outcomes: [false] }),
    ];
    const result = passAt1(records, { seed: 5 });
    // Repeat 0: 1/3, repeat 1: 2/3.
    expect(result).toMatchObject({ value: 0.5, successes: 3, n: 6, tasks: 3, repeats: 2, interval: 'task-bootstrap' });
    expect(result.low).toBeLessThanOrEqual(0.5);
    expect(result.high).toBeGreaterThanOrEqual(0.5);
    expect(passAt1(records, { seed: 5 })).toEqual(result);
  });

  it('weights repeats equally when they graded different numbers of tasks', () => {
    const records = [
      trial({ taskId: 'a', repeat: 0, outcomes: [true] }),
      trial({ taskId: 'a', repeat: 1, outcomes: [true] }),
      trial({ taskId: 'b', repeat: 0, outcomes: [false] }),
      trial({ taskId: 'b', repeat: 1, attempts: [], stopReason: 'error' }),
    ];
    // Repeat 0: 1/2, repeat 1: 1/1; pooled would be 2/3.
    expect(passAt1(records)).toMatchObject({ value: 0.75, successes: 2, n: 3 });
  });

  it('leaves out open and skipped trials, and has no value without graded ones', () => {
    const open = trial({ taskKind: 'open', attempts: [{ iteration: 1, raw: '', code: null, program: null, callIds: [] }] });
    const skipped = trial({ attempts: [], stopReason: 'skipped' });
    expect(passAt1([open, skipped])).toMatchObject({ value: undefined, n: 0, tasks: 0, interval: 'wilson' });
  });
});

describe('passAtK', () => {
  const samples = (taskId: string, outcomes: boolean[]) =>
    outcomes.map((passed, repeat) => trial({ taskId, repeat, outcomes: [passed] }));

  it('averages the unbiased estimator over tasks with at least k samples', () => {
    const records = [...samples('a', [true, false, false, false]), ...samples('b', [false, false, false, false]), ...samples('c', [true])];
    // a: 1 − C(3,2)/C(4,2) = 0.5; b: 0; c has one sample, too few for k = 2.
    expect(passAtK(records, 2)).toEqual({ k: 2, value: 0.25, tasks: 2, tasksTooFewSamples: 1 });
  });

  it('is undefined when no task has k samples', () => {
    expect(passAtK(samples('a', [true, true]), 5)).toBeUndefined();
    expect(passAtK([], 1)).toBeUndefined();
  });
});
