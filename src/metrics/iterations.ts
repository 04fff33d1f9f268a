import type { TrialRecord } from '../records/record.js';
import type { StopReason } from '../records/lists.js';
import { groupBy, mean, wilson, type Proportion } from './statistics.js';

export interface IterationStats {
  /** Trials that ran (not skipped). */
  trials: number;
  meanIterations: number | undefined;
  /** How many trials made each number of attempts, ascending. */
  distribution: { attempts: number; trials: number }[];
  /** Every trial, skipped ones included. */
  stopReasons: Partial<Record<StopReason, number>>;
  /**
   * P(hidden tests fail | feedback tests passed), over graded attempts whose feedback tests
   * passed: how often the signal a strategy stops on is wrong. Trivially 0 for the oracle.
   */
  feedbackFalsePositive: Proportion;
}

/** Attempts per trial that ran; skipped trials made none and are left out. */
export function meanIterations(records: readonly TrialRecord[]): number | undefined {
  return mean(ranTrials(records).map((record) => record.attempts.length));
}

export function iterationStats(records: readonly TrialRecord[]): IterationStats {
  const ran = ranTrials(records);
  const byAttempts = groupBy(ran, (record) => record.attempts.length);
  const stopReasons: Partial<Record<StopReason, number>> = {};
  for (const record of records) stopReasons[record.stopReason] = (stopReasons[record.stopReason] ?? 0) + 1;
  const feedbackPassed = records.flatMap((record) =>
    record.attempts.filter((attempt) => attempt.feedback?.passed === true && attempt.grade !== undefined),
  );
  return {
    trials: ran.length,
    meanIterations: meanIterations(records),
    distribution: [...byAttempts]
      .map(([attempts, trials]) => ({ attempts, trials: trials.length }))
      .sort((a, b) => a.attempts - b.attempts),
    stopReasons,
    feedbackFalsePositive: wilson(feedbackPassed.filter((attempt) => attempt.grade?.passed === false).length, feedbackPassed.length),
  };
}

function ranTrials(records: readonly TrialRecord[]): TrialRecord[] {
  return records.filter((record) => record.stopReason !== 'skipped');
}
