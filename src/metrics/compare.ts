import type { TrialRecord } from '../records/record.js';
import type { RunMeta } from '../records/run-meta.js';
import { compareTrials } from './analysis.js';
import { pairedGain, type PairedGain } from './paired.js';

export interface RunSide {
  meta: RunMeta;
  records: readonly TrialRecord[];
}

/** Run B against run A for each strategy × generator both ran, paired on (task, repeat), in the order of A's results table. */
export interface RunComparison {
  rows: ComparisonRow[];
}

export type ComparisonRow = PairedGain & { generator: string; strategyId: string };

/** The level below which `--fail-on-regression` calls a drop significant (McNemar's exact test). */
export const regressionAlpha = 0.05;

/** Rows where B is significantly worse than A: a drop in pass@1 (Δ < 0) that McNemar's exact test finds (p < 0.05). */
export function regressions(comparison: RunComparison): ComparisonRow[] {
  return comparison.rows.filter((row) => row.delta.value < 0 && row.mcnemarP < regressionAlpha);
}

/**
 * Two runs are comparable only on the same tasks: otherwise a difference in pass rate
 * could be a difference in difficulty. Returns the reason when they are not.
 */
export function compareRuns(a: RunSide, b: RunSide): RunComparison | { refused: string } {
  if (a.meta.dataset.sha256 !== b.meta.dataset.sha256) {
    return { refused: `different datasets: ${a.meta.dataset.source} (sha256 ${a.meta.dataset.sha256.slice(0, 12)}) vs ${b.meta.dataset.source} (sha256 ${b.meta.dataset.sha256.slice(0, 12)})` };
  }
  const tasksOf = (side: RunSide) => new Set(side.records.filter((record) => record.passed !== null).map((record) => record.taskId));
  const tasksA = tasksOf(a);
  const tasksB = tasksOf(b);
  const onlyA = [...tasksA].filter((task) => !tasksB.has(task));
  const onlyB = [...tasksB].filter((task) => !tasksA.has(task));
  if (onlyA.length > 0 || onlyB.length > 0) {
    return { refused: `different tasks: ${onlyA.length} graded only in the first run (e.g. ${onlyA[0] ?? '-'}), ${onlyB.length} only in the second (e.g. ${onlyB[0] ?? '-'})` };
  }
  // Relabel each side as its own "strategy", then pair them as a strategy is paired with its baseline. Groups come in
  // the canonical order of A's analysis: its config's strategy order, then generator, as A's results table has them.
  const ordered = [...a.records].sort(compareTrials(a.meta.strategies.map((strategy) => strategy.id)));
  const groups = new Set(ordered.map((record) => `${record.strategyId}\u0000${record.generator}`));
  const rows = [...groups].flatMap((group) => {
    const [strategyId = '', generator = ''] = group.split('\u0000');
    const side = (records: readonly TrialRecord[], label: string) =>
      records.filter((record) => record.strategyId === strategyId && record.generator === generator).map((record) => ({ ...record, strategyId: label }));
    const gain = pairedGain([...side(a.records, 'A'), ...side(b.records, 'B')], 'B', { baseline: 'A' });
    return gain ? [{ ...gain, strategyId, generator }] : [];
  });
  if (rows.length === 0) return { refused: 'the runs have no strategy × generator in common' };
  return { rows };
}
