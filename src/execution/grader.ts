import { createHash } from 'node:crypto';
import type { Task, TestCase } from '../datasets/task.js';
import type { Grade } from '../run/record.js';
import { Semaphore } from '../util/semaphore.js';
import type { ExecutionLimits, ExecutionResult, Executor } from './types.js';

/** Runs a program against tests. What a strategy's context holds: it can run tests it has, nothing more. */
export interface TestRunner {
  run(program: string, tests: readonly TestCase[]): Promise<ExecutionResult>;
}

/**
 * Grades programs against a task's hidden tests; with the dataset loaders, the only
 * reader of `Task.hidden`. Runs are memoized by content, so a program that several
 * strategies or attempts produce is run once per set of tests.
 */
export class Grader implements TestRunner {
  private readonly runs = new Map<string, Promise<ExecutionResult>>();
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

  run(program: string, tests: readonly TestCase[]): Promise<ExecutionResult> {
    const key = createHash('sha256').update(JSON.stringify([program, tests])).digest('hex');
    let run = this.runs.get(key);
    if (!run) {
      run = this.slots.run(() => this.executor.run({ program, tests, limits: this.limits }));
      this.runs.set(key, run);
      // An infrastructure failure is not a property of the program: let the next ask retry.
      run.then((result) => result.status === 'infra-error' && this.runs.delete(key)).catch(() => this.runs.delete(key));
    }
    return run;
  }

  async grade(task: Task, program: string | null): Promise<Grade> {
    if (program === null) return { status: 'no-code', passed: false, tests: [], durationMs: 0 };
    const result = await this.run(program, task.hidden.tests);
    return {
      status: result.status,
      passed: result.status === 'passed',
      tests: result.tests,
      durationMs: result.durationMs,
      ...(result.rerunAfterTimeout ? { rerunAfterTimeout: true } : {}),
    };
  }
}
