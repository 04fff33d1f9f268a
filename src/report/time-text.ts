/**
 * Cost in time, shared by report.md and report.html: per strategy, the model's seconds, the queue's and the
 * sandbox's grading seconds, in all and per trial, beside GPU time (cached answers at their first time) and its
 * ratio to the baseline's.
 */
import type { RunAnalysis, StrategyResult } from '../metrics/analysis.js';
import { decimal, notAvailable, ratio } from './format.js';
import type { TextTable } from './types.js';

export const timeLead =
  "Where the time went, per strategy. GPU s / trial is what the strategy would keep the model busy if run alone: its model seconds per trial with each cached answer counted at the time it took when first computed (the compute-matched budget). Model, queue and grading seconds are as this run spent them: model time of live calls only (a shared first answer counts for whichever strategy asked first), time calls waited in their endpoint's queue, and time the sandbox took to grade the attempts on the hidden tests (the benchmark's cost, not the strategy's).";

/** The strategy's GPU time over its baseline's (same generator); undefined where either is missing or zero. */
export function gpuRatio(result: StrategyResult, analysis: RunAnalysis): number | undefined {
  const baseline = analysis.results.find((other) => other.strategy === analysis.baseline && other.generator === result.generator);
  const own = result.computeMatch?.budget.modelSeconds;
  const theirs = baseline?.computeMatch?.budget.modelSeconds;
  return own === undefined || !theirs ? undefined : own / theirs;
}

export function timeTable(analysis: RunAnalysis): TextTable {
  const baseline = analysis.baseline ?? 'one-shot';
  const seconds = (ms: number) => decimal(ms / 1000, 1);
  const perTrial = (ms: number, trials: number) => (trials === 0 ? notAvailable : decimal(ms / 1000 / trials, 2));
  return {
    head: ['strategy', 'generator', 'GPU s / trial', `GPU time × ${baseline}`, 'model s', 'queue s', 'grading s', 'model s / trial', 'queue s / trial', 'grading s / trial'],
    rows: analysis.results.map((result) => {
      const { cost } = result.summary;
      return [
        result.strategy,
        result.generator,
        decimal(result.computeMatch?.budget.modelSeconds, 2),
        ratio(gpuRatio(result, analysis)),
        seconds(cost.wallMs),
        seconds(cost.queueMs),
        seconds(cost.gradingMs),
        perTrial(cost.wallMs, cost.trials),
        perTrial(cost.queueMs, cost.trials),
        perTrial(cost.gradingMs, cost.trials),
      ];
    }),
  };
}
