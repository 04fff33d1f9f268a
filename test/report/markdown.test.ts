import { describe, expect, it } from 'vitest';
import { csvReporter } from '../../src/report/csv.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { buildReportInput } from '../../src/report/report-input.js';
import { renderTerminalTable, terminalColumns } from '../../src/report/terminal-table.js';
import { widestLine } from './terminal-width.js';
import type { ReportInput } from '../../src/report/types.js';
import { fixtureConfig, fixtureInput, fixtureMeta, fixtureRecords } from './run-fixture.js';

const render = (input: ReportInput) => markdownReporter.render(input)[0]!.content;
/** The table row of `strategy` in the section titled `title`. */
function tableRow(report: string, title: string, strategy: string): string {
  const section = report.split('\n## ').find((part) => part.startsWith(title)) ?? '';
  return section.split('\n').find((line) => line.startsWith(`| ${strategy} `)) ?? '';
}

describe('report.md', () => {
  const report = render(fixtureInput());

  it('says SIMULATED only when a generator is simulated', () => {
    expect(report).not.toContain('SIMULATED');
    const simulated = render(fixtureInput(fixtureMeta({ simulated: true })));
    expect(simulated).toContain('> **SIMULATED**');
    expect(simulated.indexOf('**SIMULATED**')).toBeLessThan(simulated.indexOf('## At a glance'));
  });

  it('marks oracle rows as an upper bound wherever they appear', () => {
    expect(tableRow(report, 'Results', 'reflexion-oracle')).toContain('oracle — upper bound, not a fair comparison');
    expect(report).toMatch(/\*\*reflexion-oracle\*\* \(oracle — upper bound, not a fair comparison\)/);
    expect(tableRow(report, 'Results', 'self-reflection')).not.toContain('oracle');
  });

  it('shows n/a for the missing Δ of the baseline, and the numbers of the others', () => {
    const cells = (line: string) => line.split(' | ');
    expect(cells(tableRow(report, 'Results', 'one-shot (baseline)')).slice(5, 7)).toEqual(['n/a', 'n/a']);
    expect(tableRow(report, 'Results', 'self-reflection')).toContain('| 75.0% [30.1%, 95.4%] | 3/4 | +25.0 pp [0.0, +75.0] | 1.000 |');
    expect(tableRow(report, 'Task by task', 'self-reflection')).toContain('| 4 | 2 | 0 | 1 | 1 |');
  });

  it('says there is no baseline, and shows no Δ, in a run without one-shot', () => {
    const meta = fixtureMeta();
    const noBaseline = render(
      fixtureInput(
        { ...meta, strategies: meta.strategies.filter((strategy) => strategy.use !== 'one-shot') },
        fixtureRecords().filter((record) => record.strategyId !== 'one-shot'),
      ),
    );
    expect(tableRow(noBaseline, 'Results', 'self-reflection')).toContain('| n/a | n/a |');
    expect(noBaseline).toContain('This run has no one-shot strategy');
  });

  it('has the judge tables: same vs cross judge, and calibration with thresholds', () => {
    expect(tableRow(report, 'Judges', 'one-shot')).toContain('| critic | 4 | 7.50 | 5.50 | +2.00 [+1.25, +2.75] |');
    // Verdicts counted by how they were read; 3 passing and 2 failing scored verdicts are too few for calibration figures.
    const tooFew = 'too few verdicts (3 passing, 2 failing)';
    expect(report).toContain(`| gen (self) | loop | self-reflection | gen | 7.5 (strategy) | 6 | 5 / 0 / 1 | 16.7% (1/6) | 8.33 / 5.50 | ${tooFew} | ${tooFew} | ${tooFew} | ${tooFew} | 100.0% (3/3) |`);
    expect(report).toContain('*repaired*: one complete, valid rubric object');
    expect(report).toContain('cannot measure **self-preference**');
  });

  it('has the per-iteration, stop reason and notes sections', () => {
    expect(tableRow(report, 'Pass rate by iteration', 'self-reflection')).toContain('| 50.0% (4) | 75.0% (2) |');
    expect(tableRow(report, 'Stop reasons', 'self-reflection')).toContain('| 3 | 0 | 0 | 1 | 1.50 |');
    expect(report).toContain('| panel judge "critic" failed on attempt N: timeout after N ms | 1 |');
  });

  it('ends with caveats, the full configuration (secrets left out) and a glossary', () => {
    const caveats = report.slice(report.indexOf('## Caveats'), report.indexOf('## Configuration'));
    expect(caveats).toContain('±49.0 points');
    expect(caveats).toContain('self-reflection ±70.0 pp');
    const configuration = report.slice(report.indexOf('## Configuration'), report.indexOf('## Glossary'));
    for (const expected of ['selfbench 0.0.0-test', 'sandbox `process`', `sha256 \`${'ab'.repeat(32)}\``, 'Seed 7', 'threshold 6', '`gen:7b`', '`{"temperature":0}`', `\`${'cd'.repeat(32)}\``]) {
      expect(configuration).toContain(expected);
    }
    expect(report).not.toContain('sk-do-not-print');
    const glossary = report.slice(report.indexOf('## Glossary'));
    for (const term of ['pass@1', 'Δ vs baseline', 'p (McNemar)', 'fix rate', 'score inflation', 'AUROC', 'Brier', 'stop precision', 'oracle', 'n/a']) {
      expect(glossary).toContain(`**${term}**:`);
    }
  });

  it('says when the stored config could not be read, instead of guessing its settings', () => {
    const withoutConfig = render(buildReportInput(fixtureMeta(), fixtureRecords(), undefined));
    expect(withoutConfig).toContain("config.yaml could not be read");
    expect(withoutConfig).toContain('| critic | panel | one-shot | gen | n/a |');
  });

  it('warns that pass@k at temperature 0 is close to pass@1 when there are repeats', () => {
    const repeated = fixtureRecords().flatMap((record) => [record, { ...record, repeat: 1, key: record.key.replace(/0$/, '1') }]);
    const withRepeats = render(fixtureInput(fixtureMeta(), repeated, { ...fixtureConfig, repeats: 2 }));
    expect(withRepeats).toContain('## pass@k');
    expect(withRepeats).toContain('pass@k at temperature 0: gen decode greedily');
    expect(report).not.toContain('temperature 0');
  });
});

