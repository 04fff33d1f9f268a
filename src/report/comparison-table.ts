import Table from 'cli-table3';
import type { ComparisonRow } from '../metrics/compare.js';
import { consoleTableOptions } from './console-table.js';
import { percent, pointsWithInterval, pValue } from './format.js';

/** `bench compare`'s table (and `--fail-on-regression`'s list): B against A per strategy, in the units of the results table. */
export function renderComparison(rows: readonly ComparisonRow[], { ascii = false }: { ascii?: boolean } = {}): string {
  const table = new Table({ head: ['strategy', 'generator', 'pass@1 A', 'pass@1 B', 'Δ (B − A) [95% CI]', 'p (McNemar)', 'pairs'], ...consoleTableOptions(ascii) });
  for (const row of rows) {
    table.push([
      row.strategyId,
      row.generator,
      percent(row.baselinePassAt1),
      percent(row.strategyPassAt1),
      pointsWithInterval(row.delta),
      pValue(row.mcnemarP),
      String(row.pairs),
    ]);
  }
  return table.toString();
}
