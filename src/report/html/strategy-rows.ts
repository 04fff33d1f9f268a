import type { StrategyResult } from '../../metrics/analysis.js';
import type { Proportion } from '../../metrics/statistics.js';
import type { ReportInput } from '../types.js';
import type { CountedRate, StrategyRow } from './page-types.js';
import { STOP_REASONS } from '../../records/lists.js';

/** How trials find their row: a strategy instance on a generator. */
export function rowKey(strategy: string, generator: string): string {
  return `${strategy}|${generator}`;
}

/** One row per strategy × generator in report order; labels name the generator only when there are several. */
export function strategyRows({ meta, analysis }: ReportInput): StrategyRow[] {
  const manyGenerators = new Set(analysis.results.map((result) => result.generator)).size > 1;
  return analysis.results.map((result, index) => ({
    index,
    label: manyGenerators ? `${result.strategy} · ${result.generator}` : result.strategy,
    strategy: result.strategy,
    generator: result.generator,
    baseline: result.strategy === analysis.baseline,
    oracle: result.oracle,
    simulated: meta.models[result.generator]?.provider === 'simulated',
    passAt1: countedRate(result.summary.passAt1),
    ...(result.weakTests ? { weakTests: { base: countedRate(result.weakTests.basePassAt1), falsePass: countedRate(result.weakTests.falsePass) } } : {}),
    passByIteration: passByIteration(result, longestLoop(analysis.results)),
    stopReasons: STOP_REASONS.flatMap((reason) => {
      const trials = result.iterations.stopReasons[reason] ?? 0;
      return trials > 0 ? [{ reason, trials }] : [];
    }),
    cost: cost(result),
  }));
}

function countedRate({ value, low, high, successes, n }: Proportion): CountedRate | undefined {
  return value === undefined ? undefined : { value, low, high, successes, n };
}

function longestLoop(results: readonly StrategyResult[]): number {
  return Math.max(0, ...results.map((result) => result.passByIteration.length));
}

/** Padded to the longest loop with the final rate: a stopped trial keeps its submitted answer. */
function passByIteration(result: StrategyResult, length: number): (number | null)[] {
  const rates = result.passByIteration.map((entry) => entry.carriedForward.value ?? null);
  const last = rates.at(-1) ?? null;
  return Array.from({ length }, (_, index) => (index < rates.length ? (rates[index] as number | null) : last));
}

function cost(result: StrategyResult): StrategyRow['cost'] {
  const { cost } = result.summary;
  const perTrial = (value: number | undefined) => (cost.trials === 0 || value === undefined ? undefined : value / cost.trials);
  const modelTime = cost.modelTime;
  return {
    callsPerTrial: perTrial(cost.calls),
    generationsPerTrial: result.summary.meanIterations,
    tokensInPerTrial: perTrial(cost.tokensIn),
    tokensOutPerTrial: perTrial(cost.tokensOut),
    modelMsPerTrial:
      modelTime && cost.trials > 0
        ? { load: modelTime.loadMs / cost.trials, prompt: modelTime.promptMs / cost.trials, generation: modelTime.generateMs / cost.trials }
        : undefined,
  };
}
