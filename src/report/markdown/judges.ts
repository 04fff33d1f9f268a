import type { JudgeResult, PanelInflation, RunAnalysis } from '../../metrics/analysis.js';
import type { InflationBySelection } from '../../metrics/inflation.js';
import { ANSWER_CLASSES, type JudgeVsPlus } from '../../metrics/judges-vs-plus.js';
import { decimal, notAvailable, scoreDifference, rateWithCounts } from '../format.js';
import { PARSE_STATUSES } from '../../records/lists.js';
import { answerClassLabels, calibrationMinimum, inflationPairsMeaning, judgeLabel, parseStatusMeanings, tooFewVerdicts } from '../labels.js';
import { recognitionLead, recognitionTable } from '../recognition-text.js';
import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';

const designs: Record<RunAnalysis['judgeDesign'], string> = {
  none: 'This run cannot measure score inflation or self-preference: both need a post-hoc panel in which the generator (`self`) and another model score the same answers (`panel: { judges: [self, <another model>] }`).',
  'self-and-cross':
    "This run can measure **score inflation**: how much higher a generator scores its own answers than another model scores the same answers. It cannot measure **self-preference** (a judge favouring its own model's answers over another generator's, answer quality held fixed): that needs a crossed design, two or more generators that also judge each other's answers.",
  crossed:
    "This run can measure both **score inflation** (a generator's score of its own answers minus another model's score of the same answers) and **self-preference** (crossed design: generators that also judge each other's answers, so answer quality and a judge's overall harshness cancel).",
};

/** Same-model vs cross-model judging, self-preference, and how well each judge's scores track the hidden tests. */
export function judges({ analysis, config }: ReportInput): string {
  const judged = config?.panel?.allAttempts ? 'every attempt' : 'the final answer';
  return section(
    'Judges',
    designs[analysis.judgeDesign],
    inflationTable(analysis),
    selfPreferenceTable(analysis),
    recognition(analysis),
    '### Calibration: do the scores track the hidden tests?',
    `*Loop* rows are the verdicts that drove a strategy, on every attempt it judged; *panel* rows are the post-hoc scores of ${judged} of each trial. τ is the strategy's own threshold, or the panel's for strategies without one. AUROC 0.5 is chance, 1 a perfect ranking of passing over failing answers. ${calibrationMinimum}`,
    `Verdicts are counted by how the judge's reply was read — ${PARSE_STATUSES.map((status) => `*${status}*: ${parseStatusMeanings[status]}`).join('; ')}.`,
    markdownTable(
      ['judge', 'role', 'strategy', 'generator', 'τ', 'verdicts', 'json / repaired / failed', 'parse failures', 'mean score pass / fail', 'false accept', 'false reject', 'AUROC', 'Brier', 'stop precision'],
      analysis.judges.map(calibrationRow),
    ),
    plusTable(analysis),
  );
}

/** Runs with plus inputs: each judge against base alone and base + plus, and its "wrong" where the base tests missed a bug. */
function plusTable(analysis: RunAnalysis): string {
  const measured = analysis.judges.flatMap((judge) => (judge.vsPlus ? [{ judge, vsPlus: judge.vsPlus }] : []));
  if (measured.length === 0) return '';
  return [
    '### Against the plus inputs: did a judge catch what the base tests missed?',
    `The calibration above scores judges against every hidden test (base + plus). Here, on the answers that ran on plus inputs: AUROC against the base tests alone and against base + plus (each from at least 10 scored verdicts on either side, else n/a), and how often each judge said the answer was wrong (score below τ) on answers that fail base, on answers that pass base but fail plus — bugs the original tests missed — and on answers that pass both (its false rejects). A judge whose "wrong" is informative where the weak tests were not says it much more often on the middle class than on the last.`,
    markdownTable(
      [
        'judge',
        'role',
        'strategy',
        'generator',
        'τ',
        'answers',
        'AUROC base / base + plus',
        ...ANSWER_CLASSES.map((kind) => `said wrong: ${answerClassLabels[kind]}`),
        `mean score: ${ANSWER_CLASSES.map((kind) => answerClassLabels[kind]).join(' / ')}`,
      ],
      measured.map(({ judge, vsPlus }) => plusRow(judge, vsPlus)),
    ),
  ].join('\n\n');
}

