import { describe, expect, it } from 'vitest';
import { csvReporter } from '../../src/report/csv.js';
import { headlineTable } from '../../src/report/headline-table.js';
import { htmlReporter } from '../../src/report/html/html-reporter.js';
import { pageData } from '../../src/report/html/page-data.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { renderTerminalTable, terminalColumns } from '../../src/report/terminal-table.js';
import { widestLine } from './terminal-width.js';
import type { ReportInput } from '../../src/report/types.js';
import type { Grade, TrialRecord } from '../../src/records/record.js';
import { readCsv } from './csv-table.js';
import { plusInput, plusRecords } from './plus-fixture.js';
import { fixtureInput, fixtureMeta, fixtureRecords } from './run-fixture.js';

const markdown = (input: ReportInput) => markdownReporter.render(input)[0]!.content;
const html = (input: ReportInput) => htmlReporter.render(input)[0]!.content;

function csvFile(input: ReportInput, fileName: string) {
  const file = csvReporter.render(input).find((entry) => entry.fileName === fileName);
  if (!file) throw new Error(`${fileName} not rendered`);
  return readCsv(file.content);
}

/** The text under a `## ` heading, up to the next one. */
function section(report: string, title: string): string {
  const start = report.indexOf(`\n## ${title}`);
  if (start < 0) return '';
  const end = report.indexOf('\n## ', start + 1);
  return report.slice(start, end < 0 ? undefined : end);
}

/** Table rows of a section that start with these cells. */
function rows(text: string, ...cells: string[]): string[] {
  return text.split('\n').filter((line) => line.startsWith(`| ${cells.join(' | ')} |`));
}

/** The records with each attempt's grade changed by `change`. */
function regraded(records: readonly TrialRecord[], change: (grade: Grade, record: TrialRecord) => Grade): TrialRecord[] {
  return records.map((record) => ({
    ...record,
    attempts: record.attempts.map((attempt) => (attempt.grade ? { ...attempt, grade: change(attempt.grade, record) } : attempt)),
  }));
}

