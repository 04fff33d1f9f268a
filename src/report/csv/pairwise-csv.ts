import type { RunAnalysis } from '../../metrics/analysis.js';
import { PARSE_STATUSES } from '../../records/lists.js';
import { estimateColumns, rateColumns, type CsvRow } from './columns.js';

/**
 * pairwise.csv: one row per strategy × generator × pairwise judge — final answers against first ones, win / tie / loss
 * over the pairs with an outcome — with the judge's position consistency and reading counts (the same on each of its
 * rows), its check against the hidden tests on code tasks, and the self score's rise over the same trials. No rows
 * without `panel.pairwise`.
 */
export function pairwiseRows(analysis: RunAnalysis): CsvRow[] {
  const pairwise = analysis.pairwise;
  if (!pairwise) return [];
  return pairwise.rates.map((row) => {
    const judge = pairwise.judges.find((entry) => entry.judge === row.judge);
    const rise = pairwise.scoreRises.find((entry) => entry.strategy === row.strategy && entry.generator === row.generator);
    return {
      strategy: row.strategy,
      generator: row.generator,
      judge: row.judge,
      self: row.self,
      pairs: row.pairs,
      ...rateColumns('win_rate', row.win),
      ...rateColumns('tie_rate', row.tie),
      ...rateColumns('loss_rate', row.loss),
      identical: row.identical,
      inconsistent: row.inconsistent,
      unreadable: row.failed,
      ...rateColumns('position_consistency', judge?.consistency),
      ...Object.fromEntries(PARSE_STATUSES.map((status) => [`parse_${status}`, judge?.readings[status] ?? ''])),
      ...rateColumns('preferred_failing_rate', judge?.vsTests?.wrong),
      ...estimateColumns('self_score_rise', rise?.rise),
    };
  });
}
