import type { z } from 'zod';
import type { FeedbackKind, TaskKind, TrajectoryShape } from '../records/lists.js';
import type { ModelRef, OracleContext, StrategyContext, StrategyDefinition, Trajectory } from './types.js';

/** How a trial runs the strategy: a fair one gets the plain context, the oracle one the context with the hidden tests. */
export type StrategyRun =
  | { readonly oracle: false; solve(ctx: StrategyContext): Promise<Trajectory> }
  | { readonly oracle: true; solve(ctx: OracleContext): Promise<Trajectory> };

/**
 * A strategy bound to its parsed options. The options meet the strategy's code only inside `instantiate`, where
 * their type is known, so nothing downstream passes them back untyped; a run reads these facts instead.
 */
export interface StrategyInstance {
  /** Label in reports; defaults to the strategy name. */
  readonly id: string;
  readonly use: string;
  /** The options as parsed (defaults filled in): plain data for run.json and the reports' configuration table. */
  readonly options: unknown;
  /** The feedback kind of this instance, printed in every report row. */
  readonly feedback: FeedbackKind;
  /** Task kinds it applies to; others are recorded as `skipped`. */
  readonly kinds: readonly TaskKind[];
  /** How its trials' attempts relate, recorded on each trial: metrics read fix/break only from revisions. */
  readonly shape: TrajectoryShape;
  /** The most model calls one trial can make (for `--dry-run`), retries not counted. */
  readonly maxCalls: number;
  /** Config names of models the options refer to (e.g. a separate judge), with the option's path. */
  readonly modelRefs: readonly ModelRef[];
  /** The judge score at which the loop stops, for strategies that stop on one (metrics read it from run.json). */
  readonly stopThreshold: number | undefined;
  readonly run: StrategyRun;
}

/** Parses `raw` as `definition`'s options and binds them; the parse issues where they do not fit. */
export function instantiate<Options extends z.ZodType>(
  definition: StrategyDefinition<Options>,
  id: string,
  raw: unknown,
): { instance: StrategyInstance } | { issues: z.core.$ZodIssue[] } {
  const parsed = definition.options.safeParse(raw);
  if (!parsed.success) return { issues: parsed.error.issues };
  const options = parsed.data;
  const facts = {
    id,
    use: definition.name,
    options,
    kinds: definition.kinds,
    shape: definition.shape ?? 'revisions',
    maxCalls: definition.maxCalls(options),
    modelRefs: definition.modelRefs?.(options) ?? [],
    stopThreshold: definition.stopThreshold?.(options),
  };
  if (definition.feedback === 'oracle') {
    return { instance: { ...facts, feedback: 'oracle', run: { oracle: true, solve: (ctx) => definition.solve(ctx, options) } } };
  }
  const feedback = definition.feedbackFor?.(options) ?? definition.feedback;
  return { instance: { ...facts, feedback, run: { oracle: false, solve: (ctx) => definition.solve(ctx, options) } } };
}