describe('a run with plus inputs (HumanEval+)', () => {
  const input = plusInput();
  const report = markdown(input);

  it('shows pass@1 on base, on base + plus and the weak-test false passes in the headline table', () => {
    const results = section(report, 'Results');
    expect(results).toContain('| strategy | feedback | generator | pass@1 base [95% CI] | pass@1 base + plus [95% CI] | passed | weak-test false pass | Δ vs one-shot [95% CI] |');
    // Planted: 6 of 10 pass base, 4 of those pass plus.
    expect(rows(results, 'one-shot (baseline)')[0]).toContain('| 60.0% [31.3%, 83.2%] | 40.0% [16.8%, 68.7%] | 4/10 | 33.3% [9.7%, 70.0%] (2/6) | n/a |');
    expect(rows(results, 'self-reflection')[0]).toContain('| 90.0% [59.6%, 98.2%] | 60.0% [31.3%, 83.2%] | 6/10 | 33.3% [12.1%, 64.6%] (3/9) | +20.0 pp [0.0, +50.0] |');
    expect(results).toContain('10 of 10 tasks have plus inputs (HumanEval+)');
    expect(section(report, 'At a glance')).toContain('one-shot 33.3% (2/6), self-reflection 33.3% (3/9)');
  });

  it('shows base vs plus per attempt, so a loop whose retries fool the base tests stands out', () => {
    const byAttempt = section(report, 'Pass rate by iteration');
    expect(byAttempt).toContain('### Base vs plus tests by attempt');
    expect(rows(byAttempt, 'one-shot', 'gen', '1')).toEqual(['| one-shot | gen | 1 | 10 | 60.0% (6/10) | 40.0% (4/10) | 33.3% (2/6) |']);
    expect(rows(byAttempt, 'self-reflection', 'gen', '1')).toEqual(['| self-reflection | gen | 1 | 10 | 60.0% (6/10) | 50.0% (5/10) | 16.7% (1/6) |']);
    expect(rows(byAttempt, 'self-reflection', 'gen', '2')).toEqual(['| self-reflection | gen | 2 | 5 | 80.0% (4/5) | 20.0% (1/5) | 75.0% (3/4) |']);
  });

  it('scores each judge against plus: how often it said "wrong" where the base tests missed the bug', () => {
    const judges = section(report, 'Judges');
    expect(judges).toContain('### Against the plus inputs: did a judge catch what the base tests missed?');
    // Columns: τ, answers, AUROC base / base + plus, said wrong on fails base / passes base, fails plus / passes both, mean scores.
    // Ten answers hold fewer than ten of either class: no AUROC (the ranking itself is tested in metrics).
    expect(rows(judges, 'critic', 'panel', 'one-shot', 'gen', '6')).toEqual([
      '| critic | panel | one-shot | gen | 6 | 10 | n/a / n/a | 75.0% (3/4) | 50.0% (1/2) | 0.0% (0/4) | 4.50 / 5.00 / 8.00 |',
    ]);
    expect(rows(judges, 'gen (self)', 'panel', 'one-shot', 'gen', '6')[0]).toContain('| 25.0% (1/4) | 0.0% (0/2) | 0.0% (0/4) |');
    expect(rows(judges, 'gen (self)', 'loop', 'self-reflection', 'gen', '7.5')).toEqual([
      '| gen (self) | loop | self-reflection | gen | 7.5 | 15 | n/a / n/a | 100.0% (5/5) | 25.0% (1/4) | 0.0% (0/6) | 4.80 / 7.50 / 8.17 |',
    ]);
  });

  it('says grading was differential in the caveats and the configuration, and warns nowhere', () => {
    const differential = 'Differential grading on all 10 tasks';
    expect(section(report, 'Caveats')).toContain(differential);
    expect(section(report, 'Configuration')).toContain(differential);
    expect(report).not.toMatch(/assert-style grading on/i);
    expect(renderTerminalTable(input)).not.toMatch(/assert-style/i);
    expect(html(input)).not.toContain('grading-warning');
  });

  it('prints base + plus in the terminal, and with --wide base alone and the false passes too', () => {
    const compact = renderTerminalTable(input);
    expect(compact).not.toContain('pass@1 base');
    expect(compact).toMatch(/│ one-shot +│ none +│ 40\.0% \[16\.8, 68\.7\] +│ baseline +│/);
    expect(compact.replace(/\n/g, ' ')).toContain('base alone and the weak-test false passes: --wide, summary.csv.');
    expect(widestLine(compact)).toBeLessThanOrEqual(terminalColumns);
    const table = renderTerminalTable(input, { wide: true });
    expect(table).toContain('pass@1 base [95% CI]');
    expect(table).toContain('pass@1 base + plus [95% CI]');
    expect(table).toMatch(/one-shot \(baseline\) │ none +│ 60\.0% \[31\.3%, 83\.2%\] │ 40\.0% \[16\.8%, 68\.7%\] +│ 33\.3% \(2\/6\) +│/);
  });

  it('writes summary.csv columns for base, and the false passes with their counts', () => {
    const { rows: summary } = csvFile(input, 'summary.csv');
    expect(summary[0]).toMatchObject({
      strategy: 'one-shot',
      passed: '4',
      pass_at_1: '0.4',
      passed_base: '6',
      pass_at_1_base: '0.6',
      pass_at_1_base_n: '10',
      weak_test_false_passes: '2',
      weak_test_false_pass_rate: '0.3333',
      weak_test_false_pass_rate_n: '6',
    });
    expect(Number(summary[0]?.pass_at_1_base_low)).toBeCloseTo(0.3127, 4);
    expect(summary[1]).toMatchObject({ strategy: 'self-reflection', passed_base: '9', weak_test_false_passes: '3', weak_test_false_pass_rate_n: '9' });
  });

  it('writes each suite and the grading method in trials.csv and attempts.csv', () => {
    const trial = csvFile(input, 'trials.csv').rows.find((row) => row.key === 'one-shot|gen|t5|0');
    expect(trial).toMatchObject({ passed: 'false', grading_method: 'differential', base_passed: 'true', base_passed_inputs: '10', base_inputs: '10', plus_passed: 'false', plus_passed_inputs: '7', plus_inputs: '10' });
    const attempts = csvFile(input, 'attempts.csv').rows.filter((row) => row.key === 'self-reflection|gen|t8|0');
    expect(attempts.map((row) => [row.iteration, row.base_passed, row.plus_passed, row.hidden_passed, row.grading_method])).toEqual([
      ['1', 'false', 'false', 'false', 'differential'],
      ['2', 'true', 'true', 'true', 'differential'],
    ]);
  });

  it('writes the judges against plus in judges.csv', () => {
    const critic = csvFile(input, 'judges.csv').rows.find((row) => row.judge === 'critic');
    expect(critic).toMatchObject({
      plus_scored: '10',
      auroc_base: '', // fewer than ten of either class
      said_wrong_weak_test_miss: '0.5',
      said_wrong_weak_test_miss_n: '2',
      said_wrong_fails_base: '0.75',
      said_wrong_passes_both: '0',
      mean_score_weak_test_miss: '5',
    });
  });

  it('embeds base, base + plus and the false passes for the pass@1 chart, and the judges against plus', () => {
    const data = pageData(input);
    expect(data.rows[0]?.passAt1).toMatchObject({ value: 0.4, successes: 4, n: 10 });
    expect(data.rows[0]?.weakTests?.base).toMatchObject({ value: 0.6, successes: 6, n: 10 });
    expect(data.rows[0]?.weakTests?.falsePass).toMatchObject({ successes: 2, n: 6 });
    expect(data.judges.vsPlus.find((row) => row.label === 'panel on one-shot: critic')).toMatchObject({
      threshold: 6,
      scored: 10,
      saidWrong: { failsBase: { successes: 3, n: 4 }, weakTestMiss: { successes: 1, n: 2 }, passesBoth: { successes: 0, n: 4 } },
    });
    const page = html(input);
    expect(page).toContain('<table id="judges-vs-plus">');
    expect(page).toContain('<td>panel on one-shot: critic</td><td class="number">6</td><td class="number">10</td><td class="number">n/a / n/a</td><td class="number">75.0% (3/4)</td><td class="number">50.0% (1/2)</td>');
    // The headline table in the page is the markdown one: its base and false-pass cells are there.
    expect(page).toContain('<td class="number">33.3% [9.7%, 70.0%] (2/6)</td>');
  });
});

