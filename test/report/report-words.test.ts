import { describe, expect, it } from 'vitest';
import { summaryRows } from '../../src/report/csv/summary-csv.js';
import { trialRow } from '../../src/report/csv/trials-csv.js';
import { definitionOf, glossaryTerms, shownTerms, termsIn } from '../../src/report/glossary-terms.js';
import { htmlReporter } from '../../src/report/html/html-reporter.js';
import { pageData } from '../../src/report/html/page-data.js';
import { headerCell } from '../../src/report/html/rich-html.js';
import { escapeHtml } from '../../src/report/html/embed.js';
import { markdownReporter } from '../../src/report/markdown.js';
import type { ReportInput } from '../../src/report/types.js';
import type { TrialRecord } from '../../src/records/record.js';
import { call, trial } from '../metrics/fixtures.js';
import { htmlBullets, htmlText, markdownBullets } from './report-text.js';
import { fixtureInput, fixtureMeta, tenfoldRecords } from './run-fixture.js';

const markdown = (input: ReportInput) => markdownReporter.render(input)[0]!.content;
const html = (input: ReportInput) => htmlReporter.render(input)[0]!.content;

/**
 * A one-shot baseline and a loop on `tasks` tasks: one-shot passes the second half; the loop's outcome per task is
 * `loop(index)`. Each generation is one 100 ms call, the loop's first one a cache hit (GPU time counts it at 100 ms).
 */
function plantedInput(tasks: number, loop: (index: number) => boolean[]): ReportInput {
  const ids = Array.from({ length: tasks }, (_, index) => `t${String(index + 1).padStart(3, '0')}`);
  const calls = (strategy: string, generations: number) =>
    Array.from({ length: generations }, (_, index) => call({ id: `${strategy}-${index}`, strategy, wallMs: 100, cached: strategy !== 'one-shot' && index === 0 }));
  const records: TrialRecord[] = [
    ...ids.map((taskId, index) => trial({ taskId, outcomes: [index >= tasks / 2], calls: calls('one-shot', 1) })),
    ...ids.map((taskId, index) => {
      const outcomes = loop(index);
      return trial({ strategyId: 'self-reflection', strategy: { id: 'self-reflection', use: 'self-reflection', feedback: 'self-judge' }, taskId, outcomes, calls: calls('self-reflection', outcomes.length) });
    }),
  ];
  return fixtureInput(fixtureMeta({ strategies: fixtureMeta().strategies.slice(0, 2), trials: records.length, dataset: { source: 'jsonl:tasks.jsonl', sha256: 'ab'.repeat(32), tasks } }), records);
}

/** The loop's at-a-glance sentence, in report.md and (as text) in report.html; they must be the same words. */
function loopSentence(input: ReportInput): string {
  const fromMarkdown = markdownBullets(markdown(input), 'At a glance').find((line) => line.startsWith('self-reflection ('));
  const fromHtml = htmlBullets(html(input), 'at-a-glance').find((line) => line.startsWith('self-reflection ('));
  expect(fromHtml).toBe(fromMarkdown);
  return fromMarkdown ?? '';
}

