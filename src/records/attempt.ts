import type { CommentRole, TestSource } from './lists.js';
import type { AttemptStatus, TestOutcome } from './outcome.js';
import type { PairwiseVerdict } from './pairwise.js';
import type { Verdict } from './verdict.js';

/** A verdict as a strategy received it: who judged, and every raw reply (re-asks after a parse failure included). */
export interface JudgedVerdict extends Verdict {
  judge: string;
  replies: string[];
}

/** A pairwise verdict as a strategy received it: this attempt (the answer) against an earlier one (the baseline). */
export interface JudgedComparison extends PairwiseVerdict {
  judge: string;
  /** The `iteration` of the attempt it was compared with. */
  baseline: number;
}

/** Feedback tests run on an attempt (never the hidden tests, except for the oracle strategy). */
export interface TestRun {
  source: TestSource;
  status: AttemptStatus;
  passed: boolean;
  /** Each test's outcome with its source, so feedback can quote the test. */
  tests: (TestOutcome & { code: string })[];
}

/** What one call of an answer did, nothing expected of it. */
export interface CallBehaviour {
  /** Equal for two calls exactly when they did the same: values equal under Python's `==`, the same exception class, the same failure. */
  key: string;
  /** For a reader: `returned 3`, `raised ValueError: empty list`, `timed out after 1000 ms`. */
  shown: string;
}

export interface ObservedCall extends CallBehaviour {
  /** The call as written: `add(1, 2)`. */
  call: string;
  /** The test its arguments were read from. */
  test: string;
}

/**
 * An answer called on the inputs of tests, their expected values ignored: no test passes or fails, so it is not a
 * `TestRun` (self-consistency groups samples by what they do).
 */
export interface BehaviourRun {
  /** Whose tests gave the inputs. */
  source: TestSource;
  status: AttemptStatus;
  calls: ObservedCall[];
}

/** One generation and what the strategy learned about it. Hidden-test grades are added by the runner, never here. */
export interface Attempt {
  /** 1-based generation index, given when the call starts (samples in flight together keep their order). */
  iteration: number;
  /** The sample it was drawn as (its own seed and temperature); absent for sample 0, the trial's seed. */
  sample?: number;
  raw: string;
  /** Extracted code, or null when nothing runnable could be found (a recorded outcome). */
  code: string | null;
  /** The runnable program assembled from the code and the prompt's preamble. */
  program: string | null;
  extractionError?: string;
  verdict?: JudgedVerdict;
  /** A strategy's pairwise judgment of this attempt against an earlier one (best-of-n's knockout). */
  comparison?: JudgedComparison;
  feedback?: TestRun;
  /** What it did on the inputs of tests, when a strategy compared behaviours instead of running tests. */
  behaviour?: BehaviourRun;
  /** What the generator said about this attempt before the next one (a reflection, an explanation, a critique, feedback). */
  comment?: AttemptComment;
  /** Reflexion's reflection in records written before `comment`: read both with `commentOf`. */
  reflection?: string;
  callIds: string[];
}

export interface AttemptComment {
  role: CommentRole;
  /** The reply as the model wrote it, trimmed. */
  text: string;
}

/** The attempt's comment, in records of either age. */
export function commentOf(attempt: Pick<Attempt, 'comment' | 'reflection'>): AttemptComment | undefined {
  if (attempt.comment !== undefined) return attempt.comment;
  return attempt.reflection === undefined ? undefined : { role: 'reflect', text: attempt.reflection };
}
