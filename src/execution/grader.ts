import { createHash } from 'node:crypto';
import type { Task } from '../datasets/task.js';
import { Semaphore } from '../util/semaphore.js';
import type { Grade } from '../run/record.js';
import type { ExecutionLimits, Executor } from './types.js';

/**
 * Grades programs against a task's hidden tests; with the dataset loaders, the only
 * reader of `Task.hidden`. Grades are memoized by content, so a program that several
 * strategies or attempts produce is run once.
 */
export class Grader {
  private readonly grades = new Map<string, Promise<Grade>>();
  private readonly slots: Semaphore;

  constructor(
    private readonly executor: Executor,
    private readonly limits: Partial<ExecutionLimits> = {},
    concurrency = 2,
  ) {
    this.slots = new Semaphore(concurrency);
  }

  get sandbox(): string {
    return this.executor.sandbox;
  }

  grade(task: Task, program: string | null): Promise<Grade> {
    if (program === null) return Promise.resolve({ status: 'no-code', passed: false, tests: [], durationMs: 0 });
    const key = createHash('sha256')
      .update(JSON.stringify([program, task.hidden.tests]))
      .digest('hex');
    let grade = this.grades.get(key);
    if (!grade) {
      grade = this.run(task, program);
      this.grades.set(key, grade);
      // An infrastructure failure is not a property of the program: let the next ask retry.
      grade.then((result) => result.status === 'infra-error' && this.grades.delete(key)).catch(() => this.grades.delete(key));
    }
    return grade;
  }

  private async run(task: Task, program: string): Promise<Grade> {
    const result = await this.slots.run(() => this.executor.run({ program, tests: task.hidden.tests, limits: this.limits }));
    return { status: result.status, passed: result.status === 'passed', tests: result.tests, durationMs: result.durationMs };
  }
}
