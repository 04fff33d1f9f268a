import { Grader } from './grader.js';
import { Oracle } from './oracle.js';
import { createExecutor, type ExecutorOptions } from './sandbox.js';
import { describeSandbox, type SandboxName } from './sandbox/sandbox-description.js';
import type { Executor } from './types.js';

export interface Grading {
  grader: Grader;
  /** What runs the candidates' code (its back-end is the run's sandbox). */
  executor: Executor;
  /** Stops the executors' pool workers. */
  close(): Promise<void>;
}

export interface GradingOptions extends ExecutorOptions {
  /** Where expected values are kept between runs (oracle.ts), under a back-end that isolates the file system; none: computed each time. */
  cacheDir?: string;
}

/**
 * A run's grader: candidates on `createExecutor(options)`, references on an executor of their own on the same
 * back-end, so that no expected value passes through a pool worker that a candidate is later forked from.
 */
export async function createGrading(options: GradingOptions): Promise<Grading> {
  const executor = await createExecutor(options);
  // Made on first use: with every expected value cached, a run starts no reference worker at all.
  const referenceExecutor = lazyExecutor(executor.sandbox, () => createExecutor({ ...options, sandbox: executor.sandbox as SandboxName }));
  // A program that can reach the cache could rewrite what the next run expects: no cache under a back-end that shows it the file system.
  const cacheDir = describeSandbox(executor.sandbox, executor.landlockAbi).isolatesFileSystem ? options.cacheDir : undefined;
  const oracle = new Oracle(referenceExecutor, cacheDir);
  return {
    grader: new Grader(executor, { concurrency: options.concurrency, oracle }),
    executor,
    close: async () => {
      await Promise.all([executor.close?.(), referenceExecutor.close?.()]);
    },
  };
}

function lazyExecutor(sandbox: string, create: () => Promise<Executor>): Executor {
  let made: Promise<Executor> | undefined;
  return {
    sandbox,
    run: async (request, signal) => (await (made ??= create())).run(request, signal),
    close: async () => {
      if (made !== undefined) await (await made).close?.();
    },
  };
}
