import type { TrialRecord } from '../records/record.js';
import { shapeOf } from '../records/shape.js';
import { gradedTrials, unbiasedPassAtK } from './pass-at-k.js';
import { strategyCalls } from './cost.js';
import type { SummaryRow } from './summary.js';
import { clusteredMean, groupBy, mean, type BootstrapOptions, type Estimate } from './statistics.js';

/**
 * Is a loop worth its compute? The question of Olausson et al. 2023 ("Is Self-Repair a Silver Bullet?"): set what
 * a strategy spent beside what spending the same generations on independent samples achieves. Pure: reads records.
 */

/** What one strategy × generator spent per trial that ran, cached calls at their original cost, panel calls left out (cost.ts). */
export interface Budget {
  /** Mean generations (attempts) per trial. */
  generations: number;
  /** Mean output tokens of all its calls (generations, judgements, reflections, tests); undefined without token counts. */
  outputTokens: number | undefined;
  /** Mean summed wall time of its calls, in seconds. */
  modelSeconds: number;
}

/** pass@k of independent samples with a perfect pick, at one k. */
export interface FrontierPoint {
  k: number;
  /** Mean over the units (trials, or tasks for repeats), with a 95% bootstrap interval that resamples whole tasks. */
  estimate: Estimate;
  /** Units with enough samples for this k; the others are left out of this point. */
  units: number;
}

/**
 * What resampling reaches on one generator: pass@k for k = 1 … n, the ceiling of every picker (a judge, the model's
 * own tests, agreement) that spends k generations on samples. Drawn from the samples of one sampling strategy — each
 * trial's sample 0 (the shared first answer) plus unbiased pass@(k − 1) of its other samples, exactly as best-of-k
 * would draw them — or, without one, from the baseline's repeats (the unbiased estimator of Chen et al. 2021).
 */
export interface ResamplingFrontier {
  generator: string;
  /** The strategy instance whose samples (or repeats) it is drawn from. */
  source: string;
  sourceKind: 'samples' | 'repeats';
  /** Mean output tokens of one generation of the source: k samples cost k times this. */
  tokensPerSample: number | undefined;
  points: FrontierPoint[];
}

/** One strategy's budget, and resampling at the same number of generations. */
export interface ComputeMatch {
  budget: Budget;
  /**
   * The frontier at this strategy's mean generations, linear between the whole numbers around it (1.6 generations:
   * 0.4 · pass@1 + 0.6 · pass@2). Undefined without a frontier, or beyond its largest k.
   */
  resampling: { generations: number; estimate: Estimate; source: string } | undefined;
}

/** The budget of one strategy × generator, read off its summary (the same cost figures every report shows). */
export function budgetOf(summary: SummaryRow): Budget | undefined {
  const { cost, meanIterations } = summary;
  if (cost.trials === 0 || meanIterations === undefined) return undefined;
  return {
    generations: meanIterations,
    outputTokens: cost.tokensOut === undefined ? undefined : cost.tokensOut / cost.trials,
    modelSeconds: cost.computeMs / cost.trials / 1000,
  };
}

/**
 * The frontier of one generator's records: from the sampling strategy with the most samples per trial (the first in
 * `strategyOrder` among equals), else from `baseline` when it has repeats; undefined when neither exists.
 */
export function resamplingFrontier(
  records: readonly TrialRecord[],
  strategyOrder: readonly string[],
  baseline: string | undefined,
  options?: BootstrapOptions,
): ResamplingFrontier | undefined {
  const generator = records[0]?.generator;
  if (generator === undefined) return undefined;
  const sampling = strategyOrder
    .map((id) => gradedTrials(records.filter((record) => record.strategyId === id && shapeOf(record) === 'samples')))
    .filter((trials) => trials.length > 0);
  const widest = sampling.reduce<TrialRecord[] | undefined>((best, trials) => (best === undefined || maxSamples(trials) > maxSamples(best) ? trials : best), undefined);
  if (widest !== undefined) {
    const units = widest.map((record) => ({ taskId: record.taskId, ...sampleCounts(record) }));
    return frontier(generator, widest, 'samples', maxSamples(widest), (k, unit) => (unit.others < k - 1 ? undefined : unit.firstPassed ? 1 : unbiasedPassAtK(unit.others, unit.othersPassed, k - 1)), units, options);
  }
  const repeated = gradedTrials(records.filter((record) => record.strategyId === baseline));
  const byTask = [...groupBy(repeated, (record) => record.taskId)];
  const repeats = Math.max(0, ...byTask.map(([, trials]) => trials.length));
  if (repeats < 2) return undefined;
  const units = byTask.map(([taskId, trials]) => ({ taskId, n: trials.length, c: trials.filter((record) => record.passed).length }));
  return frontier(generator, repeated, 'repeats', repeats, (k, unit) => (unit.n < k ? undefined : unbiasedPassAtK(unit.n, unit.c, k)), units, options);
}