function plusRow(judge: JudgeResult, vsPlus: JudgeVsPlus): string[] {
  return [
    judgeLabel(judge.judge, judge.self),
    judge.role,
    judge.strategy,
    judge.generator,
    judge.threshold === undefined ? notAvailable : String(judge.threshold),
    String(vsPlus.scored),
    `${decimal(vsPlus.aurocBase)} / ${decimal(vsPlus.aurocBasePlus)}`,
    ...ANSWER_CLASSES.map((kind) => (vsPlus.saidWrong ? rateWithCounts(vsPlus.saidWrong[kind]) : notAvailable)),
    ANSWER_CLASSES.map((kind) => decimal(vsPlus.meanScore[kind])).join(' / '),
  ];
}

function inflationTable(analysis: RunAnalysis): string {
  const measured = analysis.results.flatMap((result) => (result.inflation ? [{ result, inflation: result.inflation }] : []));
  if (measured.length === 0 || !analysis.inflation) return '';
  const crossJudges = (strategy: string, generator: string) =>
    analysis.judges
      .filter((judge) => judge.role === 'panel' && !judge.self && judge.strategy === strategy && judge.generator === generator)
      .map((judge) => judge.judge)
      .join(', ');
  const row = (label: string, generator: string, cross: string, inflation: PanelInflation, bySelection: InflationBySelection) => [
    label,
    generator,
    cross,
    String(inflation.pairs),
    decimal(inflation.selfMean),
    decimal(inflation.crossMean),
    scoreDifference(inflation.all),
    scoreDifference(bySelection.first?.all),
    scoreDifference(bySelection.final?.all),
    scoreDifference(inflation.passing),
    scoreDifference(inflation.failing),
  ];
  return [
    '### Same model vs another model on the same answers',
    "Panel scores (0–10) of the same answers by the generator itself and by each other judge; inflation is self − cross, with a 95% bootstrap interval over tasks, overall, on first and on final answers, and split by the answer's hidden-test result. The panel always scores each trial's first answer: it is unselected, so inflation there is the judge's bias alone. A loop that stops on its own score submits the answers that score rated high, so on its final answers the self score is inflated by that selection as well, by construction: read *first answers* for how much a judge flatters its own model, and the gap to *final answers* for what selection adds.",
    `*Pairs*: a pair is ${inflationPairsMeaning}.`,
    markdownTable(
      ['strategy', 'generator', 'cross judge(s)', 'pairs', 'self-judge mean', 'cross-judge mean', 'inflation [95% CI]', 'on first answers', 'on final answers', 'on passing answers', 'on failing answers'],
      [
        ...measured.map(({ result, inflation }) => row(result.strategy, result.generator, crossJudges(result.strategy, result.generator), inflation, result.inflationBySelection)),
        row('**all strategies**', 'all', 'all', analysis.inflation, analysis.inflationBySelection),
      ],
    ),
  ].join('\n\n');
}

function recognition(analysis: RunAnalysis): string {
  if (!analysis.recognition) return '';
  const table = recognitionTable(analysis.recognition);
  return ['### Self-recognition', recognitionLead, markdownTable(table.head, table.rows)].join('\n\n');
}

function selfPreferenceTable(analysis: RunAnalysis): string {
  if (analysis.selfPreference.length === 0) return '';
  return [
    '### Self-preference',
    "[s_A(A's answers) − s_B(A's answers)] − [s_A(B's answers) − s_B(B's answers)]: above 0, each judge favours its own model's answers.",
    markdownTable(
      ['judges A vs B', "A's answers", "B's answers", 'self-preference [95% CI]'],
      analysis.selfPreference.map((entry) => [entry.judges.join(' vs '), String(entry.answers[0]), String(entry.answers[1]), scoreDifference(entry.difference)]),
    ),
  ].join('\n\n');
}

function calibrationRow(judge: JudgeResult): string[] {
  const { calibration } = judge;
  // Below the minimum every calibration figure says so, rather than n/a or a number from noise.
  const figure = (text: string) => (calibration.calibrated ? text : tooFewVerdicts(calibration));
  return [
    judgeLabel(judge.judge, judge.self),
    judge.role,
    judge.strategy,
    judge.generator,
    judge.threshold === undefined ? notAvailable : `${judge.threshold} (${judge.thresholdSource})`,
    String(calibration.verdicts),
    PARSE_STATUSES.map((status) => calibration.parses[status]).join(' / '),
    rateWithCounts(calibration.parseFailures),
    `${decimal(calibration.meanScorePassing)} / ${decimal(calibration.meanScoreFailing)}`,
    figure(calibration.falseAccept ? rateWithCounts(calibration.falseAccept) : notAvailable),
    figure(calibration.falseReject ? rateWithCounts(calibration.falseReject) : notAvailable),
    figure(decimal(calibration.auroc)),
    figure(decimal(calibration.brier, 3)),
    judge.stopPrecision ? rateWithCounts(judge.stopPrecision) : notAvailable,
  ];
}