describe('the at-a-glance sentence a non-statistician can act on', () => {
  it('says a reliable gain is worth it, and for how much GPU time', () => {
    // The loop fixes every one of the 10 tasks one-shot fails and breaks none: McNemar p = 2 · 0.5^10, the interval far from 0.
    const sentence = loopSentence(plantedInput(20, (index) => (index < 10 ? [false, true] : [true])));
    // GPU time per trial: 10 trials of two 100 ms generations and 10 of one, against one-shot's 100 ms: 1.5×.
    expect(sentence).toContain("(self-judge feedback): worth it here: +50.0 pp for 1.5× one-shot's GPU time.");
    expect(sentence).toContain('Cost: 1.50 generations and 0.15 GPU s per trial (one-shot: 0.10)');
  });

  it('says a reliable loss is worse', () => {
    const sentence = loopSentence(plantedInput(20, (index) => (index < 10 ? [false] : [true, false])));
    expect(sentence).toContain("worse than one-shot here: -50.0 pp for 1.5× one-shot's GPU time.");
  });

  it('says an unconfirmed gain is not shown to help, and how many tasks would detect +5 pp', () => {
    // 5 fixes in 20 tasks: the bootstrap interval excludes 0, McNemar's p = 0.0625 does not; d = 5/20.
    const sentence = loopSentence(plantedInput(20, (index) => (index < 5 ? [false, true] : [index >= 10])));
    // n = (z.975 + z.80)² · d / 0.05² = 7.849 · 0.25 / 0.0025 = 784.9 → 785 pairs, one per task.
    expect(sentence).toContain('(self-judge feedback): not shown to help on 20 tasks; would need ≈ 785 tasks to detect +5.0 pp.');
    expect(sentence).toContain('borderline: the bootstrap interval and the exact test disagree');
  });

  it('says when the run was large enough to detect +5 pp and found nothing', () => {
    // 200 tasks, one fix and one break: d = 1%, taken as 5% (a 5 pp gain makes at least that many pairs differ): 157 tasks.
    const sentence = loopSentence(plantedInput(200, (index) => (index === 0 ? [false, true] : index === 100 ? [true, false] : [index >= 100])));
    expect(sentence).toContain('not shown to help on 200 tasks, enough to detect +5.0 pp (≈ 157 would do): a real gain is likely smaller than that.');
  });
});

