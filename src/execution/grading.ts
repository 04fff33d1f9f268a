import { Grader } from './grader.js';
import { Oracle } from './oracle.js';
import { createExecutor, type ExecutorOptions } from './sandbox.js';
import type { SandboxName } from './sandbox-description.js';
import type { Executor } from './types.js';

export interface Grading {
  grader: Grader;
  /** What runs the candidates' code (its back-end is the run's sandbox). */
  executor: Executor;
  /** Stops the executors' pool workers. */
  close(): Promise<void>;
}

export interface GradingOptions extends ExecutorOptions {
  /** Where expected values are kept between runs (oracle.ts); none: computed each time. */
  cacheDir?: string;
}

/**
 * A run's grader: candidates on `createExecutor(options)`, references on an executor of their own on the same
 * back-end, so that no expected value passes through a pool worker that a candidate is later forked from.
 */
export async function createGrading(options: GradingOptions): Promise<Grading> {
  const executor = await createExecutor(options);
  const referenceExecutor = await createExecutor({ ...options, sandbox: executor.sandbox as SandboxName });
  const oracle = new Oracle(referenceExecutor, options.cacheDir);
  return {
    grader: new Grader(executor, { concurrency: options.concurrency, oracle }),
    executor,
    close: async () => {
      await Promise.all([executor.close?.(), referenceExecutor.close?.()]);
    },
  };
}
