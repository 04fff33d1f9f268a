/**
 * Debian's headless Chromium driven by playwright-core (whose own browser download cannot
 * run here). Every page records its console errors, uncaught errors and requests.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** One browser for the file, started by the first report opened: each report then costs a context, not a browser start. */
let browser: Promise<Browser> | undefined;

/** Closes the shared browser, if a report started it. */
export async function closeBrowser(): Promise<void> {
  const started = browser;
  browser = undefined;
  await (await started)?.close();
}

/**
 * Opens a report file at 1280×900 in a fresh context of the shared browser (its own storage and cache, as a fresh
 * profile) and waits until its script marks it ready.
 */
export async function openReport(file: string): Promise<OpenedReport> {
  browser ??= chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context = await (await browser).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
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
    close: () => context.close(),
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
