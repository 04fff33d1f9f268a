import type { TrialRecord } from '../records/record.js';
import { shapeOf } from '../records/shape.js';
import { gradedTrials } from './pass-at-k.js';
import { wilson, type Proportion } from './statistics.js';

/**
 * Selection accuracy of a sampling strategy: of its graded trials (shape `samples`) in which at least one sample
 * passed the hidden tests, the share whose picked (final) answer passed. Sampling found a right answer; this is
 * how often the pick kept it. Trials with no passing sample say nothing about the pick and are left out.
 */
export function selectionAccuracy(records: readonly TrialRecord[]): Proportion {
  const found = gradedTrials(records).filter(
    (record) => shapeOf(record) === 'samples' && record.attempts.some((attempt) => attempt.grade?.passed === true),
  );
  return wilson(found.filter((record) => record.passed === true).length, found.length);
}
