import { describe, expect, it } from 'vitest';
import { csvReporter } from '../../src/report/csv.js';
import { feedbackLabel } from '../../src/report/labels.js';
import { buildReportInput } from '../../src/report/report-input.js';
import type { TrialRecord } from '../../src/records/record.js';
import { trial } from '../metrics/fixtures.js';
import { readCsv } from './csv-table.js';
import { fixtureMeta } from './run-fixture.js';

/** Reflexion configured with self-tests: two trials ran on them, three fell back to visible tests, one had none. */
function reflexionTrials(): TrialRecord[] {
  const used = ['self-tests', 'visible-tests', 'visible-tests', 'none', 'self-tests', 'visible-tests'] as const;
  return used.map((kind, index) => ({
    ...trial({ strategyId: 'reflexion', taskId: `t${index}`, outcomes: [index % 2 === 0] }),
    key: `reflexion|gen|t${index}|0`,
    strategy: { id: 'reflexion', use: 'reflexion', feedback: 'self-tests' },
    feedbackUsed: kind,
  }));
}

describe('the feedback a row used, not only the one configured', () => {
  const meta = fixtureMeta({ strategies: [{ id: 'reflexion', use: 'reflexion', feedback: 'self-tests', options: {} }] });

  it('labels the row with the mix, most used first', () => {
    const input = buildReportInput(meta, reflexionTrials(), undefined);
    const row = input.analysis.results[0]!;
    expect(row.feedback).toBe('self-tests');
    expect(feedbackLabel(row)).toBe('visible-tests 3 / self-tests 2 / none 1');
  });

  it('says the one kind used when every trial used the same, even if it is not the configured one', () => {
    const fellBack = reflexionTrials().map((record) => ({ ...record, feedbackUsed: 'visible-tests' as const }));
    expect(feedbackLabel(buildReportInput(meta, fellBack, undefined).analysis.results[0]!)).toBe('visible-tests');
  });

  it('reads records written before it was kept as their configured kind', () => {
    const older = reflexionTrials().map(({ feedbackUsed: _kept, ...record }) => record);
    expect(feedbackLabel(buildReportInput(meta, older, undefined).analysis.results[0]!)).toBe('self-tests');
  });

  it('has a feedback_used column in trials.csv and summary.csv', () => {
    const files = csvReporter.render(buildReportInput(meta, reflexionTrials(), undefined));
    const trials = readCsv(files.find((file) => file.fileName === 'trials.csv')!.content);
    expect(trials.rows.map((row) => row.feedback_used)).toEqual(['self-tests', 'visible-tests', 'visible-tests', 'none', 'self-tests', 'visible-tests']);
    const summary = readCsv(files.find((file) => file.fileName === 'summary.csv')!.content);
    expect(summary.rows[0]?.feedback_used).toBe('visible-tests 3 / self-tests 2 / none 1');
  });
});
