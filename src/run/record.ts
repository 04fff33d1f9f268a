import type { GradingStyle, SuiteName } from '../datasets/task.js';
import type { ExecutionStatus, TestOutcome } from '../execution/types.js';
import type { CallPurpose } from '../providers/types.js';
import type { Attempt, FeedbackKind, JudgedVerdict, StopReason } from '../strategies/types.js';

/** The `purpose.strategy` of post-hoc panel calls, so cost metrics can tell them from a strategy's own calls. */
export const panelStrategy = 'panel';

/** One model call as the gateway saw it: every retry is its own record. */
export interface CallRecord {
  id: string;
  /** The server it went to; model loads are counted per endpoint. */
  endpoint: string;
  /** Config name of the model (`coder`), and its tag on the server. */
  modelName: string;
  model: string;
  provider: string;
  purpose: CallPurpose;
  /** 1-based try number within the gateway's retries. */
  try: number;
  /** When the call left the endpoint's queue for the server (or was answered from the cache). */
  startedAt: string;
  ok: boolean;
  error?: string;
  /**
   * Answered from the response cache or by joining an identical call in flight. Its
   * tokens and timings are the original's, because they are part of what the answer cost
   * whichever strategy happened to ask first; latency statistics leave it out.
   */
  cached: boolean;
  wallMs: number;
  loadMs?: number;
  promptMs?: number;
  generateMs?: number;
  promptTokens?: number;
  completionTokens?: number;
  thinkingTokens?: number;
  doneReason?: string;
}

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
  status: ExecutionStatus | 'no-code';
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
  strategy: { id: string; use: string; feedback: FeedbackKind };
  /** Model tag of the generator. */
  model: string;
  provider: string;
  taskKind: 'code' | 'open';
  seed: number;
  attempts: GradedAttempt[];
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
