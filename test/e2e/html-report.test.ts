import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/write-reports.js';
import { readRecords } from '../../src/records/record-store.js';
import type { TrialRecord } from '../../src/records/record.js';
import { sharedDemoRun } from '../support/cli.js';
import { demoStrategyIds } from '../support/demo-strategies.js';
import { chartStates, chromiumPath, closeBrowser, hasChromium, openReport, type OpenedReport } from './chromium.js';
import { largeRun, writeLargeRun } from './large-run.js';
import { skipTitle } from '../support/skip-summary.js';
import { markdownBullets } from '../report/report-text.js';

/** CI sets this, so a missing browser fails there instead of skipping. */
const requireChromium = process.env.SELFBENCH_TEST_REQUIRE_CHROMIUM === '1';

if (!hasChromium && !requireChromium) {
  console.warn(`SKIPPED test/e2e/html-report.test.ts: ${chromiumPath} is missing. Install it with: apt-get update && apt-get install -y chromium`);
}

it.runIf(requireChromium)(skipTitle('has Chromium where CI installs it', requireChromium ? undefined : 'checked only where CI installs it (SELFBENCH_TEST_REQUIRE_CHROMIUM=1)'), () => {
  expect(hasChromium, `${chromiumPath} is missing: apt-get install -y chromium`).toBe(true);
});

/** What every opened report must satisfy: charts drawn with data, nothing fetched, nothing logged as an error. */
async function expectHealthyPage(report: OpenedReport): Promise<void> {
  const { charts, canvases } = await chartStates(report.page);
  expect(canvases.length).toBeGreaterThanOrEqual(9);
  expect(charts.map((chart) => chart.id).sort()).toEqual([...canvases].sort());
  for (const chart of charts) {
    expect(chart.points, `${chart.id} has data points`).toBeGreaterThan(0);
    expect(chart.inkedPixels, `${chart.id} drew something`).toBeGreaterThan(2_000);
  }
  expect(report.requests).toEqual([report.url]);
  expect(report.errors).toEqual([]);
}

/** Picks a strategy and a result in the trial browser; returns the matching count the page shows and the rows it lists. */
async function filterTrials(report: OpenedReport, strategy: string, result: string): Promise<{ matching: number; rows: number }> {
  const { page } = report;
  await page.selectOption('#filter-strategy', { label: strategy });
  await page.selectOption('#filter-result', result);
  const matching = Number(await page.getAttribute('#trial-count', 'data-matching'));
  return { matching, rows: await page.locator('#trial-list details.trial').count() };
}

/** Model text that would end the data element, run a script and open a comment over the page if it were markup. */
const hostileCode = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"><!--';

/** Failed trials of one strategy, or of all when `strategy` is empty. */
const failedOf = (records: readonly TrialRecord[], strategy: string) =>
  records.filter((record) => (strategy === '' || record.strategyId === strategy) && record.passed === false).length;

