import { totalTokens } from '../../metrics/summary.js';
import type { BaselineComparison, RunAnalysis, StrategyResult } from '../../metrics/analysis.js';
import { excludesZero } from '../../metrics/statistics.js';
import { capitalize, decimal, percent, plural, pointsWithInterval, proportionWithInterval, pValue, ratio, rateWithCounts, scoreDifference } from '../format.js';
import { computeMatchedClauses } from '../compute-matched-text.js';
import { gradingLabel, oracleWarning } from '../labels.js';
import { pairwiseSentences } from '../pairwise-text.js';
import { recognitionSentence } from '../recognition-text.js';
import type { ReportInput } from '../types.js';
import { bullets, code, section } from './blocks.js';

const simulatedBanner =
  '> **SIMULATED** — these numbers come from the built-in simulated models, whose behaviour was planted in the config. They test the harness, not any real model.';

/** Title, SIMULATED banner, what was asked and what ran, and a warning when any task was graded assert-style. */
export function overview({ meta, records, analysis }: ReportInput): string {
  const strategies = new Set(analysis.results.map((result) => result.strategy)).size;
  const generators = new Set(analysis.results.map((result) => result.generator)).size;
  const grading = gradingLabel(analysis.grading);
  return [
    `# selfbench run: ${meta.name}`,
    ...(meta.simulated ? [simulatedBanner] : []),
    '**Question.** Do self-improvement strategies (self-reflection, a separate AI judge, Reflexion) make a model\'s code better than answering once, at what cost, and how much do judges flatter their own answers?',
    `**This run.** ${plural(strategies, 'strategy', 'strategies')} × ${plural(generators, 'generator')} × ${plural(analysis.tasks, 'task')} of ${code(meta.dataset.source)} × ${plural(analysis.repeats, 'repeat')} = ${plural(records.length, 'trial')}, started ${meta.createdAt}. ${records.length > 0 && records.every((record) => record.taskKind === 'open') ? 'These requests are open-ended: they have no tests, so answers are judged, never graded' : 'Every final answer is graded by hidden tests that no strategy sees (except an oracle, which is marked)'}. Definitions are in the glossary at the end.`,
    ...(grading?.warning ? [`> **Grading.** ${grading.text}`] : []),
  ].join('\n\n');
}

/**
 * One sentence per strategy against the baseline, the pairwise verdicts, and one on the judges: the answer in plain
 * words. Open-ended requests have no tests, so there the pairwise verdicts are the answer and come first.
 */
export function atAGlance({ analysis, records }: ReportInput): string {
  const manyGenerators = new Set(analysis.results.map((result) => result.generator)).size > 1;
  const openEnded = records.length > 0 && records.every((record) => record.taskKind === 'open');
  const pairwise = pairwiseSentences(analysis).map(({ name, text }) => `**${name}**: ${text}`);
  const unmeasured = openEnded && pairwise.length === 0 ? [noPairwise] : [];
  const strategies = analysis.results.map((result) => strategySentence(result, analysis, manyGenerators));
  return section(
    'At a glance',
    bullets([
      ...(openEnded ? [...pairwise, ...unmeasured, ...strategies] : [...strategies, ...pairwise]),
      ...weakTestSentence(analysis, manyGenerators),
      judgeSentence(analysis),
    ]),
  );
}

const noPairwise =
  '**Pairwise**: open-ended requests have no tests, and this run did not judge pairwise: add `pairwise: true` to the `panel` to learn how often a strategy\'s final answer beats its first, with the order of the two swapped.';

/** Runs with plus inputs: how often the original tests accepted a final answer that the plus inputs show is wrong. */
function weakTestSentence(analysis: RunAnalysis, manyGenerators: boolean): string[] {
  const measured = analysis.results.flatMap((result) => (result.weakTests ? [{ result, falsePass: result.weakTests.falsePass }] : []));
  if (measured.length === 0) return [];
  const rates = measured.map(({ result, falsePass }) => `${result.strategy}${manyGenerators ? ` on ${result.generator}` : ''} ${rateWithCounts(falsePass)}`);
  return [`**Weak tests**: of the final answers that pass the original (base) tests, the share that EvalPlus' extra (plus) inputs show to be wrong — ${rates.join(', ')}.`];
}

