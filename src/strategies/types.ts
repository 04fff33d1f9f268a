import type { z } from 'zod';
import type { TaskView } from '../datasets/task.js';
import type { ChatMessage } from '../providers/types.js';

/** What kind of signal drives a strategy's retries; printed in every report row. */
export type FeedbackKind = 'none' | 'self-judge' | 'cross-judge' | 'visible-tests' | 'self-tests' | 'oracle';

export type StopReason =
  | 'threshold-met'
  | 'tests-passed'
  | 'max-iterations'
  | 'judge-error'
  | 'no-change'
  | 'skipped'
  | 'error';

/** One generation and what the strategy learned about it. Hidden-test grades are added by the runner, never here. */
export interface Attempt {
  /** 1-based generation index. */
  iteration: number;
  raw: string;
  /** Extracted code, or null when nothing runnable could be found (a recorded outcome). */
  code: string | null;
  /** The runnable program assembled from the code and the prompt's preamble. */
  program: string | null;
  extractionError?: string;
  callIds: string[];
}

export interface Trajectory {
  attempts: Attempt[];
  /** Index into `attempts` of the answer the strategy submits. */
  finalIndex: number;
  stopReason: StopReason;
  /** For `error` stops: what failed (the model call or the sandbox, not the code). */
  error?: string;
}

/** An answer as a strategy holds it. */
export interface Answer {
  attempt: Attempt;
  text: string;
  program: string | null;
}

/**
 * Everything a strategy may touch. The context does the bookkeeping (attempts, call
 * records, timings), so a strategy reads like the pseudo-code in its paper.
 */
export interface StrategyContext {
  readonly task: TaskView;
  /** Config name of the generator model. */
  readonly generator: string;
  readonly prompts: {
    /** The first generation prompt; identical for every strategy, so first answers are shared. */
    initial(): ChatMessage[];
  };
  generate(messages: ChatMessage[]): Promise<Answer>;
  /** Ends the trial; the last attempt is the final answer unless `finalIndex` says otherwise. */
  stop(reason: StopReason, finalIndex?: number): Trajectory;
}

export interface StrategyDefinition<Options extends z.ZodType = z.ZodType> {
  /** Registry name, used as `use:` in config. */
  readonly name: string;
  readonly feedback: FeedbackKind;
  /** Options the config may set on an instance; strict, with defaults. */
  readonly options: Options;
  /** Task kinds it applies to; others are recorded as `skipped`. */
  readonly kinds: readonly ('code' | 'open')[];
  /** The most model calls one trial can make with these options (for `--dry-run`). */
  maxCalls(options: z.output<Options>): number;
  solve(ctx: StrategyContext, options: z.output<Options>): Promise<Trajectory>;
}

export function defineStrategy<Options extends z.ZodType>(
  definition: StrategyDefinition<Options>,
): StrategyDefinition<Options> {
  return definition;
}