/** A strategy's budget and resampling at its mean generations, on the frontier of its generator. */
export function computeMatch(summary: SummaryRow, frontierOfGenerator: ResamplingFrontier | undefined): ComputeMatch | undefined {
  const budget = budgetOf(summary);
  if (budget === undefined) return undefined;
  return { budget, resampling: frontierOfGenerator && atGenerations(frontierOfGenerator, budget.generations) };
}

/** The frontier read at a fractional number of generations. */
export function atGenerations(frontierOfGenerator: ResamplingFrontier, generations: number): ComputeMatch['resampling'] {
  const point = (k: number) => frontierOfGenerator.points.find((candidate) => candidate.k === k)?.estimate;
  const below = point(Math.floor(generations));
  const above = point(Math.ceil(generations));
  if (below === undefined || above === undefined) return undefined;
  const weight = generations - Math.floor(generations);
  const blend = (low: number, high: number) => (1 - weight) * low + weight * high;
  return {
    generations,
    estimate: { value: blend(below.value, above.value), low: blend(below.low, above.low), high: blend(below.high, above.high) },
    source: frontierOfGenerator.source,
  };
}

interface SampleCounts {
  firstPassed: boolean;
  /** Graded samples after the first, and how many of them passed. */
  others: number;
  othersPassed: number;
}

function sampleCounts(record: TrialRecord): SampleCounts {
  const graded = record.attempts.filter((attempt) => attempt.grade !== undefined);
  const first = graded.find((attempt) => (attempt.sample ?? 0) === 0);
  const others = graded.filter((attempt) => (attempt.sample ?? 0) > 0);
  return { firstPassed: first?.grade?.passed === true, others: others.length, othersPassed: others.filter((attempt) => attempt.grade?.passed === true).length };
}

function maxSamples(trials: readonly TrialRecord[]): number {
  return Math.max(0, ...trials.map((record) => record.attempts.length));
}

/** pass@k for k = 1 … largestK over the units that have enough samples, the interval resampling whole tasks. */
function frontier<Unit extends { taskId: string }>(
  generator: string,
  source: readonly TrialRecord[],
  sourceKind: ResamplingFrontier['sourceKind'],
  largestK: number,
  passAtK: (k: number, unit: Unit) => number | undefined,
  units: readonly Unit[],
  options: BootstrapOptions | undefined,
): ResamplingFrontier {
  const points = Array.from({ length: largestK }, (_, index) => index + 1).flatMap((k): FrontierPoint[] => {
    const values = units.flatMap((unit) => {
      const value = passAtK(k, unit);
      return value === undefined ? [] : [{ taskId: unit.taskId, value }];
    });
    const byTask = [...groupBy(values, (entry) => entry.taskId).values()].map((entries) => entries.map((entry) => entry.value));
    const estimate = clusteredMean(byTask, options);
    return estimate === undefined ? [] : [{ k, estimate, units: values.length }];
  });
  const generations = source.flatMap(ownCalls).filter((call) => call.purpose.role === 'generate' && call.completionTokens !== undefined);
  return {
    generator,
    source: source[0]?.strategyId ?? '',
    sourceKind,
    tokensPerSample: mean(generations.map((call) => call.completionTokens ?? 0)),
    points,
  };
}

/** The successful calls a strategy made for its own answers (panel judging is not its cost). */
function ownCalls(record: TrialRecord): TrialRecord['calls'] {
  return strategyCalls(record).filter((call) => call.ok);
}
