import { describe, expect, it } from 'vitest';
import { compareRuns, regressions, type RunComparison } from '../../src/metrics/compare.js';
import type { TrialRecord } from '../../src/records/record.js';
import { renderComparison } from '../../src/report/comparison-table.js';
import { pointsWithInterval } from '../../src/report/format.js';
import { headlineTable } from '../../src/report/headline-table.js';
import { fixtureInput, fixtureMeta, tenfoldRecords } from './run-fixture.js';

const meta = fixtureMeta();
const compared = (a: readonly TrialRecord[], b: readonly TrialRecord[]): RunComparison => {
  const comparison = compareRuns({ meta, records: a }, { meta, records: b });
  if ('refused' in comparison) throw new Error(comparison.refused);
  return comparison;
};
/** One-shot fails every task in B: 20 of its 40 pairs go from pass to fail. */
const oneShotBroken = () => tenfoldRecords().map((record) => (record.strategyId === 'one-shot' ? { ...record, passed: false } : record));

describe('bench compare', () => {
  it('lists strategies in the order of the results table, whatever order the trials finished in', () => {
    const { rows } = compared([...tenfoldRecords()].reverse(), [...tenfoldRecords()].reverse());
    const table = headlineTable(fixtureInput(meta, tenfoldRecords()).analysis, 'terminal');
    expect(rows.map((row) => row.strategyId)).toEqual(table.rows.map((row) => row[0]));
    expect(rows.map((row) => row.strategyId)).toEqual(['one-shot', 'self-reflection', 'reflexion-oracle']);
  });

  it('prints Δ in percentage points, as the results table does', () => {
    const comparison = compared(tenfoldRecords(), oneShotBroken());
    const text = renderComparison(comparison.rows);
    expect(text).toContain('│ -50.0 pp [');
    expect(text).toContain(pointsWithInterval(comparison.rows[0]!.delta));
    expect(text).not.toMatch(/\d pt\b/);
    expect(text).toMatch(/│ one-shot +│ gen +│ 50\.0% +│ 0\.0% +│ -50\.0 pp \[-\d+\.\d, [-+]?\d+\.\d\] +│ <0\.001 +│ 40 +│/);
  });
});

describe('--fail-on-regression', () => {
  it('finds a strategy significantly worse than in the baseline (Δ < 0, McNemar p < 0.05), and nothing in an equal run', () => {
    expect(regressions(compared(tenfoldRecords(), oneShotBroken())).map((row) => row.strategyId)).toEqual(['one-shot']);
    expect(regressions(compared(tenfoldRecords(), tenfoldRecords()))).toEqual([]);
    // Better is not a regression, however significant.
    expect(regressions(compared(oneShotBroken(), tenfoldRecords()))).toEqual([]);
  });
});
