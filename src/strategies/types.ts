import type { z } from 'zod';
import type { TaskView, TestCase } from '../datasets/task.js';
import type { Attempt, BehaviourRun, JudgedComparison, JudgedVerdict, TestRun } from '../records/attempt.js';
import type { RubricOptions } from '../judges/rubric.js';
import type { PairwiseOptions } from '../judges/pairwise.js';
import type { CommentRole, FeedbackKind, StopReason, TaskKind, TrajectoryShape } from '../records/lists.js';
import type { ChatMessage } from '../chat/types.js';
import type { Answer } from './answer.js';
import type { PromptBook } from './prompt-book.js';

export interface Trajectory {
  attempts: Attempt[];
  /** Index into `attempts` of the answer the strategy submits. */
  finalIndex: number;
  stopReason: StopReason;
  /** For `error` stops: what failed (the model call or the sandbox, not the code). */
  error?: string;
}

/** Temperature of every sample after the first unless a strategy gives one: diverse, still on topic. */
export const SAMPLE_TEMPERATURE = 0.8;

export interface GenerateOptions {
  /**
   * Which independent sample this is: its seed derives from the trial's seed and this index, so samples are
   * reproducible and differ. 0 (the default) is the trial's own call: the same seed and options as every
   * strategy's first answer, so that first generation stays one cached call.
   */
  sample?: number;
  /** Sampling temperature; unset, sample 0 uses the model's configured one and later samples `SAMPLE_TEMPERATURE`. */
  temperature?: number;
}

/**
 * Everything a fair strategy may touch. The context does the bookkeeping (attempts, call
 * records, timings, grading), so a strategy reads like the pseudo-code in its paper. It
 * holds a `TaskView`: hidden tests and the reference are not reachable from here.
 */
export interface StrategyContext {
  readonly task: TaskView;
  /** Config name of the generator model. */
  readonly generator: string;
  readonly prompts: PromptBook;
  /** One generation, numbered when its call starts; several may be in flight at once (independent samples). */
  generate(messages: ChatMessage[], options?: GenerateOptions): Promise<Answer>;
  /** Scores the answer with the rubric; re-asks up to `retries` times on a parse failure. */
  judge(answer: Answer, judgeModel: string, options: RubricOptions): Promise<JudgedVerdict>;
  /**
   * Which is better, `answer` or `baseline` (judges/pairwise.ts): both orders asked of `judgeModel`, the outcome from
   * `answer`'s side — absent when a reply could not be read. Kept, with its calls, on `answer`'s attempt.
   */
  compare(answer: Answer, baseline: Answer, judgeModel: string, options: PairwiseOptions): Promise<JudgedComparison>;
  /** Asks the generator for up to `count` unit tests; keeps those that parse. */
  writeTests(count: number): Promise<TestCase[]>;
  runTests(answer: Answer, tests: readonly TestCase[], source: TestRun['source']): Promise<TestRun>;
  /**
   * What each answer does when called on the inputs of `tests` — the literal arguments of each `assert <entry>(…) ==
   * <constant>`; tests of other shapes give none — their expected values ignored. One run per answer, kept on its
   * attempt; undefined, with nothing run, when no test gives an input.
   */
  behaviours(answers: readonly Answer[], tests: readonly TestCase[], source: BehaviourRun['source']): Promise<BehaviourRun[] | undefined>;
  /**
   * The generator's free-text words about one of its answers (Reflexion's reflection, Self-Debug's explanation, a
   * critique, Self-Refine's feedback): one call of that role, its reply kept on the answer's attempt and returned.
   */
  comment(role: CommentRole, messages: ChatMessage[], answer: Answer): Promise<string>;
  /** Notes something about the trial that a report should show (e.g. a test-source fallback). */
  note(text: string): void;
  /** Ends the trial; the last attempt is the final answer unless `finalIndex` says otherwise. */
  stop(reason: StopReason, finalIndex?: number): Trajectory;
}

/**
 * Only `reflexion-oracle` gets this: its feedback is the hidden tests' results (the grader's messages, never
 * the tests themselves), and reports mark it as an upper bound.
 */
export interface OracleContext extends StrategyContext {
  runHiddenTests(answer: Answer): Promise<TestRun>;
}

/** A model a strategy's options name, and where. */
export interface ModelRef {
  path: string;
  model: string;
  /** It must not be a generator: a cross-judge that is the generator would be self-judging under another label. */
  notAGenerator?: true;
}

interface StrategyBase<Options extends z.ZodType> {
  /** Registry name, used as `use:` in config. */
  readonly name: string;
  /** Options the config may set on an instance; strict, with defaults. */
  readonly options: Options;
  /** Task kinds it applies to; others are recorded as `skipped`. */
  readonly kinds: readonly TaskKind[];
  /** How its attempts relate (records/lists.ts); `revisions` when absent, as every loop that retries. */
  readonly shape?: TrajectoryShape;
  /** The most model calls one trial can make with these options (for `--dry-run`), retries not counted. */
  maxCalls(options: z.output<Options>): number;
  /** Config names of models the options refer to (e.g. a separate judge), checked against `models`. */
  modelRefs?(options: z.output<Options>): ModelRef[];
  /** For a loop that stops on a judge's score: that score (metrics judge the stopping decision by it). */
  stopThreshold?(options: z.output<Options>): number;
}

export interface FairStrategy<Options extends z.ZodType = z.ZodType> extends StrategyBase<Options> {
  readonly feedback: Exclude<FeedbackKind, 'oracle'>;
  /** When an option chooses the feedback (Reflexion's `feedback: visible-tests`), the instance's kind. */
  feedbackFor?(options: z.output<Options>): Exclude<FeedbackKind, 'oracle'>;
  solve(ctx: StrategyContext, options: z.output<Options>): Promise<Trajectory>;
}

export interface OracleStrategy<Options extends z.ZodType = z.ZodType> extends StrategyBase<Options> {
  readonly feedback: 'oracle';
  solve(ctx: OracleContext, options: z.output<Options>): Promise<Trajectory>;
}

export type StrategyDefinition<Options extends z.ZodType = z.ZodType> = FairStrategy<Options> | OracleStrategy<Options>;

export function defineStrategy<Options extends z.ZodType>(definition: FairStrategy<Options>): FairStrategy<Options>;
export function defineStrategy<Options extends z.ZodType>(definition: OracleStrategy<Options>): OracleStrategy<Options>;
export function defineStrategy<Options extends z.ZodType>(definition: StrategyDefinition<Options>): StrategyDefinition<Options> {
  return definition;
}
