/**
 * How large a difference a paired comparison can detect, and how many tasks a given one needs: the usual normal
 * approximation for McNemar's test (Connor 1987), at two-sided α = `significanceLevel` with `detectionPower`.
 */

/** The chance of detecting a true Δ of the minimum detectable size: it is missed one time in five. */
export const detectionPower = 0.8;

/**
 * The standard normal's quantiles at 1 − α/2 and at the power, for α = 0.05 and 80% power. JavaScript has no inverse
 * normal and one constant pair needs no library: `test/metrics/significance.test.ts` holds them to the two levels.
 */
export const zSignificance = 1.959963984540054;
export const zPower = 0.8416212335729143;

/** The smallest gain in pass@1 worth acting on: the at-a-glance sentence says how many tasks would detect it. */
export const worthwhileDelta = 0.05;

/**
 * The smallest true Δ that n pairs with a share d of discordant pairs detect with `detectionPower` at two-sided
 * α = `significanceLevel`: (z₁₋α/₂ + z_power)·√(d/n); undefined without discordant pairs.
 */
export function minimumDetectableDelta(discordance: number, pairs: number): number | undefined {
  return discordance > 0 ? (zSignificance + zPower) * Math.sqrt(discordance / pairs) : undefined;
}

/**
 * The pairs at which that formula gives `delta`: n = (z₁₋α/₂ + z_power)²·d / Δ². A true Δ makes at least that share of
 * pairs discordant, so d is taken as at least |Δ| (which also answers a comparison with no discordant pair yet).
 */
export function pairsToDetect(delta: number, discordance: number): number {
  return Math.ceil(((zSignificance + zPower) / delta) ** 2 * Math.max(discordance, Math.abs(delta)));
}

/**
 * Tasks (at this run's repeats) that would detect a worthwhile gain: the pairs it needs, a task giving one per repeat.
 * Takes a `BaselineComparison` and the `RunAnalysis` (their shapes only: analysis.ts imports this file).
 */
export function tasksToDetect(comparison: { pairsToDetect: { pairs: number } }, analysis: { repeats: number }): number {
  return Math.ceil(comparison.pairsToDetect.pairs / analysis.repeats);
}
