import type { TrajectoryShape } from './lists.js';
import type { TrialRecord } from './record.js';

/** A trial's trajectory shape; records written before samples existed have none, and every one of them revised. */
export function shapeOf(record: Pick<TrialRecord, 'shape'>): TrajectoryShape {
  return record.shape ?? 'revisions';
}
