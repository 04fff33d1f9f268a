/**
 * The page's sections as static HTML: headings, what each chart shows, the headline table, and
 * an empty canvas per chart that the browser code fills. A chart without data is replaced here
 * by a sentence saying why, so the browser never draws an empty chart.
 */
import { ANSWER_CLASSES } from '../../metrics/judges-vs-plus.js';
import { capitalize, decimal, notAvailable, percent, scoreDifference } from '../format.js';
import { computeMatchedClauses, computeMatchedLead, computeMatchedTable, noFrontier } from '../compute-matched-text.js';
import { anyUnconfirmed, headlineTable, unconfirmedNote } from '../headline-table.js';
import { pairwiseJudgesTable, pairwiseLead, pairwiseRatesTable, pairwiseSentences } from '../pairwise-text.js';
import { PARSE_STATUSES } from '../../records/lists.js';
import type { RecognitionResult } from '../../metrics/recognition.js';
import { recognitionLead, recognitionTable } from '../recognition-text.js';
import { answerClassLabels, calibrationMinimum, inflationPairsMeaning, parseStatusMeanings, tooFewVerdicts } from '../labels.js';
import type { ReportInput, TextTable } from '../types.js';
import { atAGlanceItems } from '../at-a-glance.js';
import { caveatItems } from '../caveats-text.js';
import { configurationText } from '../configuration-text.js';
import { shownTerms } from '../glossary-terms.js';
import { strong, type RichText } from '../rich-text.js';
import { timeLead, timeTable } from '../time-text.js';
import { escapeHtml } from './embed.js';
import { headerCell, proseHtml, richHtml } from './rich-html.js';
import type { JudgeVsPlusRow, PageData, VerdictCountRow } from './page-types.js';

function chart(id: string, label: string, height = 330): string {
  return `<div class="chart" style="height:${height}px"><canvas id="${id}" role="img" aria-label="${escapeHtml(label)}"></canvas></div>`;
}

function empty(reason: string): string {
  return `<p class="empty">${escapeHtml(reason)}</p>`;
}

/**
 * A table of text cells, every cell escaped, in a box that scrolls sideways on a narrow screen (the page does not);
 * each header carries the definitions of the glossary terms it names. The first column is a label and the rest
 * numbers, unless `textColumns` says otherwise; `codeColumns` hold config values.
 */
