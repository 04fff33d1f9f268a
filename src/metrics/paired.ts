import type { TrialRecord } from '../records/record.js';
import { gradedTrials } from './pass-at-k.js';
import { clusteredMean, groupBy, mcnemarExact, type BootstrapOptions, type Estimate } from './statistics.js';

export interface PairedOptions extends BootstrapOptions {
  /** Strategy instance every other is compared with; `one-shot` by default. */
  baseline?: string;
}

/** A strategy against the baseline on the same (generator, task, repeat) trials, both graded. */
export interface PairedGain {
  strategy: string;
  baseline: string;
  pairs: number;
  tasks: number;
  strategyPassAt1: number;
  baselinePassAt1: number;
  /** pass@1(strategy) − pass@1(baseline) = (b − c)/pairs, with a percentile bootstrap interval over tasks. */
  delta: Estimate;
  /** Discordant pairs: b = the baseline failed and the strategy passed; c = the reverse. */
  b: number;
  c: number;
  /** Exact McNemar on b and c; repeats are pooled as separate pairs (the bootstrap interval is the one that respects clustering). */
  mcnemarP: number;
}

interface Pair {
  taskId: string;
  strategy: boolean;
  baseline: boolean;
}

/** `records` may hold any strategies and generators; undefined when no pair exists. */
export function pairedGain(records: readonly TrialRecord[], strategyId: string, options: PairedOptions = {}): PairedGain | undefined {
  const { baseline = 'one-shot', ...bootstrapOptions } = options;
  const pairs = pairTrials(records, strategyId, baseline);
  const byTask = [...groupBy(pairs, (pair) => pair.taskId).values()];
  const delta = clusteredMean(
    byTask.map((task) => task.map((pair) => Number(pair.strategy) - Number(pair.baseline))),
    bootstrapOptions,
  );
  if (!delta) return undefined;
  const b = pairs.filter((pair) => pair.strategy && !pair.baseline).length;
  const c = pairs.filter((pair) => !pair.strategy && pair.baseline).length;
  const passRate = (side: 'strategy' | 'baseline') => pairs.filter((pair) => pair[side]).length / pairs.length;
  return {
    strategy: strategyId,
    baseline,
    pairs: pairs.length,
    tasks: byTask.length,
    strategyPassAt1: passRate('strategy'),
    baselinePassAt1: passRate('baseline'),
    delta,
    b,
    c,
    mcnemarP: mcnemarExact(b, c),
  };
}

function pairTrials(records: readonly TrialRecord[], strategyId: string, baselineId: string): Pair[] {
  const pairKey = (record: TrialRecord) => [record.generator, record.taskId, record.repeat].join('\u0000');
  const graded = gradedTrials(records);
  const baseline = new Map(graded.filter((record) => record.strategyId === baselineId).map((record) => [pairKey(record), record]));
  return graded.flatMap((record) => {
    const partner = record.strategyId === strategyId ? baseline.get(pairKey(record)) : undefined;
    return partner ? [{ taskId: record.taskId, strategy: record.passed === true, baseline: partner.passed === true }] : [];
  });
}
