import type { RunAnalysis, StrategyResult } from '../metrics/analysis.js';
import { count, decimal, notAvailable, percent, percentWithInterval, points, proportionWithInterval, rateWithCounts } from './format.js';
import { generatorLabel } from './labels.js';
import type { TextTable } from './types.js';

/**
 * The compute-matched comparison in words, shared by report.md and report.html: what a strategy's generations
 * would buy as independent samples (Olausson et al. 2023). Resampling with a perfect pick is a ceiling, not a
 * strategy a user can run; the nearest fair sampler (a `best-of-n` whose pick sees no hidden test) is one.
 */

/** The fair sampling row of the same generator whose mean generations come nearest this row's (the first among equals). */
export function nearestFairSampler(result: StrategyResult, analysis: RunAnalysis): StrategyResult | undefined {
  const generations = result.computeMatch?.budget.generations;
  if (generations === undefined) return undefined;
  const samplers = analysis.results.filter(
    (other) => other !== result && other.generator === result.generator && other.shape === 'samples' && !other.oracle && other.computeMatch !== undefined,
  );
  const distance = (other: StrategyResult) => Math.abs((other.computeMatch?.budget.generations ?? Number.POSITIVE_INFINITY) - generations);
  return samplers.reduce<StrategyResult | undefined>((best, other) => (best === undefined || distance(other) < distance(best) ? other : best), undefined);
}

/**
 * What resampling gets at a strategy's generations, and the nearest fair sampler's gain, as clauses of its at-a-glance
 * sentence; none when the run has nothing to match it with (no sampling strategy and no repeats on its generator).
 */
export function computeMatchedClauses(result: StrategyResult, analysis: RunAnalysis): string[] {
  const match = result.computeMatch;
  const parts: string[] = [];
  if (match?.resampling) {
    const { resampling } = match;
    parts.push(
      `resampling with a perfect pick reaches ${percentWithInterval(resampling.estimate)} at ${decimal(resampling.generations, 1)} generations ` +
        `(pass@k of ${resampling.source}'s ${sourceWord(analysis, result.generator)}: the most any pick among that many samples could give)`,
    );
  }
  const sampler = nearestFairSampler(result, analysis);
  const samplerGain = sampler?.vsBaseline?.delta.value;
  if (sampler && samplerGain !== undefined) {
    parts.push(`${sampler.strategy} gets ${points(samplerGain)} over ${sampler.vsBaseline?.baseline} at ${decimal(sampler.computeMatch?.budget.generations, 1)} generations`);
  }
  return parts;
}

/** How the frontier of a generator was drawn, for a table's caption. */
export function frontierDescription(analysis: RunAnalysis): string[] {
  return analysis.frontiers.map((frontier) => {
    const curve = frontier.points.map((point) => `pass@${point.k} ${percent(point.estimate.value)}`).join(', ');
    const cost = frontier.tokensPerSample === undefined ? '' : `, ${count(Math.round(frontier.tokensPerSample))} output tokens per sample`;
    return `${frontier.generator}: ${curve} (from ${frontier.source}'s ${frontier.sourceKind === 'samples' ? 'samples' : 'repeats'}${cost})`;
  });
}

function sourceWord(analysis: RunAnalysis, generator: string): string {
  return analysis.frontiers.find((frontier) => frontier.generator === generator)?.sourceKind === 'repeats' ? 'repeats' : 'samples';
}

/** What the compute-matched table says, above it in both reports. */
export const computeMatchedLead =
  "Is a loop worth its compute? Each strategy's mean spend per trial (generations, output tokens of all its calls, GPU seconds: model seconds with a cached answer at its first time), beside what the same number of generations achieves as independent samples of the first prompt: resampling is pass@k with a perfect pick (at 1.6 generations, 0.4 · pass@1 + 0.6 · pass@2), the most any pick among that many samples could give (a judge or test-based pick gets less; a loop that revises is not bound by it); the nearest fair sampler is the best-of-n row of this run whose generations come closest, with a pick that sees no hidden test; for sampling rows, how often the pick kept a passing sample when one existed (selection accuracy).";

/** One row per strategy with a budget, in the analysis' order. */
export function computeMatchedTable(analysis: RunAnalysis): TextTable {
  const head = ['strategy', 'generator', 'pass@1', 'generations / trial', 'output tokens / trial', 'GPU s / trial', 'resampling at equal generations', 'nearest fair sampler', 'pick kept a passing sample'];
  const rows = analysis.results.flatMap((result) => {
    if (result.computeMatch === undefined) return [];
    const { budget, resampling } = result.computeMatch;
    const sampler = nearestFairSampler(result, analysis);
    return [
      [
        result.strategy,
        generatorLabel(result),
        proportionWithInterval(result.summary.passAt1),
        decimal(budget.generations, 1),
        count(budget.outputTokens === undefined ? undefined : Math.round(budget.outputTokens)),
        decimal(budget.modelSeconds, 2),
        resampling ? percentWithInterval(resampling.estimate) : notAvailable,
        sampler ? `${sampler.strategy}: ${percent(sampler.summary.passAt1.value)} at ${decimal(sampler.computeMatch?.budget.generations, 1)}` : notAvailable,
        result.selectionAccuracy ? rateWithCounts(result.selectionAccuracy) : notAvailable,
      ],
    ];
  });
  return { head, rows };
}

/** Said where the run has no frontier. */
export const noFrontier = 'This run has no samples to draw resampling from: add a best-of-n strategy (or repeats: 2 or more) to compare at equal compute.';
