import type { Executor } from './types.js';

/**
 * `pooled`, started on a remembered verdict (sandbox/pool-verdicts.ts): its first attempt is the probe. When an
 * attempt fails for want of the pool itself (an infrastructure error: the worker did not start, or could not set
 * the attempt up; a program cannot cause one) before any attempt has run, the verdict is forgotten and the back-end
 * probed afresh (`reprobe`), which gives it again, pooled or not, or an error saying it does not work here any
 * more: a run never changes back-end after saying which one runs. That attempt, and every later one, then runs on
 * what the probe gave.
 */
export function firstAttemptProbes(pooled: Executor, forgetVerdict: () => void, reprobe: () => Promise<Executor>): Executor {
  let worked = false;
  let replaced: Promise<Executor> | undefined;
  /** What the probe gave, once it has: whether attempts are pooled, and confined by Landlock, is then its to say. */
  let replacement: Executor | undefined;
  const replace = async (): Promise<Executor> => {
    forgetVerdict();
    await pooled.close?.();
    replacement = await reprobe();
    return replacement;
  };
  return {
    sandbox: pooled.sandbox,
    get pooled() {
      return (replacement ?? pooled).pooled;
    },
    get landlockAbi() {
      return (replacement ?? pooled).landlockAbi;
    },
    run: async (request, signal) => {
      if (replaced !== undefined) return (await replaced).run(request, signal);
      const result = await pooled.run(request, signal);
      if (result.status !== 'infra-error' || worked) {
        worked = true;
        return result;
      }
      replaced ??= replace();
      return (await replaced).run(request, signal);
    },
    close: async () => {
      await pooled.close?.();
      await (await replaced?.catch(() => undefined))?.close?.();
    },
  };
}
