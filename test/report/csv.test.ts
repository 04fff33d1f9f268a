import { describe, expect, it } from 'vitest';
import { csvReporter } from '../../src/report/csv.js';
import { buildReportInput } from '../../src/report/report-input.js';
import type { ReportInput } from '../../src/report/types.js';
import { readCsv } from './csv-table.js';
import { fixtureInput, fixtureMeta, fixtureRecords, tenfoldRecords } from './run-fixture.js';

function csvFile(input: ReportInput, fileName: string) {
  const file = csvReporter.render(input).find((entry) => entry.fileName === fileName);
  if (!file) throw new Error(`${fileName} not rendered`);
  return readCsv(file.content);
}

describe('summary.csv', () => {
  const { header, rows } = csvFile(fixtureInput(), 'summary.csv');
  const row = (strategy: string) => rows.find((entry) => entry.strategy === strategy)!;

  it('keeps the existing column names and adds the new ones', () => {
    const existing = ['strategy', 'feedback', 'generator', 'model', 'simulated', 'trials', 'graded', 'passed', 'pass_at_1', 'pass_at_1_low', 'pass_at_1_high', 'errors', 'skipped', 'mean_iterations', 'task_ms_p50', 'task_ms_p95', 'call_ms_p50', 'call_ms_p95', 'calls', 'cached_calls', 'tokens_in', 'tokens_out', 'wall_ms', 'model_reported_ms'];
    const added = ['oracle', 'baseline', 'pairs', 'delta_vs_baseline', 'delta_vs_baseline_low', 'delta_vs_baseline_high', 'mcnemar_p', 'pairs_pass_fail', 'pairs_fail_pass', 'min_detectable_delta', 'fix_rate', 'break_rate', 'net_gain', 'retry_recover_rate', 'feedback_false_positive_rate', 'stop_threshold_met', 'stop_judge_error', 'cold_calls', 'model_switches', 'score_inflation', 'score_inflation_passing', 'score_inflation_failing'];
    expect(header).toEqual(expect.arrayContaining([...existing, ...added]));
    expect(header.every((name) => /^[a-z0-9_]+$/.test(name))).toBe(true);
  });

  it('has one row per strategy with its headline numbers', () => {
    expect(rows.map((entry) => entry.strategy)).toEqual(['one-shot', 'self-reflection', 'reflexion-oracle']);
    expect(row('self-reflection')).toMatchObject({
      feedback: 'self-judge',
      oracle: 'false',
      passed: '3',
      pass_at_1: '0.75',
      baseline: 'one-shot',
      pairs: '4',
      delta_vs_baseline: '0.25',
      mcnemar_p: '1',
      pairs_pass_pass: '2',
      pairs_pass_fail: '0',
      pairs_fail_pass: '1',
      pairs_fail_fail: '1',
      fix_rate: '0.5',
      fix_rate_n: '2',
      mean_iterations: '1.5',
      stop_threshold_met: '3',
      stop_judge_error: '1',
    });
    expect(row('reflexion-oracle').oracle).toBe('true');
  });

  it('leaves a cell empty, never 0, when the metric does not exist', () => {
    expect(row('one-shot')).toMatchObject({ baseline: '', delta_vs_baseline: '', mcnemar_p: '', min_detectable_delta: '', retry_recover_rate: '', call_ms_p50: '' });
    expect(row('one-shot')).toMatchObject({ score_inflation: '2', self_judge_mean_score: '7.5', cross_judge_mean_score: '5.5' });
    expect(row('reflexion-oracle')).toMatchObject({ fix_rate: '', fix_rate_n: '0', score_inflation_failing: '' });
  });
});

describe('attempts.csv', () => {
  const { header, rows } = csvFile(fixtureInput(), 'attempts.csv');

  it('has one row per attempt, and a score and a parse column per panel judge', () => {
    expect(rows).toHaveLength(14);
    expect(header).toEqual(expect.arrayContaining(['hidden_passed', 'feedback_passed', 'loop_score', 'loop_parse', 'panel_critic_score', 'panel_critic_parse', 'panel_gen_score', 'panel_gen_parse']));
  });

  it('puts every signal on an attempt side by side', () => {
    const attempt = (key: string, iteration: string) => rows.find((entry) => entry.key === key && entry.iteration === iteration)!;
    expect(attempt('one-shot|gen|t2|0', '1')).toMatchObject({ hidden_passed: 'false', panel_gen_score: '7', panel_critic_score: '4', loop_score: '' });
    // The judge's second reply did not parse, nor did the critic's: empty scores, `failed` parses.
    expect(attempt('self-reflection|gen|t3|0', '2')).toMatchObject({ final: 'true', loop_score: '', loop_parse: 'failed', panel_critic_score: '', panel_critic_parse: 'failed', panel_gen_score: '7' });
    // The panel scored final answers only.
    expect(attempt('self-reflection|gen|t2|0', '1')).toMatchObject({ final: 'false', loop_score: '6', panel_gen_score: '', panel_gen_parse: '' });
    expect(attempt('reflexion-oracle|gen|t1|0', '1')).toMatchObject({ feedback_source: 'oracle', feedback_passed: 'true' });
  });
});

describe('judges.csv', () => {
  it('has one row per judge × strategy with calibration, parse and inflation metrics', () => {
    const { rows } = csvFile(fixtureInput(), 'judges.csv');
    expect(rows.map((row) => `${row.role}:${row.judge}:${row.strategy}`)).toEqual([
      'panel:gen:one-shot',
      'panel:critic:one-shot',
      'loop:gen:self-reflection',
      'panel:gen:self-reflection',
      'panel:critic:self-reflection',
      'panel:gen:reflexion-oracle',
      'panel:critic:reflexion-oracle',
    ]);
    expect(rows[2]).toMatchObject({
      self: 'true',
      threshold: '7.5',
      threshold_source: 'strategy',
      verdicts: '6',
      parse_json: '5',
      parse_repaired: '0',
      parse_failed: '1',
      parse_failure_rate: '0.1667',
      stop_precision: '1',
      stop_precision_n: '3',
    });
    // 2 passing and 2 failing scored verdicts: the means, but no calibration figure.
    expect(rows[1]).toMatchObject({ self: 'false', threshold: '6', threshold_source: 'panel', mean_score_passing: '6.5', mean_score_failing: '4.5', scored_passing: '2', scored_failing: '2', score_inflation: '' });
    expect(rows[1]).toMatchObject({ auroc: '', brier: '', false_accept_rate: '', false_reject_rate: '' });
    expect(rows[0]).toMatchObject({ self: 'true', score_inflation: '2', inflation_pairs: '4' });
  });

  it('has no threshold metrics for panel judges when the panel threshold is unknown', () => {
    const { rows } = csvFile(buildReportInput(fixtureMeta(), fixtureRecords(), undefined), 'judges.csv');
    expect(rows[1]).toMatchObject({ threshold: '', threshold_source: '', false_accept_rate: '', false_reject_rate: '' });
    const enough = csvFile(buildReportInput(fixtureMeta(), tenfoldRecords(), undefined), 'judges.csv').rows[1];
    expect(enough).toMatchObject({ scored_passing: '20', scored_failing: '20', auroc: '1', false_accept_rate: '', false_reject_rate: '' });
  });
});