function strategySentence(result: StrategyResult, analysis: RunAnalysis, manyGenerators: boolean): string {
  const feedback = result.oracle ? oracleWarning : result.feedback === 'none' ? 'no feedback' : `${result.feedback} feedback`;
  const name = `**${result.strategy}**${manyGenerators ? ` on ${result.generator}` : ''} (${feedback})`;
  const comparison = result.vsBaseline;
  if (result.strategy === analysis.baseline || !comparison) {
    const why =
      result.strategy === analysis.baseline
        ? 'the baseline every other strategy is compared with'
        : analysis.baseline === undefined
          ? 'this run has no one-shot baseline, so no Δ'
          : `no trials paired with ${analysis.baseline}, so no Δ`;
    return `${name}: pass@1 ${proportionWithInterval(result.summary.passAt1)} on ${result.summary.graded} graded trials; ${why}.`;
  }
  const baseline = analysis.results.find((other) => other.strategy === analysis.baseline && other.generator === result.generator);
  const used = totalTokens(result.summary);
  const baselineUsed = baseline && totalTokens(baseline.summary);
  const tokenRatio = used !== undefined && baselineUsed ? ` and ${ratio(used / baselineUsed)} ${comparison.baseline}'s tokens` : '';
  const matched = computeMatchedClauses(result, analysis);
  return (
    `${name}: pass@1 ${percent(comparison.strategyPassAt1)} vs ${percent(comparison.baselinePassAt1)} for ${comparison.baseline} on the same ${comparison.pairs} trials — ` +
    `Δ ${pointsWithInterval(comparison.delta)}, McNemar p ${pValueText(comparison.mcnemarP)}; ${deltaVerdict(comparison)}. ` +
    `Cost: ${decimal(result.iterations.meanIterations)} generations per trial${tokenRatio}.${matched.length === 0 ? '' : ` At equal compute: ${matched.join('; ')}.`}`
  );
}

function judgeSentence(analysis: RunAnalysis): string {
  const inflation = analysis.inflation;
  const recognitionClause = analysis.recognition ? ` ${capitalize(recognitionSentence(analysis.recognition))}` : '';
  if (!inflation) {
    return `**Judges**: score inflation is not measurable in this run: it needs a panel in which the generator (\`self\`) and another model score the same answers.${recognitionClause}`;
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
  return (
    `**Judges**: on the same answers, self-judge − cross-judge score = ${scoreDifference(inflation.all)} points on 0–10 ` +
    `(${inflation.pairs} pairs; on passing answers ${scoreDifference(inflation.passing)}, on failing ${scoreDifference(inflation.failing)}); ${direction}.${selection} ` +
    `${capitalize(preference)}.${recognitionClause}`
  );
}

/**
 * Both the bootstrap interval and the exact test must agree before a difference is called
 * reliable: with few discordant pairs the percentile interval is too narrow.
 */
function deltaVerdict(comparison: BaselineComparison): string {
  if (comparison.testsDisagree) {
    return `borderline: the bootstrap interval and the exact test disagree, as they can with only ${comparison.b + comparison.c} discordant pairs; treat it as unconfirmed`;
  }
  if (comparison.mcnemarP >= 0.05) return 'the 95% interval includes 0: no reliable difference at this sample size';
  return `${comparison.delta.value > 0 ? 'better' : 'worse'} than ${comparison.baseline} on this dataset`;
}


/** `= 0.146` or `< 0.001`, to read in a sentence. */
function pValueText(p: number): string {
  const text = pValue(p);
  return text.startsWith('<') ? `< ${text.slice(1)}` : `= ${text}`;
}