describe('report.html says what report.md says', () => {
  const input = fixtureInput();
  const page = html(input);
  const report = markdown(input);

  it('opens with the same at-a-glance sentences, then caveats, configuration and glossary, each linked from the nav', () => {
    for (const [title, id] of [['At a glance', 'at-a-glance'], ['Caveats', 'caveats'], ['Configuration', 'configuration']] as const) {
      const bullets = markdownBullets(report, title);
      expect(bullets.length, title).toBeGreaterThan(1);
      expect(htmlBullets(page, id), title).toEqual(bullets);
      expect(page).toContain(`<a href="#${id}">`);
    }
    expect(page.indexOf('<section id="at-a-glance">')).toBeLessThan(page.indexOf('<section id="results">'));
    const glossary = page.slice(page.indexOf('<section id="glossary">'));
    for (const term of shownTerms(input.analysis)) expect(glossary).toContain(`<dt>${escapeHtml(term.term)}</dt><dd>${escapeHtml(term.definition)}</dd>`);
  });

  it('escapes names and config values in the shared sentences', () => {
    const hostile = 'jsonl:<img src=x onerror=alert(1)>.jsonl';
    const meta = fixtureMeta({ dataset: { source: hostile, sha256: 'ab'.repeat(32), tasks: 4 } });
    const page = html(fixtureInput(meta));
    expect(page).not.toContain('<img');
    expect(htmlBullets(page, 'configuration')[1]).toContain(`Dataset ${hostile}: 4 tasks`);
    expect(markdown(fixtureInput(meta))).toContain(`Dataset \`${hostile}\`: 4 tasks`);
  });

  it('gives every table header that names a glossary term its definition on hover', () => {
    // Ten repeats: enough verdicts for the calibration table.
    const heads = [...html(fixtureInput(fixtureMeta(), tenfoldRecords())).matchAll(/<th([^>]*)>([\s\S]*?)<\/th>/g)].map((match) => ({ attributes: match[1] ?? '', text: htmlText(match[2] ?? '') }));
    const naming = heads.filter((head) => termsIn(head.text).length > 0);
    expect(naming.length).toBeGreaterThan(20);
    for (const head of naming) {
      const title = htmlText(/title="([^"]*)"/.exec(head.attributes)?.[1] ?? '');
      for (const { term } of termsIn(head.text)) expect(title, head.text).toContain(`${term.term}: ${term.definition}`);
    }
    const titleOf = (text: string) => htmlText(/title="([^"]*)"/.exec(heads.find((head) => head.text === text)?.attributes ?? '')?.[1] ?? '');
    for (const [head, term] of [
      ['AUROC', 'AUROC'],
      ['Brier', 'Brier'],
      ['τ', 'τ (threshold)'],
      ['p (McNemar)', 'p (McNemar)'],
      ['fix / break', 'break rate'],
      ['repaired', 'reply repaired'],
      ['feedback', 'feedback kind'],
      ['pass@1 [95% CI]', 'pass@1'],
      ['Δ vs one-shot [95% CI]', 'Δ vs baseline'],
      ['grading s / trial', 'grading time'],
    ]) {
      expect(titleOf(head as string), head).toContain(definitionOf(term as string));
    }
  });

  it('explains "pairs" on hover and where the figure is shown, in both reports', () => {
    expect(htmlText(headerCell('pairs', true))).toBe('pairs');
    expect(headerCell('pairs', true)).toContain(`title="${escapeHtml(`pairs: ${definitionOf('pairs')}`)}"`);
    expect(definitionOf('pairs')).toContain('so they can outnumber its trials');
    // The judges' sentence gives the count and says what a pair is; the inflation chart's caption too.
    const judges = markdownBullets(report, 'At a glance').find((line) => line.startsWith('Judges:'));
    expect(judges).toMatch(/\(\d+ pairs; .*A pair is an answer scored by both the generator itself and a cross judge/);
    expect(report).toContain('*Pairs*: a pair is an answer scored by both');
    expect(htmlText(page)).toContain('The pairs beside each bar: a pair is an answer scored by both');
  });

  it('explains abbreviations in its prose, and gives the trial browser the glossary\'s words', () => {
    expect(page).toContain(`<abbr title="${escapeHtml(`pp: ${definitionOf('pp')}`)}">pp</abbr>`);
    expect(page).toContain(`<abbr title="${escapeHtml(`p (McNemar): ${definitionOf('p (McNemar)')}`)}">McNemar</abbr>`);
    const data = pageData(input);
    expect(data.hovers.reply.repaired).toBe(definitionOf('reply repaired'));
    expect(data.hovers.gradingTime).toBe(definitionOf('grading time'));
    expect(htmlText(page)).toContain('A verdict marked “(reply repaired)”: one complete, valid rubric object');
  });

  it('names every term once', () => {
    const names = glossaryTerms.map((term) => term.term);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('cost in time', () => {
  const input = fixtureInput();

  it('has model, queue and grading time per strategy and per trial in summary.csv and trials.csv', () => {
    const rows = summaryRows(input.analysis, false);
    const loop = rows.find((row) => row.strategy === 'self-reflection')!;
    // The fixture grades each attempt in 1 ms: self-reflection made 1 + 2 + 2 + 1 attempts over 4 trials.
    expect(loop).toMatchObject({ grading_ms: '6', grading_ms_per_trial: '1.5', grading_ms_p50: '1.5', wall_ms_per_trial: '0', queue_ms_per_trial: '0' });
    expect(Object.keys(loop)).toEqual(expect.arrayContaining(['gpu_time_vs_baseline', 'detect_delta', 'tasks_to_detect_delta', 'grading_ms_p95']));
    expect(trialRow(input.records.find((record) => record.attempts.length === 2)!).grading_ms).toBe('2');
  });

  it('has a time table in report.md and report.html', () => {
    const input = plantedInput(20, (index) => (index < 10 ? [false, true] : [true]));
    const row = markdown(input).split('\n').find((line) => line.startsWith('| self-reflection | gen | 0.15 | 1.5× |'));
    // Live model time: the loop's first generation was a cache hit, so 10 × 100 ms in all, 0.05 s per trial; grading 30 × 1 ms.
    expect(row).toBe('| self-reflection | gen | 0.15 | 1.5× | 1.0 | 0.0 | 0.0 | 0.05 | 0.00 | 0.00 |');
    expect(html(input)).toContain('<table id="time">');
  });
});