describe('rendering', () => {
  it('is deterministic: the same records in any order give byte-identical reports', () => {
    const files = (input: ReportInput) => [...csvReporter.render(input), ...markdownReporter.render(input), { fileName: 'terminal', content: renderTerminalTable(input) }];
    const first = files(fixtureInput());
    expect(files(fixtureInput())).toEqual(first);
    expect(files(fixtureInput(fixtureMeta(), [...fixtureRecords()].reverse()))).toEqual(first);
  });

  it('prints the compact headline in the terminal, within 100 columns: long labels wrap inside their cell', () => {
    const table = renderTerminalTable(fixtureInput());
    expect(table.split('\n')[0]).toBe('fixture — generator gen (gen:7b)');
    expect(table).toContain('Δ vs one-shot [95% CI]');
    expect(table).toMatch(/│ oracle \(upper +│[^\n]*\n│[^│]*│ bound\) +│/);
    expect(table).toContain('+25.0 pp [0.0, +75.0]');
    expect(table).toMatch(/\d+\.\d% \[\d+\.\d, \d+\.\d\]/);
    expect(table).toContain('self-judge score inflation');
    expect(table).not.toContain('tokens');
    expect(widestLine(table)).toBeLessThanOrEqual(terminalColumns);
  });

  it('prints every terminal column with --wide, as before the compact table', () => {
    const table = renderTerminalTable(fixtureInput(), { wide: true });
    expect(table).toContain('oracle (upper bound)');
    expect(table).toMatch(/│ iterations │ p50 per trial │ tokens │/);
    expect(table).toMatch(/\d+\.\d% \[\d+\.\d%, \d+\.\d%\]/);
    expect(widestLine(table)).toBeGreaterThan(terminalColumns);
  });
});
