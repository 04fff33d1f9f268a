/**
 * The answer in plain words, shared by report.md and report.html: one sentence per strategy against the baseline —
 * first what to do about it (worth it here, worse, or not shown to help and how many tasks would tell), then the
 * evidence —, the pairwise verdicts, and one on the judges. Open-ended requests have no tests, so there the pairwise
 * verdicts are the answer and come first.
 */
import { totalTokens } from '../metrics/summary.js';
import type { BaselineComparison, RunAnalysis, StrategyResult } from '../metrics/analysis.js';
import { tasksToDetect } from '../metrics/power.js';
import { excludesZero, significanceLevel } from '../metrics/statistics.js';
import { capitalize, decimal, percent, plural, points, pointsWithInterval, proportionWithInterval, pValueText, ratio, rateWithCounts, scoreDifference } from './format.js';
import { computeMatchedClauses } from './compute-matched-text.js';
import { inflationPairsMeaning, oracleWarning } from './labels.js';
import { pairwiseSentences } from './pairwise-text.js';
import { recognitionSentence } from './recognition-text.js';
import { gpuRatio } from './time-text.js';
import { code, strong, type RichText } from './rich-text.js';
import type { ReportInput } from './types.js';

export function atAGlanceItems({ analysis, records }: ReportInput): RichText[] {
  const manyGenerators = new Set(analysis.results.map((result) => result.generator)).size > 1;
  const openEnded = records.length > 0 && records.every((record) => record.taskKind === 'open');
  const pairwise = pairwiseSentences(analysis).map(({ name, text }): RichText => [strong(name), `: ${text}`]);
  const unmeasured = openEnded && pairwise.length === 0 ? [noPairwise] : [];
  const strategies = analysis.results.map((result) => strategySentence(result, analysis, manyGenerators));
  return [
    ...(openEnded ? [...pairwise, ...unmeasured, ...strategies] : [...strategies, ...pairwise]),
    ...weakTestSentence(analysis, manyGenerators),
    judgeSentence(analysis),
  ];
}

const noPairwise: RichText = [
  strong('Pairwise'),
  ': open-ended requests have no tests, and this run did not judge pairwise: add ',
  code('pairwise: true'),
  ' to the ',
  code('panel'),
  " to learn how often a strategy's final answer beats its first, with the order of the two swapped.",
];

/** Runs with plus inputs: how often the original tests accepted a final answer that the plus inputs show is wrong. */
function weakTestSentence(analysis: RunAnalysis, manyGenerators: boolean): RichText[] {
  const measured = analysis.results.flatMap((result) => (result.weakTests ? [{ result, falsePass: result.weakTests.falsePass }] : []));
  if (measured.length === 0) return [];
  const rates = measured.map(({ result, falsePass }) => `${result.strategy}${manyGenerators ? ` on ${result.generator}` : ''} ${rateWithCounts(falsePass)}`);
  return [[strong('Weak tests'), `: of the final answers that pass the original (base) tests, the share that EvalPlus' extra (plus) inputs show to be wrong — ${rates.join(', ')}.`]];
}

function strategySentence(result: StrategyResult, analysis: RunAnalysis, manyGenerators: boolean): RichText {
  const feedback = result.oracle ? oracleWarning : result.feedback === 'none' ? 'no feedback' : `${result.feedback} feedback`;
  const name = [strong(result.strategy), `${manyGenerators ? ` on ${result.generator}` : ''} (${feedback}): `];
  const comparison = result.vsBaseline;
  if (result.strategy === analysis.baseline || !comparison) {
    const why =
      result.strategy === analysis.baseline
        ? 'the baseline every other strategy is compared with'
        : analysis.baseline === undefined
          ? 'this run has no one-shot baseline, so no Δ'
          : `no trials paired with ${analysis.baseline}, so no Δ`;
    return [...name, `pass@1 ${proportionWithInterval(result.summary.passAt1)} on ${result.summary.graded} graded trials; ${why}.`];
  }
  const baseline = analysis.results.find((other) => other.strategy === analysis.baseline && other.generator === result.generator);
  const matched = computeMatchedClauses(result, analysis);
  return [
    ...name,
    `${decision(result, comparison, analysis)}. `,
    `pass@1 ${percent(comparison.strategyPassAt1)} vs ${percent(comparison.baselinePassAt1)} for ${comparison.baseline} on the same ${comparison.pairs} trials — ` +
      `Δ ${pointsWithInterval(comparison.delta)}, McNemar p ${pValueText(comparison.mcnemarP)}; ${deltaVerdict(comparison)}. ` +
      `Cost: ${costClause(result, baseline, comparison.baseline)}.${matched.length === 0 ? '' : ` At equal compute: ${matched.join('; ')}.`}`,
  ];
}

