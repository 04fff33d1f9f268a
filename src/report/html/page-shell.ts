import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import { plural } from '../format.js';
import { gradingLabel } from '../labels.js';
import type { ReportInput } from '../types.js';
import { chartLibrarySource, embedJson, escapeHtml, inlineScript } from './embed.js';
import type { PageData } from './page-types.js';
import {
  atAGlanceSection,
  calibrationSection,
  caveatsSection,
  computeMatchedSection,
  configurationSection,
  costSection,
  glossarySection,
  judgesSection,
  pairwiseSection,
  resultsSection,
  retryingSection,
  trialsSection,
} from './sections.js';

export const simulatedBanner =
  'SIMULATED — these numbers come from the built-in simulated models, whose behaviour was planted in the config. They test the harness, not any real model.';

/** The page's scripts in the order they run: chart-setup first, as the others use what it defines. */
const browserScriptNames = ['chart-setup', 'results-chart', 'judge-charts', 'calibration-chart', 'retry-charts', 'cost-charts', 'compute-matched-chart', 'trial-browser'];

let compiledScripts: string[] | undefined;

/** The browser scripts (src/report/html/browser) as the build compiled them into the package. */
export function browserScripts(): string[] {
  compiledScripts ??= browserScriptNames.map((name) => {
    const file = join(packageRoot, 'dist', 'report', 'html', 'browser', `${name}.js`);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new Error(`${file} is missing: run npm run build (it compiles the report page's browser scripts)`);
    }
  });
  return compiledScripts;
}

/**
 * Reads the embedded data, draws every chart, starts the trial browser, then marks the page ready (tests wait for it).
 * The scripts share one function scope, so the names each defines are seen by the others.
 */
function pageScript(): string {
  return [
    '(function () {',
    "'use strict';",
    "const data = JSON.parse(document.getElementById('report-data').textContent);",
    ...browserScripts(),
    'drawPassAt1(); drawScoreDistributions(); drawInflation(); drawRoc(); drawPassByIteration(); drawStopReasons();',
    'drawLatencySplit(); drawTokens(); drawAccuracyVsCalls(); drawComputeMatched(); setUpTrialBrowser();',
    "document.documentElement.dataset.ready = 'true';",
    '})();',
  ].join('\n');
}

/** The page's stylesheet: cards on a light background, two charts a row at 1280 px, one on narrow screens. */
function stylesheet(): string {
  return readFileSync(join(packageRoot, 'src', 'report', 'html', 'styles.css'), 'utf8');
}

/** The whole page: no external resource, so it opens offline and from an email attachment alike. */
export function pageShell(input: ReportInput, data: PageData): string {
  return `<!DOCTYPE html>\n<html lang="en">\n${head(data)}\n${body(input, data)}\n</html>\n`;
}

function head(data: PageData): string {
  return `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>\n${stylesheet()}</style>
</head>`;
}

function body(input: ReportInput, data: PageData): string {
  // report.md's order, the trial browser (this page's own) last.
  const sections = [
    atAGlanceSection(input),
    resultsSection(input, data),
    pairwiseSection(input),
    judgesSection(input, data),
    calibrationSection(data),
    retryingSection(),
    costSection(input, data),
    computeMatchedSection(input, data),
    caveatsSection(input),
    configurationSection(input),
    glossarySection(input),
    trialsSection(),
  ];
  const scripts = [embedJson(data), inlineScript(chartLibrarySource()), inlineScript(pageScript())];
  return ['<body>', '<main>', header(input, data), ...sections, '</main>', ...scripts, '</body>'].join('\n');
}

/** Title, what the run was, the SIMULATED and grading banners, and links to the sections. */
function header({ meta, analysis, records }: ReportInput, data: PageData): string {
  const grading = gradingLabel(analysis.grading);
  const strategies = new Set(analysis.results.map((result) => result.strategy)).size;
  const generators = new Set(analysis.results.map((result) => result.generator)).size;
  const subtitle =
    `${plural(strategies, 'strategy', 'strategies')} × ${plural(generators, 'generator')} × ${plural(analysis.tasks, 'task')} of ${meta.dataset.source} × ` +
    `${plural(analysis.repeats, 'repeat')} = ${plural(records.length, 'trial')} · started ${meta.createdAt} · selfbench ${meta.selfbenchVersion}`;
  const nav = [
    ['at-a-glance', 'At a glance'],
    ['results', 'pass@1'],
    ...(analysis.pairwise ? [['pairwise', 'Pairwise']] : []),
    ['judges', 'Same vs cross judge'],
    ['calibration', 'Calibration'],
    ['retrying', 'Retrying'],
    ['cost', 'Cost'],
    ['compute', 'Equal compute'],
    ['caveats', 'Caveats'],
    ['configuration', 'Configuration'],
    ['glossary', 'Glossary'],
    ['trials', 'Trials'],
  ]
    .map(([id, text]) => `<a href="#${id}">${text}</a>`)
    .join('');
  const banners =
    (data.simulated ? `<div class="banner" id="simulated-banner">${escapeHtml(simulatedBanner)}</div>` : '') +
    (grading?.warning ? `\n<div class="banner grading" id="grading-warning">${escapeHtml(grading.text)}</div>` : '');
  return `<header>
<h1>${escapeHtml(data.title)}</h1>
<p class="subtitle">${escapeHtml(subtitle)}</p>
${banners}
<nav>${nav}</nav>
</header>`;
}
