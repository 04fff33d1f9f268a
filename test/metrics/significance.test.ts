import { describe, expect, it } from 'vitest';
import { detectionPower, minimumDetectableDelta, pairsToDetect, tasksToDetect, zPower, zSignificance } from '../../src/metrics/power.js';
import { significanceLevel } from '../../src/metrics/statistics.js';

/** Φ(z), the standard normal's distribution function, by Simpson's rule on [0, z] (error far below 1e-12 here). */
function normalCdf(z: number): number {
  const steps = 2000;
  const width = z / steps;
  const density = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  let area = density(0) + density(z);
  for (let i = 1; i < steps; i++) area += (i % 2 === 1 ? 4 : 2) * density(i * width);
  return 0.5 + (area * width) / 3;
}

describe('the significance level and the power of the detectable Δ', () => {
  it("keeps the z constants at the standard normal's quantiles for two-sided α and the power", () => {
    // Changing significanceLevel or detectionPower without the quantiles fails here.
    expect(normalCdf(zSignificance)).toBeCloseTo(1 - significanceLevel / 2, 12);
    expect(normalCdf(zPower)).toBeCloseTo(detectionPower, 12);
  });

  it('solves the minimum-detectable-Δ formula for the pairs, and the two agree', () => {
    expect(pairsToDetect(0.05, 0.25)).toBe(785);
    expect(minimumDetectableDelta(0.25, 785)).toBeLessThanOrEqual(0.05);
    expect(minimumDetectableDelta(0.25, 784)).toBeGreaterThan(0.05);
    expect(minimumDetectableDelta(0, 100)).toBeUndefined();
    // No discordant pair yet: the least a 5 pp difference needs, 5% of pairs.
    expect(pairsToDetect(0.05, 0)).toBe(pairsToDetect(0.05, 0.05));
  });

  it.each([
    { pairs: 785, repeats: 1, tasks: 785 },
    { pairs: 785, repeats: 3, tasks: 262 },
    { pairs: 784, repeats: 4, tasks: 196 },
    { pairs: 157, repeats: 10, tasks: 16 },
  ])('needs $tasks tasks for $pairs pairs at $repeats repeats (a task gives one pair per repeat)', ({ pairs, repeats, tasks }) => {
    expect(tasksToDetect({ pairsToDetect: { pairs } }, { repeats })).toBe(tasks);
  });
});