function textTable(id: string, { head, rows }: TextTable, options: { codeColumns?: readonly number[]; textColumns?: boolean } = {}): string {
  const numeric = (column: number) => column > 0 && !options.textColumns;
  const cell = (text: string, column: number) =>
    `<td${numeric(column) ? ' class="number"' : ''}>${options.codeColumns?.includes(column) && text !== notAvailable ? `<code>${escapeHtml(text)}</code>` : escapeHtml(text)}</td>`;
  return `<div class="table-wrap"><table id="${id}"><thead><tr>${head.map((text, column) => headerCell(text, numeric(column))).join('')}</tr></thead><tbody>${rows
    .map((cells) => `<tr>${cells.map(cell).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

function section(id: string, title: string, lead: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2><p class="lead">${proseHtml(lead)}</p>${body}</section>`;
}

function bulletList(items: readonly RichText[]): string {
  return `<ul class="sentences">${items.map((item) => `<li>${richHtml(item)}</li>`).join('')}</ul>`;
}

/** The answer in plain words, the same sentences as report.md's (at-a-glance.ts). */
export function atAGlanceSection(input: ReportInput): string {
  return `<section id="at-a-glance"><h2>At a glance</h2>${bulletList(atAGlanceItems(input))}</section>`;
}

export function caveatsSection(input: ReportInput): string {
  return `<section id="caveats"><h2>Caveats</h2>${bulletList(caveatItems(input))}</section>`;
}

export function configurationSection(input: ReportInput): string {
  const { items, tables } = configurationText(input);
  const parts = tables.map(
    ({ title, lead, table, codeColumns }, index) =>
      `<h3>${escapeHtml(title)}</h3>${lead ? `<p class="caption">${richHtml(lead)}</p>` : ''}${textTable(`configuration-${index + 1}`, table, { codeColumns, textColumns: true })}`,
  );
  return `<section id="configuration"><h2>Configuration</h2>${bulletList(items)}${parts.join('')}</section>`;
}

/** The glossary report.md ends with, from the list every hover on this page is taken from. */
export function glossarySection({ analysis }: ReportInput): string {
  const entries = shownTerms(analysis).map(({ term, definition }) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(definition)}</dd>`);
  return `<section id="glossary"><h2>Glossary</h2><dl class="glossary">${entries.join('')}</dl></section>`;
}

export function resultsSection({ analysis }: ReportInput, data: PageData): string {
  const { head, rows } = headlineTable(analysis, 'markdown');
  const tagged = analysis.results.map((result, index) => {
    const row = data.rows[index];
    // The banner says it when every row is simulated; a run mixing real and simulated generators tags its simulated rows.
    const tags = row?.simulated && data.rows.some((other) => !other.simulated) ? '<span class="tag simulated">SIMULATED</span>' : '';
    const cells = (rows[index] ?? []).map((cell, column) => (column === 0 ? `<td>${escapeHtml(cell)}${tags}</td>` : `<td class="number">${escapeHtml(cell)}</td>`));
    return { oracle: result.oracle, html: `<tr${result.oracle ? ' class="oracle"' : ''}>${cells.join('')}</tr>` };
  });
  const fair = tagged.filter((row) => !row.oracle).map((row) => row.html);
  const oracle = tagged.filter((row) => row.oracle).map((row) => row.html);
  const divider = `<tr class="divider"><td colspan="${head.length}">Oracle rows: feedback from the hidden tests themselves. An upper bound on what feedback could do, not a strategy a user could run.</td></tr>`;
  const table = `<div class="table-wrap"><table class="headline"><thead><tr>${head.map((cell, column) => headerCell(cell, column > 0)).join('')}</tr></thead><tbody>${[...fair, ...(oracle.length > 0 ? [divider, ...oracle] : [])].join('')}</tbody></table></div>`;
  const graded = data.rows.filter((row) => row.passAt1).length;
  // With plus inputs each row has two bars: base alone and base + plus.
  const plus = data.rows.some((row) => row.weakTests);
  const plusLead = plus
    ? ' With plus inputs (HumanEval+) an answer passes only when it passes the original tests’ inputs (base) and EvalPlus’ extra ones (plus); the lighter bar is base alone, and the weak-test false pass is the share of final answers passing base that fail plus.'
    : '';
  return section(
    'results',
    'pass@1 per strategy',
    `Share of trials whose final answer passes the hidden tests, with its 95% interval. The dashed line is the ${data.baseline ?? 'one-shot'} baseline; Δ is the paired difference from it on the same tasks, p the exact McNemar test.${plusLead}`,
    (graded > 0 ? chart('chart-pass-at-1', 'pass@1 per strategy with 95% intervals', 90 + (plus ? 76 : 46) * graded) : empty('No trial was graded by hidden tests.')) +
      table +
      (anyUnconfirmed(analysis) ? `<p class="caption">${escapeHtml(unconfirmedNote)}</p>` : ''),
  );
}

/** Final answers against first ones, judged pairwise in both orders; empty without `panel.pairwise`. */
export function pairwiseSection({ analysis }: ReportInput): string {
  if (!analysis.pairwise) return '';
  const sentences = pairwiseSentences(analysis).map(({ name, text }) => `<li>${richHtml([strong(name), `: ${text}`])}</li>`);
  return section(
    'pairwise',
    'Pairwise: did the final answer beat the first?',
    pairwiseLead,
    `<ul class="sentences">${sentences.join('')}</ul>` +
      textTable('pairwise-rates', pairwiseRatesTable(analysis.pairwise)) +
      '<h3>Pairwise judges</h3>' +
      textTable('pairwise-judges', pairwiseJudgesTable(analysis.pairwise)),
  );
}

export function judgesSection({ analysis }: ReportInput, data: PageData): string {
  const { distributions, inflation, selfPreference } = data.judges;
  const panelNeeded = 'Not measurable in this run: it needs a post-hoc panel in which the generator (self) and another model score the same answers.';
  const scores = distributions
    ? `<div class="grid">${chart('chart-scores-self', 'score distribution of the same-model judge')}${chart('chart-scores-cross', 'score distribution of the cross-model judge')}</div>`
    : empty(panelNeeded);
  const inflationChart =
    inflation.length > 0
      ? chart('chart-inflation', 'score inflation per cross judge', 110 + 56 * inflation.length) + `<p class="caption">${proseHtml(`The pairs beside each bar: a pair is ${inflationPairsMeaning}.`)}</p>`
      : '';
  const preference =
    selfPreference.length > 0
      ? textTable('self-preference', {
          head: ['judges A vs B', 'self-preference [95% CI]', 'answers by A / B'],
          rows: selfPreference.map((entry) => [entry.judges, scoreDifference(entry.difference), entry.answers.join(' / ')]),
        })
      : '';
  return section(
    'judges',
    'Same-model vs cross-model judge',
    'Post-hoc panel scores (0–10) of the same answers, by the model that wrote them and by another model. A useful judge scores passing answers high and failing ones low; inflation is how much higher a model scores its own answers than another model scores them.',
    scores + inflationChart + preference + recognition(analysis.recognition),
  );
}

/** Each generator asked which of two answers it wrote; empty without `panel.recognition`. */
function recognition(results: readonly RecognitionResult[] | undefined): string {
  if (!results) return '';
  return `<h3>Self-recognition</h3><p class="caption">${escapeHtml(recognitionLead)}</p>${textTable('recognition', recognitionTable(results))}`;
}

/** The heads of the table the browser fills with each judge's calibration (calibration-chart.ts). */
const calibrationHead = ['judge', 'AUROC', 'τ', 'false accept', 'false reject', 'passing / failing'];

export function calibrationSection(data: PageData): string {
  const body =
    data.judges.roc.length > 0
      ? `<div class="grid calibration">${chart('chart-roc', 'ROC curves of the judges', 420)}<div><div class="table-wrap"><table><thead><tr>${calibrationHead.map((text, column) => headerCell(text, column > 0)).join('')}</tr></thead><tbody id="calibration-rows"></tbody></table></div><p class="caption">◆ in the chart: each judge’s operating point at its threshold τ. Solid curves: the post-hoc panel’s scores; dashed: the verdicts that drove a loop, on every attempt it judged.</p></div></div>`
      : empty('No judge has enough scored verdicts on both passing and failing answers, so no ROC curve is drawn.');
  return section(
    'calibration',
    'Judge calibration',
    `How well each judge’s score ranks passing above failing answers. AUROC 0.5 is chance, 1 a perfect ranking. False accept: failing answers scored ≥ τ; false reject: passing answers scored below τ. ${calibrationMinimum}`,
    body + verdictTable(data.judges.verdicts) + vsPlusTable(data.judges.vsPlus),
  );
}

/** Each judge's verdicts by how the reply was read, with its AUROC and Brier or why they are not shown. */
function verdictTable(rows: readonly VerdictCountRow[]): string {
  if (rows.length === 0) return '';
  const head = ['judge', ...PARSE_STATUSES, 'AUROC', 'Brier'];
  const cells = (row: VerdictCountRow) => [
    row.label,
    ...PARSE_STATUSES.map((status) => String(row.parses[status])),
    ...(row.calibrated ? [decimal(row.auroc), decimal(row.brier, 3)] : [tooFewVerdicts(row), tooFewVerdicts(row)]),
  ];
  return `<h3>Verdicts read</h3><p class="caption">Repaired: ${escapeHtml(parseStatusMeanings.repaired)}. Failed: ${escapeHtml(parseStatusMeanings.failed)}.</p>${textTable('judge-verdicts', { head, rows: rows.map(cells) })}`;
}

/** Runs with plus inputs: each judge's "wrong" (score below τ) on answers the base tests passed but the plus inputs failed. */
function vsPlusTable(rows: readonly JudgeVsPlusRow[]): string {
  if (rows.length === 0) return '';
  const head = ['judge', 'τ', 'answers', 'AUROC base / base + plus', ...ANSWER_CLASSES.map((kind) => `said wrong: ${answerClassLabels[kind]}`)];
  const cells = (row: JudgeVsPlusRow) => [
    row.label,
    row.threshold === undefined ? notAvailable : String(row.threshold),
    String(row.scored),
    `${decimal(row.aurocBase)} / ${decimal(row.aurocBasePlus)}`,
    ...ANSWER_CLASSES.map((kind) => {
      const said = row.saidWrong?.[kind];
      return said && said.n > 0 ? `${percent(said.successes / said.n)} (${said.successes}/${said.n})` : notAvailable;
    }),
  ];
  return `<h3>Against the plus inputs: did a judge catch what the base tests missed?</h3><p class="caption">On answers that ran on plus inputs: how often each judge said an answer was wrong (score below τ) when it fails the base tests, when it passes base but fails plus (a bug the original tests missed), and when it passes both (a false reject).</p>${textTable('judges-vs-plus', { head, rows: rows.map(cells) })}`;
}

export function retryingSection(): string {
  return section(
    'retrying',
    'Retrying: pass rate by iteration and stop reasons',
    'Each line is the share of trials whose current answer passes after each generation; a trial that stopped keeps its submitted answer, so each line ends at the strategy’s pass@1. The bars say why each trial stopped.',
    `<div class="grid">${chart('chart-pass-by-iteration', 'pass rate by iteration per strategy')}${chart('chart-stop-reasons', 'stop reasons per strategy')}</div>`,
  );
}

export function costSection({ analysis }: ReportInput, data: PageData): string {
  const latency = data.rows.some((row) => row.cost.modelMsPerTrial)
    ? chart('chart-latency', 'model time per trial split into load, prompt and generation')
    : empty('No model server reported its timings (load / prompt / generation).');
  return section(
    'cost',
    'Cost',
    'What each strategy spent per trial on its own calls (the post-hoc panel is not counted), and what it bought.',
    `<div class="grid">${latency}${chart('chart-tokens', 'tokens per trial')}<div class="span-all">${chart('chart-accuracy-vs-calls', 'pass@1 against model calls per trial', 300)}</div></div>` +
      `<h3>Time</h3><p class="caption">${proseHtml(timeLead)}</p>${textTable('time', timeTable(analysis))}`,
  );
}

/** Each strategy's spend beside resampling at the same generations: the chart, a sentence per strategy, the table. */
export function computeMatchedSection({ analysis }: ReportInput, data: PageData): string {
  const { head, rows } = computeMatchedTable(analysis);
  const drawable = data.frontiers.length > 0 && data.rows.some((row) => row.passAt1 !== undefined && row.cost.tokensOutPerTrial !== undefined);
  const sentences = analysis.results.flatMap((result) => {
    const clauses = result.strategy === analysis.baseline ? [] : computeMatchedClauses(result, analysis);
    const generator = analysis.results.some((other) => other.generator !== result.generator) ? ` on ${result.generator}` : '';
    return clauses.length === 0 ? [] : [`<li>${richHtml([strong(result.strategy), `${generator}: ${capitalize(clauses.join('; '))}.`])}</li>`];
  });
  const table = textTable('compute-matched', { head, rows });
  return section(
    'compute',
    'Compute-matched comparison',
    computeMatchedLead,
    (drawable ? chart('chart-compute-matched', 'pass@1 against output tokens per trial, with the pass@k curve of resampling', 360) : empty(data.frontiers.length > 0 ? 'No model reported token counts, so the chart cannot place the strategies.' : noFrontier)) +
      (sentences.length > 0 ? `<ul class="sentences">${sentences.join('')}</ul>` : '') +
      table,
  );
}

export function trialsSection(): string {
  return section(
    'trials',
    'Trial browser',
    `Every trial with its attempts: the code, the feedback and hidden-test results, the loop’s verdicts, what the model said about its attempts (reflections, explanations, critiques, feedback), the panel’s verdicts and where its time went. Click a trial to open it. A verdict marked “(reply repaired)”: ${parseStatusMeanings.repaired}; “(reply failed)”: ${parseStatusMeanings.failed}. Hover over a stop reason or a label for its meaning.`,
    `<div class="filters">
<label>Task <select id="filter-task"><option value="">all tasks</option></select></label>
<label>Strategy <select id="filter-strategy"><option value="">all strategies</option></select></label>
<label>Result <select id="filter-result"><option value="">all</option><option value="passed">passed</option><option value="failed">failed</option><option value="ungraded">not graded</option></select></label>
<span id="trial-count"></span>
</div>
<div id="trial-list"></div>
<div class="pager"><button type="button" id="page-previous">‹ Previous</button><span id="page-info"></span><button type="button" id="page-next">Next ›</button></div>`,
  );
}
