/**
 * Debian's headless Chromium driven by playwright-core (whose own browser download cannot
 * run here). Every page records its console errors, uncaught errors and requests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedReport {
  page: Page;
  url: string;
  /** Console messages of type error, and uncaught exceptions. */
  errors: string[];
  /** Every URL the page requested, the report itself included. */
  requests: string[];
  /** Milliseconds from navigation until the page marked itself ready. */
  readyMs: number;
  close(): Promise<void>;
}

/** Opens a report file at 1280×900 in a fresh profile and waits until its script marks it ready. */
export async function openReport(file: string): Promise<OpenedReport> {
  const profile = mkdtempSync(join(tmpdir(), 'selfbench-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  const url = pathToFileURL(file).href;
  const started = Date.now();
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  return {
    page,
    url,
    errors,
    requests,
    readyMs: Date.now() - started,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ChartState {
  id: string;
  /** Non-null data points over all datasets. */
  points: number;
  /** Canvas pixels with any ink: a chart that drew nothing has none beyond its axes. */
  inkedPixels: number;
}

/** Runs in the page (a string: the project's TypeScript has no DOM types). */
const chartStatesScript = `(() => {
  const charts = Object.values(Chart.instances).map((chart) => {
    const { width, height } = chart.canvas;
    const pixels = chart.canvas.getContext('2d').getImageData(0, 0, width, height).data;
    let inkedPixels = 0;
    for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) inkedPixels += 1;
    const points = chart.data.datasets.reduce((total, dataset) => total + dataset.data.filter((value) => value !== null && value !== undefined).length, 0);
    return { id: chart.canvas.id, points, inkedPixels };
  });
  const canvases = [...document.querySelectorAll('canvas')].map((canvas) => canvas.id);
  return { charts, canvases };
})()`;

/** Every Chart.js instance on the page, and every canvas (to catch a canvas left without a chart). */
export function chartStates(page: Page): Promise<{ charts: ChartState[]; canvases: string[] }> {
  return page.evaluate(chartStatesScript);
}