describe.skipIf(!hasChromium)('report.html in headless Chromium', () => {
  afterAll(() => closeBrowser());

  describe('the demo run', () => {
    let runDir = '';
    let records: TrialRecord[] = [];
    let report: OpenedReport | undefined;

    beforeAll(async () => {
      const result = await sharedDemoRun();
      expect(result.code, result.stderr).toBe(0);
      runDir = result.runDir;
      records = readRecords(join(runDir, 'records.jsonl')).records;
      report = await openReport(join(runDir, 'report.html'));
    }, 180_000);
    afterAll(() => report?.close());

    it('draws every chart with data, fetches nothing and logs no error', async () => {
      await expectHealthyPage(report as OpenedReport);
      expect(await report?.page.isVisible('#simulated-banner')).toBe(true);
      // One point per strategy over best-of-n's pass@1 … pass@3, the resampling curve (Olausson's figure).
      const { charts } = await chartStates((report as OpenedReport).page);
      expect(charts.find((chart) => chart.id === 'chart-compute-matched')?.points).toBe(demoStrategyIds().length + 3);
      console.log(`demo report.html: ${statSync(join(runDir, 'report.html')).size} bytes, ${records.length} trials`);
    });

    it('filters the trial browser by strategy and result', async () => {
      const page = (report as OpenedReport).page;
      expect(Number(await page.getAttribute('#trial-count', 'data-matching'))).toBe(records.length);
      expect(await page.locator('#trial-list details.trial').count()).toBe(Math.min(25, records.length));
      const filtered = await filterTrials(report as OpenedReport, 'judge-loop', 'failed');
      expect(filtered.matching).toBe(failedOf(records, 'judge-loop'));
      expect(filtered.rows).toBe(Math.min(25, filtered.matching));
      expect(filtered.matching).toBeLessThan(records.length);
    });

    it('opens a trial into its attempts, code, test results and verdicts, and saves a screenshot', async () => {
      const page = (report as OpenedReport).page;
      await page.click('#trial-list details.trial >> nth=0 >> summary');
      const body = page.locator('#trial-list details.trial >> nth=0 >> .trial-body');
      await expect.poll(() => body.locator('.attempt').count()).toBeGreaterThan(0);
      expect(await body.locator('pre.code').count()).toBeGreaterThan(0);
      expect(await body.textContent()).toMatch(/Hidden tests[\s\S]*Loop verdict by judge[\s\S]*Post-hoc panel verdicts/);
      // The whole page: a viewport as tall as the page, and a frame for Chromium to paint the charts far from where
      // the trial list had scrolled. The same picture as `fullPage: true` (byte for byte), painted once instead of in
      // tiles: a third of the CPU, where fullPage overran its 30 s on a loaded machine.
      await page.evaluate('window.scrollTo(0, 0)');
      const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
      await page.setViewportSize({ width: 1280, height });
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
      const screenshot = join(mkdtempSync(join(tmpdir(), 'selfbench-html-')), 'report.png');
      await page.screenshot({ path: screenshot });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(statSync(screenshot).size).toBeGreaterThan(50_000);
      console.log(`screenshot: ${screenshot}`);
      expect((report as OpenedReport).errors).toEqual([]);
    });

    it("opens with report.md's at-a-glance sentences, explains its labels on hover, and never scrolls sideways from 390 to 1,280 px", async () => {
      const page = (report as OpenedReport).page;
      const glance = await page.locator('#at-a-glance li').allTextContents();
      expect(glance).toEqual(markdownBullets(readFileSync(join(runDir, 'report.md'), 'utf8'), 'At a glance'));
      expect(glance.join('\n')).toMatch(/worth it here: \+\d+\.\d pp for \d+\.\d× one-shot's GPU time/);
      expect(await page.locator('#results th[title]').count()).toBeGreaterThan(5);
      expect(await page.locator('#at-a-glance abbr[title]').count()).toBeGreaterThan(10);
      // The stop reason of a trial, with its meaning.
      expect(await page.locator('#trial-list details.trial >> nth=0 >> summary .hover').getAttribute('title')).toMatch(/\w+ \w+ \w+/);
      for (const width of [390, 768, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        // A trial opened too: its code, tests and verdicts wrap or scroll in their own boxes.
        if (width === 390) await page.click('#trial-list details.trial >> nth=1 >> summary');
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
        const { scrollWidth, innerWidth } = (await page.evaluate('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })')) as { scrollWidth: number; innerWidth: number };
        expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(innerWidth);
      }
      expect((report as OpenedReport).errors).toEqual([]);
    });
  });

  describe(`a generated ${largeRun.tasks} tasks × 5 strategies × ${largeRun.attempts} attempts run`, () => {
    let runDir = '';
    let records: TrialRecord[] = [];
    let report: OpenedReport | undefined;

    beforeAll(async () => {
      runDir = mkdtempSync(join(tmpdir(), 'selfbench-html-large-'));
      writeLargeRun(runDir);
      records = readRecords(join(runDir, 'records.jsonl')).records;
      // One answer tries to break out of the page; it must show as text.
      const first = records[0]?.attempts[0];
      if (first) first.code = hostileCode;
      writeFileSync(join(runDir, 'records.jsonl'), records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      writeReports(runDir);
      report = await openReport(join(runDir, 'report.html'));
    }, 180_000);
    afterAll(() => report?.close());

    it('loads, filters and stays lean (its load time is logged, not asserted)', async () => {
      const size = statSync(join(runDir, 'report.html')).size;
      console.log(`large report.html: ${size} bytes, ${records.length} trials, ready in ${report?.readyMs} ms`);
      expect(records.length).toBe(largeRun.tasks * 5);
      expect(readFileSync(join(runDir, 'report.html'), 'utf8')).not.toContain('"calls"');
      expect(size).toBeLessThan(8_000_000);
      await expectHealthyPage(report as OpenedReport);
      expect(await report?.page.isVisible('#simulated-banner')).toBe(false);
    });

    it('shows model text that looks like markup as text', async () => {
      const page = (report as OpenedReport).page;
      await page.selectOption('#filter-task', records[0]?.taskId ?? '');
      // records[0] is a trial of the first strategy, listed first after "all strategies".
      await page.selectOption('#filter-strategy', { index: 1 });
      await page.click('#trial-list details.trial >> nth=0 >> summary');
      expect(await page.textContent('#trial-list details.trial >> nth=0 >> pre.code')).toBe(hostileCode);
      expect(await page.evaluate('window.pwned')).toBeUndefined();
      expect(await page.locator('#trial-list img').count()).toBe(0);
      await page.selectOption('#filter-task', '');
    });

    it('filters within a bounded time', async () => {
      const started = Date.now();
      const filtered = await filterTrials(report as OpenedReport, 'reflexion', 'failed');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(filtered.matching).toBe(failedOf(records, 'reflexion'));
      expect(filtered.rows).toBe(Math.min(25, filtered.matching));
      const page = (report as OpenedReport).page;
      await page.selectOption('#filter-strategy', '');
      await page.click('#page-next');
      expect(await page.textContent('#page-info')).toBe(`page 2 of ${Math.ceil(failedOf(records, '') / 25)}`);
      expect((report as OpenedReport).errors).toEqual([]);
    });
  });
});
