import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  bootstrap,
  clopperPearson,
  clusteredMean,
  groupBy,
  mcnemarExact,
  mean,
  mulberry32,
  quantile,
  wilson,
} from '../../src/metrics/statistics.js';

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

describe('mulberry32', () => {
  it('replays the same sequence from the same seed, in [0, 1)', () => {
    const draws = (seed: number) => Array.from({ length: 1000 }, mulberry32(seed));
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
    expect(draws(7).every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mean(draws(7))).toBeCloseTo(0.5, 1);
  });
});

describe('bootstrap', () => {
  const coin = Array.from({ length: 100 }, (_, index) => Number(index < 50));

  it('is reproducible from its seed and independent of what ran before', () => {
    const first = bootstrap(coin, mean, { seed: 3 });
    mulberry32(3)();
    bootstrap(coin, mean, { seed: 99 });
    expect(bootstrap(coin, mean, { seed: 3 })).toEqual(first);
    expect(bootstrap(coin, mean, { seed: 4 })).not.toEqual(first);
  });

  it('brackets the point estimate, about ±1.96 standard errors for a mean', () => {
    const estimate = bootstrap(coin, mean);
    // SE of a proportion 0.5 over 100 draws is 0.05.
    expect(estimate?.value).toBe(0.5);
    expect(estimate?.low).toBeCloseTo(0.4, 1);
    expect(estimate?.high).toBeCloseTo(0.6, 1);
    expect(estimate!.low).toBeLessThanOrEqual(0.5);
    expect(estimate!.high).toBeGreaterThanOrEqual(0.5);
  });

  it('has zero width on constant data, and is undefined where the statistic is', () => {
    expect(bootstrap([2, 2, 2], mean)).toEqual({ value: 2, low: 2, high: 2 });
    expect(bootstrap([], mean)).toBeUndefined();
    expect(bootstrap([1, 2], () => undefined)).toBeUndefined();
  });
});

describe('clusteredMean', () => {
  it('pools every value and resamples clusters whole', () => {
    const estimate = clusteredMean([[1, 1], [0], [1]]);
    expect(estimate?.value).toBe(0.75);
    expect(estimate!.low).toBeGreaterThanOrEqual(0);
    expect(estimate!.low).toBeLessThanOrEqual(0.75);
    expect(estimate!.high).toBeGreaterThanOrEqual(0.75);
    expect(estimate!.high).toBeLessThanOrEqual(1);
  });

  it('cannot see between-cluster spread with one cluster', () => {
    expect(clusteredMean([[1, 0, 0, 1]])).toEqual({ value: 0.5, low: 0.5, high: 0.5 });
    expect(clusteredMean([])).toBeUndefined();
  });
});

describe('binomialCdf', () => {
  it('sums binomial terms exactly', () => {
    expect(binomialCdf(2, 4, 0.5)).toBeCloseTo(11 / 16, 12);
    expect(binomialCdf(0, 3, 0.2)).toBeCloseTo(0.512, 12);
    // scipy.stats.binom.cdf(40, 300, 0.2)
    expect(binomialCdf(40, 300, 0.2)).toBeCloseTo(0.00166966584, 10);
  });

  it('does not underflow at large n', () => {
    // 0.5 + C(2000, 1000)/2^2001; scipy.stats.binom.cdf(1000, 2000, 0.5)
    expect(binomialCdf(1000, 2000, 0.5)).toBeCloseTo(0.5089195056, 9);
  });

  it('handles the boundaries', () => {
    expect(binomialCdf(-1, 5, 0.5)).toBe(0);
    expect(binomialCdf(5, 5, 0.3)).toBe(1);
    expect(binomialCdf(0, 5, 0)).toBe(1);
    expect(binomialCdf(4, 5, 1)).toBe(0);
  });
});

describe('mcnemarExact', () => {
  it.each([
    [0, 0, 1],
    [0, 5, 2 / 32],
    [5, 0, 2 / 32],
    [1, 9, (2 * 11) / 1024],
    [3, 3, 1],
    [2, 10, 158 / 4096], // scipy.stats.binomtest(2, 12).pvalue
  ])('b = %i, c = %i', (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 12);
  });
});

describe('clopperPearson', () => {
  // Reference values: scipy.stats.beta.ppf(0.025, x, n-x+1) and beta.ppf(0.975, x+1, n-x).
  it.each([
    [0, 10, 0, 0.308497],
    [5, 10, 0.187086, 0.812914],
    [10, 10, 0.691503, 1],
    [3, 20, 0.032071, 0.378927],
    [1, 1, 0.025, 1],
    [17, 40, 0.270429, 0.591099],
  ])('%i/%i', (successes, n, low, high) => {
    const interval = clopperPearson(successes, n);
    expect(interval.value).toBe(successes / n);
    expect(interval.low).toBeCloseTo(low, 6);
    expect(interval.high).toBeCloseTo(high, 6);
  });

  it('is wider than Wilson (it is exact, hence conservative)', () => {
    const exact = clopperPearson(5, 10);
    const score = wilson(5, 10);
    expect(exact.low).toBeLessThan(score.low);
    expect(exact.high).toBeGreaterThan(score.high);
  });

  it('has no value with no trials', () => {
    expect(clopperPearson(0, 0)).toMatchObject({ value: undefined, low: 0, high: 1 });
  });
});

describe('groupBy', () => {
  it('keeps first-seen order of groups and items', () => {
    expect([...groupBy(['b1', 'a1', 'b2'], (item) => item[0])]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1']],
    ]);
  });
});
