import type { TrialRecord } from '../records/record.js';
import type { RunMeta } from '../records/run-meta.js';
import { compareTrials } from './analysis.js';
import { pairedGain, type PairedGain } from './paired.js';
import { significanceLevel } from './statistics.js';

export interface RunSide {
  meta: RunMeta;
  records: readonly TrialRecord[];
}

/** Run B against run A for each strategy × generator both ran, paired on (task, repeat), in the order of A's results table. */
export interface RunComparison {
  rows: ComparisonRow[];
}

export type ComparisonRow = PairedGain & { generator: string; strategyId: string };

/** Rows where B is significantly worse than A: a drop in pass@1 (Δ < 0) that McNemar's exact test finds (p < α). */
export function regressions(comparison: RunComparison): ComparisonRow[] {
  return comparison.rows.filter((row) => row.delta.value < 0 && row.mcnemarP < significanceLevel);
}

/**
 * What decides whether two runs can be compared, known of a finished run from its records and of a planned one from
 * its plan (`--fail-on-regression` checks before the run, as if each planned trial will be graded).
 */
export interface RunOutline {
  dataset: { source: string; sha256: string };
  /** Tasks graded on the hidden tests. */
  taskIds: ReadonlySet<string>;
  /** Strategy × generator pairs with a graded trial, as `strategyGroup` keys. */
  groups: ReadonlySet<string>;
}

/** One strategy × generator as a key: ids may hold any printable character, so a NUL separates them. */
export function strategyGroup(strategyId: string, generator: string): string {
  return `${strategyId}\u0000${generator}`;
}

/** The outline of a finished run: its graded trials (open tasks and infrastructure errors are not graded). */
export function outlineOf(side: RunSide): RunOutline {
  const graded = side.records.filter((record) => record.passed !== null);
  return {
    dataset: side.meta.dataset,
    taskIds: new Set(graded.map((record) => record.taskId)),
    groups: new Set(graded.map((record) => strategyGroup(record.strategyId, record.generator))),
  };
}

const noGroupInCommon = 'the runs have no strategy × generator in common';

/**
 * Two runs are comparable only on the same tasks: otherwise a difference in pass rate could be a difference in
 * difficulty. The reason they are not (A is "the first run", B "the second"), or undefined. The one source of
 * `compareRuns`' refusals, which `--fail-on-regression` also gives before a run.
 */
export function incomparability(a: RunOutline, b: RunOutline): string | undefined {
  if (a.dataset.sha256 !== b.dataset.sha256) {
    return `different datasets: ${a.dataset.source} (sha256 ${a.dataset.sha256.slice(0, 12)}) vs ${b.dataset.source} (sha256 ${b.dataset.sha256.slice(0, 12)})`;
  }
  // Sorted, so the example named does not depend on the order trials finished in.
  const onlyA = [...a.taskIds].filter((task) => !b.taskIds.has(task)).sort();
  const onlyB = [...b.taskIds].filter((task) => !a.taskIds.has(task)).sort();
  if (onlyA.length > 0 || onlyB.length > 0) {
    return `different tasks: ${onlyA.length} graded only in the first run (e.g. ${onlyA[0] ?? '-'}), ${onlyB.length} only in the second (e.g. ${onlyB[0] ?? '-'})`;
  }
  if (![...a.groups].some((group) => b.groups.has(group))) return noGroupInCommon;
  return undefined;
}

/** Run B against run A for each strategy × generator both ran, or why they cannot be compared (`incomparability`). */
export function compareRuns(a: RunSide, b: RunSide): RunComparison | { refused: string } {
  const refused = incomparability(outlineOf(a), outlineOf(b));
  if (refused !== undefined) return { refused };
  // Relabel each side as its own "strategy", then pair them as a strategy is paired with its baseline. Groups come in
  // the canonical order of A's analysis: its config's strategy order, then generator, as A's results table has them.
  const ordered = [...a.records].sort(compareTrials(a.meta.strategies.map((strategy) => strategy.id)));
  const groups = new Map(ordered.map((record) => [strategyGroup(record.strategyId, record.generator), record] as const));
  const rows = [...groups.values()].flatMap(({ strategyId, generator }) => {
    const side = (records: readonly TrialRecord[], label: string) =>
      records.filter((record) => record.strategyId === strategyId && record.generator === generator).map((record) => ({ ...record, strategyId: label }));
    const gain = pairedGain([...side(a.records, 'A'), ...side(b.records, 'B')], 'B', { baseline: 'A' });
    return gain ? [{ ...gain, strategyId, generator }] : [];
  });
  // Groups in common whose graded trials share no (task, repeat): still nothing to compare.
  if (rows.length === 0) return { refused: noGroupInCommon };
  return { rows };
}
