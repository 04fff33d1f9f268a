import type { TrialRecord } from '../records/record.js';
import { bootstrap, groupBy, mean, wilson, type BootstrapOptions, type Proportion } from './statistics.js';

/** pass@1 of one strategy × generator; `successes`/`n` are the graded trials pooled over repeats. */
export interface PassAt1 extends Proportion {
  tasks: number;
  repeats: number;
  /**
   * `wilson` with one repeat. With more, `value` is the mean over repeats of each repeat's pass
   * rate (= successes / n when every repeat graded the same tasks) and the interval a percentile
   * bootstrap over tasks: repeats of one task are not independent draws.
   */
  interval: 'wilson' | 'task-bootstrap';
}

/** Unbiased pass@k for one task (Chen et al. 2021, eq. 1): 1 − C(n−c, k)/C(n, k), as their stable product. */
export function unbiasedPassAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

export interface PassAtK {
  k: number;
  /** Mean over the tasks with at least k graded samples. */
  value: number;
  tasks: number;
  /** Tasks left out for having fewer than k graded samples. */
  tasksTooFewSamples: number;
}

export function passAt1(records: readonly TrialRecord[], options?: BootstrapOptions): PassAt1 {
  const graded = gradedTrials(records);
  const byTask = [...groupBy(graded, (record) => record.taskId).values()];
  const repeats = new Set(graded.map((record) => record.repeat)).size;
  const successes = graded.filter((record) => record.passed).length;
  const counts = { successes, n: graded.length, tasks: byTask.length, repeats };
  const estimate = repeats > 1 ? bootstrap(byTask, (tasks) => meanPassRateOverRepeats(tasks.flat()), options) : undefined;
  if (!estimate) return { ...wilson(successes, graded.length), ...counts, interval: 'wilson' };
  return { ...counts, ...estimate, interval: 'task-bootstrap' };
}

/** Undefined when no task has k graded samples. */
export function passAtK(records: readonly TrialRecord[], k: number): PassAtK | undefined {
  const byTask = [...groupBy(gradedTrials(records), (record) => record.taskId).values()];
  const sampled = byTask.filter((trials) => trials.length >= k);
  const value = mean(sampled.map((trials) => unbiasedPassAtK(trials.length, trials.filter((record) => record.passed).length, k)));
  if (value === undefined) return undefined;
  return { k, value, tasks: sampled.length, tasksTooFewSamples: byTask.length - sampled.length };
}

function meanPassRateOverRepeats(trials: readonly TrialRecord[]): number | undefined {
  const byRepeat = [...groupBy(trials, (record) => record.repeat).values()];
  return mean(byRepeat.map((repeat) => repeat.filter((record) => record.passed).length / repeat.length));
}

/** Trials graded by hidden tests: open-ended and skipped trials have `passed: null`. */
export function gradedTrials(records: readonly TrialRecord[]): TrialRecord[] {
  return records.filter((record) => record.passed !== null);
}
