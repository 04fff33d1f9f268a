/** Small, exact statistics used by every metric. Pure functions; `undefined` where a value does not exist. */

export interface Interval {
  low: number;
  high: number;
}

export interface Proportion extends Interval {
  successes: number;
  n: number;
  /** successes / n; undefined when n = 0 (shown as "n/a", never as 0). */
  value: number | undefined;
}

const z95 = 1.959963984540054;

/**
 * α: a test's p below it calls a difference significant — McNemar's for Δ and `--fail-on-regression`, the binomial test
 * of self-recognition; the minimum detectable Δ is at this level too (`power.ts`).
 */
export const significanceLevel = 0.05;

/** Wilson score interval: well behaved at 0, 1 and small n, unlike the normal approximation. */
export function wilson(successes: number, n: number, z = z95): Proportion {
  if (n === 0) return { successes, n, value: undefined, low: 0, high: 1 };
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { successes, n, value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : sum(values) / values.length;
}

/** Quantile by linear interpolation between order statistics (type 7, as numpy and R default). */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

/** The interval lies wholly on one side of 0: the estimate says there is a difference. */
export function excludesZero(interval: Interval): boolean {
  return interval.low > 0 || interval.high < 0;
}

/** A point estimate with its interval; metrics return `undefined` instead when there is no data. */
export interface Estimate extends Interval {
  value: number;
}

/** Mulberry32: a tiny 32-bit PRNG, uniform on [0, 1). Enough for resampling, and reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Resamples drawn; 2000 by default. */
  resamples?: number;
  /** Every call starts its own generator from this seed, so results do not depend on call order. */
  seed?: number;
  /** Coverage of the interval; 0.95 by default. */
  level?: number;
}

/**
 * Percentile bootstrap (Efron & Tibshirani 1993, §13.3): resample `units` with replacement,
 * recompute `statistic`, take the α/2 and 1−α/2 quantiles. Pass clusters (e.g. tasks) as the
 * units so that correlated observations move together. Resamples on which the statistic does
 * not exist are dropped; undefined when it does not exist on the data or on any resample.
 */
export function bootstrap<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => number | undefined,
  options: BootstrapOptions = {},
): Estimate | undefined {
  return percentileBootstrap(units.length, (drawn) => statistic(drawn ? drawn.map((index) => units[index] as T) : units), options);
}

/**
 * Mean of every value, with a percentile bootstrap interval that resamples whole clusters
 * (a task with all its repeats): the interval for paired differences used throughout.
 * The same draws and sums as `bootstrap(clusters, (sample) => mean(sample.flat()))`, added
 * in the same order, without building each resample: a report computes thousands of these.
 */
export function clusteredMean(clusters: readonly (readonly number[])[], options?: BootstrapOptions): Estimate | undefined {
  const every = [...clusters.keys()];
  const meanOf = (drawn: readonly number[] | undefined) => {
    const indices = drawn ?? every;
    let total = 0;
    let count = 0;
    for (let position = 0; position < indices.length; position++) {
      const cluster = clusters[indices[position] as number] as readonly number[];
      for (let index = 0; index < cluster.length; index++) total += cluster[index] as number;
      count += cluster.length;
    }
    return count === 0 ? undefined : total / count;
  };
  return percentileBootstrap(clusters.length, meanOf, options);
}

/**
 * The bootstrap over `count` units, the statistic given which units a resample drew (by index, in draw order), or
 * `undefined` for the data itself. Every call starts its generator afresh from the seed.
 */
function percentileBootstrap(
  count: number,
  statistic: (drawn: readonly number[] | undefined) => number | undefined,
  { resamples = 2000, seed = 1, level = 0.95 }: BootstrapOptions = {},
): Estimate | undefined {
  const value = statistic(undefined);
  if (value === undefined) return undefined;
  const random = mulberry32(seed);
  const drawn = new Array<number>(count).fill(0);
  const draws: number[] = [];
  for (let draw = 0; draw < resamples; draw++) {
    for (let unit = 0; unit < count; unit++) drawn[unit] = Math.floor(random() * count);
    const statisticOfDraw = statistic(drawn);
    if (statisticOfDraw !== undefined) draws.push(statisticOfDraw);
  }
  // Sorted once here; quantile's own sort of a sorted list is then a single pass.
  draws.sort((a, b) => a - b);
  const alpha = 1 - level;
  const low = quantile(draws, alpha / 2);
  const high = quantile(draws, 1 - alpha / 2);
  return low === undefined || high === undefined ? undefined : { value, low, high };
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed exactly term by term in log space (no underflow at large n). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p === 0) return 1;
  if (p === 1) return 0;
  const logOdds = Math.log(p) - Math.log1p(-p);
  let logTerm = n * Math.log1p(-p);
  let total = 0;
  for (let i = 0; i <= k; i++) {
    total += Math.exp(logTerm);
    logTerm += Math.log(n - i) - Math.log(i + 1) + logOdds;
  }
  return Math.min(1, total);
}

/**
 * Exact two-sided McNemar test: under H0 each of the b + c discordant pairs goes either way
 * with probability ½, so p = min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½); 1 without discordant pairs.
 */
export function mcnemarExact(b: number, c: number): number {
  if (b + c === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(b, c), b + c, 0.5));
}

/**
 * Clopper–Pearson interval: the p at which each binomial tail equals α/2. This is the beta
 * quantile form, since P(X ≥ x | p) = I_p(x, n − x + 1); solved here by bisection on the tail.
 */
export function clopperPearson(successes: number, n: number, level = 0.95): Proportion {
  if (n === 0) return { successes, n, value: undefined, low: 0, high: 1 };
  const tail = (1 - level) / 2;
  // P(X ≥ x | p) rises with p; P(X ≤ x | p) falls with it.
  const low = successes === 0 ? 0 : bisect((p) => 1 - binomialCdf(successes - 1, n, p) - tail);
  const high = successes === n ? 1 : bisect((p) => tail - binomialCdf(successes, n, p));
  return { successes, n, value: successes / n, low, high };
}

/** Root on [0, 1] of an increasing function, to double precision. */
function bisect(increasing: (p: number) => number): number {
  let below = 0;
  let above = 1;
  for (let step = 0; step < 60; step++) {
    const middle = (below + above) / 2;
    if (increasing(middle) < 0) below = middle;
    else above = middle;
  }
  return (below + above) / 2;
}

/** Items grouped by key, groups and items in first-seen order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
