import { describe, expect, it } from 'vitest';
import { summaryRows } from '../../src/report/csv/summary-csv.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { htmlReporter } from '../../src/report/html/html-reporter.js';
import { renderTerminalTable, terminalColumns } from '../../src/report/terminal-table.js';
import { widestLine } from './terminal-width.js';
import { trial } from '../metrics/fixtures.js';
import { fixtureInput, fixtureMeta } from './run-fixture.js';

// 20 tasks; the loop fixes 5 that one-shot fails and breaks none. McNemar's exact p on 5 discordant pairs is
// 2 · 0.5^5 = 0.0625, not significant, while the bootstrap interval over tasks excludes 0: the two disagree.
const tasks = Array.from({ length: 20 }, (_, index) => `t${index + 1}`);
const records = [
  ...tasks.map((taskId, index) => trial({ taskId, outcomes: [index >= 10] })),
  ...tasks.map((taskId, index) => trial({ strategyId: 'self-reflection', taskId, outcomes: index < 5 ? [false, true] : [index >= 10] })),
];
const meta = fixtureMeta({ strategies: fixtureMeta().strategies.slice(0, 2), trials: records.length });
const input = fixtureInput(meta, records);
const loop = input.analysis.results.find((result) => result.strategy === 'self-reflection')!;

describe('a Δ whose bootstrap interval and exact test disagree', () => {
  it('is flagged in the analysis', () => {
    expect(loop.vsBaseline).toMatchObject({ b: 5, c: 0, testsDisagree: true });
    expect(loop.vsBaseline!.mcnemarP).toBeCloseTo(0.0625, 12);
    expect(loop.vsBaseline!.delta.low).toBeGreaterThan(0);
  });

  it('carries † in the terminal table, report.md and report.html, with the footnote, and a summary.csv column', () => {
    const terminal = renderTerminalTable(input);
    expect(terminal).toContain('+25.0 pp [');
    expect(terminal).toMatch(/\+25\.0 pp \[\+\d+\.\d, \+\d+\.\d\]†/);
    expect(terminal).toContain('† the bootstrap interval of Δ and McNemar');
    expect(widestLine(terminal)).toBeLessThanOrEqual(terminalColumns);
    const markdown = markdownReporter.render(input)[0]!.content;
    expect(markdown).toMatch(/\| \+25\.0 pp \[\+\d+\.\d, \+\d+\.\d\]† \|/);
    expect(markdown).toContain('treat that Δ as unconfirmed');
    expect(htmlReporter.render(input)[0]!.content).toContain('treat that Δ as unconfirmed');
    expect(summaryRows(input.analysis, false).map((row) => row.delta_unconfirmed)).toEqual(['', true]);
  });

  it('is not flagged where both agree, and no footnote is printed', () => {
    const agreeing = fixtureInput(meta, [...records.slice(0, 20), ...tasks.map((taskId, index) => trial({ strategyId: 'self-reflection', taskId, outcomes: index < 10 ? [false, true] : [true] }))]);
    expect(agreeing.analysis.results[1]?.vsBaseline?.testsDisagree).toBe(false);
    expect(renderTerminalTable(agreeing)).not.toContain('†');
    expect(summaryRows(agreeing.analysis, false)[1]?.delta_unconfirmed).toBe(false);
  });
});
