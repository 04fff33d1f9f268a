import type { Attempt, JudgedVerdict } from './attempt.js';
import type { CallRecord } from './call.js';
import type { FeedbackKind, GradingStyle, StopReason, SuiteName, TaskKind, TrajectoryShape } from './lists.js';
import type { AttemptStatus, TestOutcome } from './outcome.js';
import type { PanelComparison } from './pairwise.js';

/** The `purpose.strategy` of post-hoc panel calls, so cost metrics can tell them from a strategy's own calls. */
export const panelStrategy = 'panel';

/** One input suite of a differential grade: how many of its inputs gave the reference's return value. */
export interface SuiteResult {
  name: SuiteName;
  /** Every input of the suite passed. */
  passed: boolean;
  inputs: number;
  passedInputs: number;
}

/** Hidden-test result of one attempt: only the grader writes this. */
export interface Grade {
  status: AttemptStatus;
  /** Every test passed; with differential grading, every input of every suite (HumanEval+: base and plus). */
  passed: boolean;
  /** Assert-style: one outcome per test. Differential: one per suite, its error naming the first failing input. */
  tests: TestOutcome[];
  durationMs: number;
  /** It timed out once and was run again alone (a busy machine is not the code's fault). */
  rerunAfterTimeout?: true;
  /** How it was graded (datasets/task.ts); records written before differential grading have none: assert-style. */
  method?: GradingStyle;
  /** Differential grading: each suite's result, in the order they ran (base, then plus). */
  suites?: SuiteResult[];
}

export interface GradedAttempt extends Attempt {
  /** Absent for open-ended tasks, which have no tests. */
  grade?: Grade;
}

/**
 * A post-hoc panel judge's verdict on one attempt of a finished trial. Every panel judge
 * scores the same answers with the same rubric, so judges are compared like for like.
 */
export interface PanelVerdict {
  /** Config name of the judging model; `self` in config resolves to the generator. */
  judge: string;
  /** Whether the judge is the model that wrote the answer. */
  self: boolean;
  attemptIndex: number;
  verdict: JudgedVerdict;
}

export interface TrialKey {
  strategyId: string;
  generator: string;
  taskId: string;
  repeat: number;
}

export interface TrialRecord extends TrialKey {
  key: string;
  /** The instance, and the feedback kind it was configured with. */
  strategy: { id: string; use: string; feedback: FeedbackKind };
  /**
   * The feedback its retries ran on: the configured kind unless it fell back (Reflexion on visible tests when the
   * model wrote none that parse) or had none (`none`: it could not make its own). Absent in records written before
   * it was kept: read it with `feedbackUsed()`.
   */
  feedbackUsed?: FeedbackKind;
  /** Model tag of the generator. */
  model: string;
  provider: string;
  taskKind: TaskKind;
  seed: number;
  attempts: GradedAttempt[];
  /** How the attempts relate (lists.ts); absent in records written before samples existed: read it with `shapeOf`. */
  shape?: TrajectoryShape;
  finalIndex: number;
  stopReason: StopReason;
  error?: string;
  /**
   * Hidden-test result of the final answer; null for open tasks, and for trials stopped by an
   * infrastructure error (their answer is not final, so it stays out of pass@1 and Δ).
   */
  passed: boolean | null;
  /** Post-hoc panel verdicts (final attempt, or every attempt with `panel.allAttempts`). */
  panel?: PanelVerdict[];
  /** Post-hoc pairwise verdicts (`panel.pairwise`): the final answer against the first, by each pairwise judge. */
  pairwise?: PanelComparison[];
  /** Tests the generator wrote for itself (Reflexion with self-tests). */
  selfTests?: string[];
  /** Things a report should show about this trial: a feedback fallback, a prompt near the context limit. */
  notes: string[];
  calls: CallRecord[];
  startedAt: string;
  durationMs: number;
}

export function trialKey(key: TrialKey): string {
  return [key.strategyId, key.generator, key.taskId, key.repeat].join('|');
}

/** The feedback a trial's retries ran on (the configured kind for records written before this was kept). */
export function feedbackUsed(record: Pick<TrialRecord, 'feedbackUsed' | 'strategy'>): FeedbackKind {
  return record.feedbackUsed ?? record.strategy.feedback;
}
