import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, sharedDemoRun } from '../support/cli.js';
import { demoStrategyIds } from '../support/demo-strategies.js';
import type { RunMeta } from '../../src/records/run-meta.js';
import { terminalColumns } from '../../src/report/terminal-table.js';
import { readCsv } from './csv-table.js';
import { widestLine } from './terminal-width.js';

const strategies = demoStrategyIds();
const reportFiles = ['report.md', 'report.html', 'summary.csv', 'trials.csv', 'attempts.csv', 'judges.csv'];

/** The text under a `## ` heading, up to the next one. */
function section(report: string, title: string): string {
  const start = report.indexOf(`\n## ${title}`);
  if (start < 0) return '';
  const end = report.indexOf('\n## ', start + 1);
  return report.slice(start, end < 0 ? undefined : end);
}

describe('the demo run (simulated, every task) rendered from its real records', () => {
  /** The shared run, as `bench` wrote and printed it; read from a copy, which `bench report` may write into. */
  let sharedDir = '';
  let runDir = '';
  let stdout = '';
  let tasks = 0;
  const read = (file: string) => readFileSync(join(runDir, file), 'utf8');

  beforeAll(async () => {
    const result = await sharedDemoRun();
    expect(result.code, result.stderr).toBe(0);
    sharedDir = result.runDir;
    runDir = join(mkdtempSync(join(tmpdir(), 'selfbench-report-')), 'run');
    cpSync(sharedDir, runDir, { recursive: true });
    stdout = result.stdout;
    tasks = (JSON.parse(read('run.json')) as RunMeta).dataset.tasks;
  }, 180_000);

  it('has every section, with numbers in it', () => {
    const report = read('report.md');
    expect(report.startsWith('# selfbench run: demo\n\n> **SIMULATED**')).toBe(true);
    const sections: [string, RegExp][] = [
      ['At a glance', /pass@1 \d+\.\d%/],
      ['Results', /\d+\.\d% \[\d+\.\d%, \d+\.\d%\]/],
      ['Task by task against one-shot', /[+-]?\d+\.\d pp \[/],
      ['Cost', /\d+ ms/],
      ['Pairwise: did the final answer beat the first?', new RegExp(`\\| self-reflection \\| coder \\| judge \\| ${tasks} \\| \\d+\\.\\d% \\[`)],
      ['Compute-matched comparison', /pass@3 \d+\.\d% \(from best-of-n's samples, \d+ output tokens per sample\)/],
      ['Retrying', /\d+\.\d% \(\d+\/\d+\)/],
      ['Pass rate by iteration', /\d+\.\d% \(\d+\)/],
      ['Stop reasons', /\| \d+\.\d\d \|/],
      ['Judges', /[+-]?\d+\.\d\d \[[+-]?\d+\.\d\d, [+-]?\d+\.\d\d\]/],
      ['Caveats', /±\d+\.\d (points|pp)/],
      ['Configuration', /sha256 `[0-9a-f]{64}`/],
      ['Glossary', /\*\*pass@1\*\*:/],
    ];
    for (const [title, numbers] of sections) {
      const text = section(report, title);
      expect(text, title).not.toBe('');
      expect(text, title).toMatch(numbers);
    }
    for (const strategy of strategies) expect(section(report, 'Results'), strategy).toContain(`| ${strategy}`);
    // Each loop is set beside resampling at its own generations, and beside best-of-n (the only fair sampler here).
    for (const loop of ['self-reflection', 'judge-loop', 'reflexion']) {
      expect(section(report, 'At a glance')).toMatch(new RegExp(`\\*\\*${loop}\\*\\*.*At equal compute: resampling with a perfect pick reaches \\d+\\.\\d% \\[.*best-of-n gets [+-]\\d+\\.\\d pp over one-shot at 3\\.0 generations\\.`));
    }
    expect(section(report, 'Compute-matched comparison')).toMatch(/\| best-of-n \| .* \| 3\.0 \| .* \| n\/a \| \d+\.\d% \(\d+\/\d+\) \|/);
    expect(section(report, 'Judges')).toContain('### Same model vs another model on the same answers');
    expect(section(report, 'Judges')).toContain('| judge | loop | judge-loop |');
    expect(report).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('writes the CSV files: a panel column per judge, a row per judge × strategy', () => {
    const summary = readCsv(read('summary.csv'));
    expect(summary.rows.map((row) => row.strategy)).toEqual(strategies);
    expect(summary.rows[1]).toMatchObject({ baseline: 'one-shot', pairs: String(tasks) });
    const bestOfN = summary.rows.find((row) => row.strategy === 'best-of-n');
    expect(bestOfN).toMatchObject({ generations_per_trial: '3', resampling_source: 'best-of-n' });
    expect(Number(bestOfN?.resampling_at_equal_generations)).toBeGreaterThan(0);
    expect(bestOfN?.selection_accuracy_n).not.toBe('');
    expect(readCsv(read('attempts.csv')).header).toEqual(expect.arrayContaining(['panel_coder_score', 'panel_judge_score']));
    const judges = readCsv(read('judges.csv')).rows.map((row) => `${row.role}:${row.judge}:${row.strategy}`);
    expect(judges).toEqual(expect.arrayContaining(['loop:coder:self-reflection', 'loop:judge:judge-loop', 'panel:coder:one-shot', 'panel:judge:reflexion']));
  });

  it('prints the compact headline within 100 columns, ending with the page to open; `bench report` re-renders byte-identical files', async () => {
    expect(stdout).toContain('demo — generator coder (sim-coder-7b) — SIMULATED');
    expect(stdout).toContain('Δ vs one-shot [95% CI]');
    for (const strategy of strategies) expect(stdout).toMatch(new RegExp(`│ ${strategy} +│`));
    expect(widestLine(stdout)).toBeLessThanOrEqual(terminalColumns);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(`open ${join(sharedDir, 'report.html')}`);
    const before = reportFiles.map(read);
    const rerender = await runCli(['report', runDir]);
    expect(rerender.code, rerender.stderr).toBe(0);
    expect(rerender.stdout).toContain('Δ vs one-shot [95% CI]');
    expect(reportFiles.map(read)).toEqual(before);
    const wide = await runCli(['report', runDir, '--wide']);
    expect(wide.stdout).toMatch(/│ iterations │ p50 per trial │ tokens +│/);
    expect(wide.stdout).toContain('one-shot (baseline)');
  });
});
