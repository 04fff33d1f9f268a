/** What the numbers can and cannot say, in plain words from the run's own figures: shared by report.md and report.html. */
import type { StrategyResult } from '../metrics/analysis.js';
import { detectionPower, worthwhileDelta, zPower, zSignificance } from '../metrics/power.js';
import { significanceLevel } from '../metrics/statistics.js';
import { percent, plural, plusMinusPoints, points } from './format.js';
import { gradingLabel, oracleWarning } from './labels.js';
import { em, strong, type RichText } from './rich-text.js';
import type { ReportInput } from './types.js';

export function caveatItems(input: ReportInput): RichText[] {
  const { meta, analysis } = input;
  const trials = (pick: (result: StrategyResult) => number) => analysis.results.reduce((total, result) => total + pick(result), 0);
  const errors = trials((result) => result.summary.errors);
  const skipped = trials((result) => result.summary.skipped);
  const comparisons = analysis.results.filter((result) => result.vsBaseline).length;
  const grading = gradingLabel(analysis.grading);
  const items: (string | RichText)[] = [
    sampleSize(analysis.results, analysis.tasks, analysis.repeats),
    detectableDifference(analysis.results),
    ...(comparisons > 1 ? [`Each p-value is for one comparison; ${comparisons} comparisons were made and none is corrected for the others, so expect about one in ${Math.round(1 / significanceLevel)} to fall below ${significanceLevel} by chance when nothing differs.`] : []),
    ...(analysis.repeats > 1
      ? ["Repeats of a task are not independent draws: intervals resample whole tasks, but McNemar's p counts each repeat as its own pair and is optimistic."]
      : []),
    ...(grading ? [grading.warning ? [strong(grading.text)] : grading.text] : []),
    ...(analysis.plusTasks > 0
      ? [['pass@1 here needs the plus inputs too (EvalPlus\' "base + extra"), so it can only be lower than pass@1 on the original tests alone: compare pass@1 figures reported on those with ', em('pass@1 base'), ', not with pass@1.']]
      : []),
    ...temperature(input),
    ...(analysis.results.some((result) => result.oracle)
      ? [['Rows marked ', em(oracleWarning), ' see the hidden tests as feedback: read them as the ceiling for test feedback, never as a competitor.']]
      : []),
    ...(errors > 0 ? [`${plural(errors, 'trial')} stopped on an infrastructure failure (model call or sandbox) and count as not passed; trials.csv has the errors.`] : []),
    ...(skipped > 0 ? [`${plural(skipped, 'trial')} skipped (the strategy does not apply to the task kind) and are in no rate.`] : []),
    ...(meta.simulated
      ? [[strong('SIMULATED'), ': the models are the built-in simulator, whose accuracy, fix and break rates and judge bias were set in the config. The numbers show that the harness recovers planted effects; they say nothing about any real model.']]
      : []),
  ];
  return items.map((item) => (typeof item === 'string' ? [item] : item));
}

function sampleSize(results: readonly StrategyResult[], tasks: number, repeats: number): string {
  const graded = results.map((result) => result.summary.graded).filter((n) => n > 0);
  if (graded.length === 0) return 'No trial was graded by hidden tests, so there is no pass rate to compare.';
  const fewest = Math.min(...graded);
  const halfWidth = 1.96 * Math.sqrt(0.25 / fewest) * 100;
  return `Sample size: ${plural(tasks, 'task')} × ${plural(repeats, 'repeat')}; the smallest row rests on ${fewest} graded trials. At that size the 95% interval of a pass rate near 50% is about ±${halfWidth.toFixed(1)} points, so two pass rates closer than that are not told apart by comparing their intervals.`;
}

function detectableDifference(results: readonly StrategyResult[]): string {
  const detectable = results.flatMap((result) =>
    result.vsBaseline?.minimumDetectableDelta === undefined ? [] : [`${result.strategy} ${plusMinusPoints(result.vsBaseline.minimumDetectableDelta)}`],
  );
  const method =
    `the minimum detectable Δ at ${percent(detectionPower, 0)} power and two-sided α = ${significanceLevel}, (${zSignificance.toFixed(2)} + ${zPower.toFixed(2)})·√(d/n) (the usual approximation for McNemar's test, Connor 1987), with n the paired trials, d the observed share of pairs on which the two strategies disagree, and ${zSignificance.toFixed(2)} and ${zPower.toFixed(2)} the standard normal's quantiles at 1 − α/2 and at the power`;
  if (detectable.length === 0) {
    return `Smallest detectable difference: ${method}, cannot be computed here: no comparison has a discordant pair (or there is no baseline).`;
  }
  return `Smallest detectable difference: the paired design is more sensitive than comparing intervals. Per comparison, ${method}: ${detectable.join(', ')}. A true Δ of that size is missed ${percent(1 - detectionPower, 0)} of the time and smaller ones more often, so an interval that includes 0 is not evidence that two strategies are equal. Solved for n, the same formula gives the tasks a gain of ${points(worthwhileDelta)} would need (taking the share of discordant pairs as at least ${percent(worthwhileDelta, 0)}): the at-a-glance sentences quote it.`;
}

/** pass@k only means something when the repeats can differ. */
function temperature({ meta, analysis }: ReportInput): string[] {
  if (analysis.repeats < 2) return [];
  const generators = [...new Set(analysis.results.map((result) => result.generator))];
  const temperatureOf = (generator: string) => meta.models[generator]?.options.temperature;
  const greedy = generators.filter((generator) => temperatureOf(generator) === 0);
  const unset = generators.filter((generator) => temperatureOf(generator) === undefined);
  return [
    ...(greedy.length > 0
      ? [`pass@k at temperature 0: ${greedy.join(', ')} decode greedily, so repeats are near-copies and pass@k stays close to pass@1; it does not show what sampling k different answers would give.`]
      : []),
    ...(unset.length > 0 ? [`${unset.join(', ')} ran at the server's default temperature, which the run does not record; pass@k depends on it.`] : []),
  ];
}
