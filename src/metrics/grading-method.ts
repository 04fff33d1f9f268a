import type { GradingStyle } from '../records/lists.js';
import type { Grade, TrialRecord } from '../records/record.js';

/**
 * How the run's code tasks were graded. Assert-style lets the dataset's test code decide (beside the
 * candidate's process since 2026-12-01, inside it before, where a determined program could fake a pass);
 * differential grading compares return values with the reference's. Reports label a run by these counts.
 */
export interface GradingMethods {
  /** Distinct code tasks on which at least one graded program ran. */
  tasks: number;
  /** Tasks per method; a task with any assert-style grade counts as assert-style. Sums to `tasks`. */
  byMethod: Record<GradingStyle, number>;
  /** Of the assert-style tasks, those counted so only because their records predate differential grading (no `method`). */
  unrecorded: number;
}

/**
 * The grade's method; records written before differential grading have none and were graded
 * assert-style. Undefined for a grade of no code (nothing ran, whatever the method would have been).
 */
export function gradingMethodOf(grade: Grade | undefined): GradingStyle | undefined {
  if (!grade) return undefined;
  if (grade.method !== undefined) return grade.method;
  return grade.status === 'no-code' ? undefined : 'asserts';
}

export function gradingMethods(records: readonly TrialRecord[]): GradingMethods {
  // Per task: whether an assert-style grade said so, and whether one is assert-style only for lack of a `method`.
  const tasks = new Map<string, { recorded: boolean; inferred: boolean }>();
  for (const record of records) {
    if (record.taskKind !== 'code') continue;
    for (const { grade } of record.attempts) {
      const method = gradingMethodOf(grade);
      if (method === undefined) continue;
      const task = tasks.get(record.taskId) ?? { recorded: false, inferred: false };
      const asserts = method === 'asserts';
      tasks.set(record.taskId, {
        recorded: task.recorded || (asserts && grade?.method !== undefined),
        inferred: task.inferred || (asserts && grade?.method === undefined),
      });
    }
  }
  const all = [...tasks.values()];
  const asserts = all.filter((task) => task.recorded || task.inferred).length;
  return {
    tasks: all.length,
    byMethod: { asserts, differential: all.length - asserts },
    unrecorded: all.filter((task) => task.inferred && !task.recorded).length,
  };
}