/**
 * What a reader can act on. A difference counts only where the bootstrap interval and McNemar's exact test agree on
 * it; otherwise the run says how many tasks would detect a worthwhile gain, by the formula of the smallest detectable Δ.
 */
function decision(result: StrategyResult, comparison: BaselineComparison, analysis: RunAnalysis): string {
  const reliable = comparison.mcnemarP < significanceLevel && excludesZero(comparison.delta);
  const price = gpuRatio(result, analysis);
  const forPrice = price === undefined ? '' : ` for ${ratio(price)} ${comparison.baseline}'s GPU time`;
  if (reliable && result.oracle) return `an upper bound, not a strategy to use (it sees the hidden tests): ${points(comparison.delta.value)}${forPrice}`;
  if (reliable) return comparison.delta.value > 0 ? `worth it here: ${points(comparison.delta.value)}${forPrice}` : `worse than ${comparison.baseline} here: ${points(comparison.delta.value)}${forPrice}`;
  const delta = comparison.pairsToDetect.delta;
  const tasks = tasksToDetect(comparison, analysis);
  const ran = `${plural(analysis.tasks, 'task')}${analysis.repeats > 1 ? ` × ${plural(analysis.repeats, 'repeat')}` : ''}`;
  return tasks <= analysis.tasks
    ? `not shown to help on ${ran}, enough to detect ${points(delta)} (≈ ${tasks} would do): a real gain is likely smaller than that`
    : `not shown to help on ${ran}; would need ≈ ${tasks} tasks${analysis.repeats > 1 ? ` (${analysis.repeats} repeats each)` : ''} to detect ${points(delta)}`;
}

function costClause(result: StrategyResult, baseline: StrategyResult | undefined, baselineName: string): string {
  const used = totalTokens(result.summary);
  const baselineUsed = baseline && totalTokens(baseline.summary);
  const gpu = result.computeMatch?.budget.modelSeconds;
  const theirs = baseline?.computeMatch?.budget.modelSeconds;
  const parts = [
    `${decimal(result.iterations.meanIterations)} generations and ${decimal(gpu)} GPU s per trial${theirs === undefined ? '' : ` (${baselineName}: ${decimal(theirs)})`}`,
    ...(used !== undefined && baselineUsed ? [`${ratio(used / baselineUsed)} ${baselineName}'s tokens`] : []),
  ];
  return parts.join(', ');
}

function judgeSentence(analysis: RunAnalysis): RichText {
  const inflation = analysis.inflation;
  const recognitionClause = analysis.recognition ? ` ${capitalize(recognitionSentence(analysis.recognition))}` : '';
  if (!inflation) {
    return [
      strong('Judges'),
      ': score inflation is not measurable in this run: it needs a panel in which the generator (',
      code('self'),
      `) and another model score the same answers.${recognitionClause}`,
    ];
  }
  const direction = excludesZero(inflation.all)
    ? `the 95% interval excludes 0: judges score their own model's answers ${inflation.all.value > 0 ? 'higher' : 'lower'} than another model does`
    : 'the 95% interval includes 0: no reliable inflation at this sample size';
  const preference =
    analysis.selfPreference.length > 0
      ? analysis.selfPreference.map((entry) => `self-preference ${entry.judges.join(' vs ')}: ${scoreDifference(entry.difference)}`).join('; ')
      : "self-preference (favouring one's own answers over another generator's) is not measurable: it needs two or more generators that judge each other's answers";
  const { first, final } = analysis.inflationBySelection;
  const selection =
    first && final
      ? ` On first answers, which nothing selected, it is ${scoreDifference(first.all)} (${first.pairs} pairs): the judge's own bias. On the final answers a strategy chose it is ${scoreDifference(final.all)}: a loop that stops on its own score submits the answers that score rated high, so selection inflates them further, by construction.`
      : '';
  return [
    strong('Judges'),
    `: on the same answers, self-judge − cross-judge score = ${scoreDifference(inflation.all)} points on 0–10 ` +
      `(${inflation.pairs} pairs; on passing answers ${scoreDifference(inflation.passing)}, on failing ${scoreDifference(inflation.failing)}); ${direction}. ` +
      `A pair is ${inflationPairsMeaning}.${selection} ` +
      `${capitalize(preference)}.${recognitionClause}`,
  ];
}

/** Why a Δ is or is not a difference, after its figures. */
function deltaVerdict(comparison: BaselineComparison): string {
  if (comparison.testsDisagree) {
    return `borderline: the bootstrap interval and the exact test disagree, as they can with only ${comparison.b + comparison.c} discordant pairs; treat it as unconfirmed`;
  }
  if (comparison.mcnemarP >= significanceLevel) return 'the 95% interval includes 0: no reliable difference at this sample size';
  return `${comparison.delta.value > 0 ? 'better' : 'worse'} than ${comparison.baseline} on this dataset`;
}

/** `= 0.146` or `< 0.001`, to read in a sentence. */