describe('assert-style grading', () => {
  // t1–t3 graded with the dataset's asserts inside the candidate's process; the rest differentially.
  const asserted = regraded(plusRecords(), (grade, record) => (['t1', 't2', 't3'].includes(record.taskId) ? { ...grade, method: 'asserts' } : grade));
  const warning = "Assert-style grading on 3 of 10 tasks: the dataset's own test code decided these answers, in a process of its own that calls the candidate over a pipe (runs made before 2026-12-01 ran it inside the candidate's process, where a determined program could fake a pass).";

  it('is labelled near the top of report.md and in its caveats, with the counts', () => {
    const report = markdown(plusInput(asserted));
    expect(report.indexOf(warning)).toBeGreaterThan(0);
    expect(report.indexOf(warning)).toBeLessThan(report.indexOf('## At a glance'));
    expect(section(report, 'Caveats')).toContain(warning);
    expect(report).not.toContain('Differential grading on all');
  });

  it('is labelled in the terminal and in report.html', () => {
    // Wrapped at 100 columns, as prose is under the table.
    expect(renderTerminalTable(plusInput(asserted)).replace(/\n/g, ' ')).toContain(warning);
    expect(html(plusInput(asserted))).toContain(`<div class="banner grading" id="grading-warning">${warning.replace(/'/g, '&#39;')}</div>`);
  });

  it('counts records without a method, written before differential grading, as assert-style and says so', () => {
    const old = regraded(plusRecords(), (grade, record) => {
      if (record.taskId !== 't4') return grade;
      const { method: _method, ...rest } = grade;
      return rest;
    });
    expect(markdown(plusInput(old))).toContain(
      'Assert-style grading on 1 of 10 tasks (records written before differential grading name no method: they were graded this way): the dataset',
    );
    // The fixture run of the other report tests predates differential grading entirely.
    expect(renderTerminalTable(fixtureInput())).toContain('Assert-style grading on 4 of 4 tasks');
  });
});

