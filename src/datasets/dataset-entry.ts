import type { Task } from './task.js';

/**
 * A dataset row, validated but not yet made a task: selection reads the ids, and only the rows it keeps pay for
 * their conversion (docstring examples, a check's inputs), which for all of HumanEval is most of a `bench grade`
 * of one sample.
 */
export interface DatasetEntry {
  readonly id: string;
  task(): Task;
}
