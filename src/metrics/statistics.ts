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