describe('a run without plus inputs', () => {
  /** py-core graded differentially: every grade has a single `base` suite, which is the tests themselves. */
  const singleBase = regraded(fixtureRecords(), (grade) => ({
    ...grade,
    method: 'differential',
    suites: [{ name: 'base', passed: grade.passed, inputs: 5, passedInputs: grade.passed ? 5 : 3 }],
  }));
  const gradingLines = /grading on|^> \*\*Grading\.\*\*/i;
  /** The report without the lines that say how it was graded, which do differ. */
  const withoutGrading = (report: string) =>
    report
      .split('\n')
      .filter((line) => !gradingLines.test(line))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n');

  it('renders report.md exactly as without suites, apart from how it was graded', () => {
    const plain = markdown(fixtureInput());
    const suites = markdown(fixtureInput(fixtureMeta(), singleBase));
    expect(suites).not.toBe(plain);
    expect(withoutGrading(suites)).toBe(withoutGrading(plain));
    expect(suites).toContain('Differential grading on all 4 tasks');
  });

  it('shows no base vs plus figure anywhere', () => {
    for (const input of [fixtureInput(), fixtureInput(fixtureMeta(), singleBase)]) {
      const report = markdown(input);
      for (const text of ['pass@1 base', 'weak-test', 'plus inputs', 'Base vs plus', 'Against the plus']) expect(report).not.toContain(text);
      expect(headlineTable(input.analysis, 'markdown').head).toEqual([
        'strategy',
        'feedback',
        'generator',
        'pass@1 [95% CI]',
        'passed',
        'Δ vs one-shot [95% CI]',
        'p (McNemar)',
        'fix / break',
        'iterations',
        'p50 per trial',
        'tokens',
      ]);
      expect(input.analysis.results.map((result) => result.weakTests)).toEqual([undefined, undefined, undefined]);
      expect(input.analysis.judges.map((judge) => judge.vsPlus)).toEqual(input.analysis.judges.map(() => undefined));
      const data = pageData(input);
      expect(data.rows.map((row) => 'weakTests' in row)).toEqual([false, false, false]);
      expect(data.judges.vsPlus).toEqual([]);
      expect(html(input)).not.toContain('judges-vs-plus');
    }
  });

  it('leaves the base vs plus CSV cells empty, and fills the single base suite where it was recorded', () => {
    const summary = csvFile(fixtureInput(fixtureMeta(), singleBase), 'summary.csv').rows;
    expect(summary.map((row) => [row.passed_base, row.pass_at_1_base, row.weak_test_false_pass_rate])).toEqual([
      ['', '', ''],
      ['', '', ''],
      ['', '', ''],
    ]);
    expect(csvFile(fixtureInput(fixtureMeta(), singleBase), 'summary.csv').rows).toEqual(csvFile(fixtureInput(), 'summary.csv').rows);
    const trial = csvFile(fixtureInput(fixtureMeta(), singleBase), 'trials.csv').rows[1];
    expect(trial).toMatchObject({ grading_method: 'differential', base_passed: 'false', base_passed_inputs: '3', plus_passed: '', plus_inputs: '' });
    expect(csvFile(fixtureInput(), 'trials.csv').rows[1]).toMatchObject({ grading_method: 'asserts', base_passed: '', plus_passed: '' });
  });
});
