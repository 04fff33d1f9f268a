import { describe, expect, it } from 'vitest';
import { mean, quantile, wilson } from '../../src/metrics/statistics.js';

describe('wilson', () => {
  // Reference values: statsmodels proportion_confint(method="wilson").
  it.each([
    [5, 10, 0.5, 0.236593, 0.763407],
    [0, 10, 0, 0, 0.277533],
    [10, 10, 1, 0.722467, 1],
    [1, 1, 1, 0.206549, 1],
    [22, 40, 0.55, 0.398291, 0.692947],
  ])('%i/%i', (successes, n, value, low, high) => {
    const p = wilson(successes, n);
    expect(p.value).toBeCloseTo(value, 6);
    expect(p.low).toBeCloseTo(low, 5);
    expect(p.high).toBeCloseTo(high, 5);
  });

  it('has no value with no trials (shown as n/a, never 0)', () => {
    expect(wilson(0, 0)).toMatchObject({ value: undefined, low: 0, high: 1 });
  });
});

describe('quantile and mean', () => {
  it('interpolates like numpy (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 5], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55, 10);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('is undefined on no data', () => {
    expect(quantile([], 0.5)).toBeUndefined();
    expect(mean([])).toBeUndefined();
    expect(mean([1, 2])).toBe(1.5);
  });
});
