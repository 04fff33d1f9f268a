import type { GradedAttempt, TrialRecord } from '../records/record.js';
import { shapeOf } from '../records/shape.js';
import { gradedTrials } from './pass-at-k.js';
import { wilson, type Proportion } from './statistics.js';

/**
 * What retrying did to the first answer, over graded trials of one strategy × generator. Every figure here reads
 * trials of shape `revisions` only: between independent samples there is no retry to fix or break anything
 * (their figure is `selectionAccuracy`, selection.ts).
 */
export interface FixAndBreak {
  trials: number;
  /** P(final passes | first attempt failed). */
  fixRate: Proportion;
  /** P(final fails | first attempt passed). */
  breakRate: Proportion;
  /** (fixed − broken) / trials = pass@1 of final answers − pass@1 of first attempts. */
  netGain: number | undefined;
}

export interface IterationPassRate {
  /** 1-based. */
  iteration: number;
  /** Attempt i passes, among trials that made an attempt i. */
  reached: Proportion;
  /** Every trial's answer at iteration i: attempt i while it runs, its submitted answer once it stopped; ends at final pass@1. */
  carriedForward: Proportion;
}

/** Consecutive attempts i → i+1 within a trial. */
export interface RetryTransition {
  /** P(attempt i+1 passes | attempt i fails). */
  recover: Proportion;
  /** P(attempt i+1 fails | attempt i passes). */
  regress: Proportion;
}

export interface RetryTransitions {
  pooled: RetryTransition;
  /** `from` is i, 1-based; one entry per i that has a following attempt. */
  byStep: (RetryTransition & { from: number })[];
}

export function fixAndBreak(records: readonly TrialRecord[]): FixAndBreak {
  const outcomes = revisionTrials(records).flatMap((record) => {
    const first = attemptPassed(record.attempts[0]);
    return first === undefined ? [] : [{ first, final: record.passed === true }];
  });
  const fixed = outcomes.filter((trial) => !trial.first && trial.final).length;
  const broken = outcomes.filter((trial) => trial.first && !trial.final).length;
  const firstPassed = outcomes.filter((trial) => trial.first).length;
  return {
    trials: outcomes.length,
    fixRate: wilson(fixed, outcomes.length - firstPassed),
    breakRate: wilson(broken, firstPassed),
    netGain: outcomes.length === 0 ? undefined : (fixed - broken) / outcomes.length,
  };
}

export function passRateByIteration(records: readonly TrialRecord[]): IterationPassRate[] {
  const trials = revisionTrials(records);
  const longest = Math.max(0, ...trials.map((record) => record.attempts.length));
  return Array.from({ length: longest }, (_, index) => ({
    iteration: index + 1,
    reached: passShare(trials.map((record) => attemptPassed(record.attempts[index]))),
    carriedForward: passShare(trials.map((record) => attemptPassed(answerAt(record, index)))),
  }));
}

export function retryTransitions(records: readonly TrialRecord[]): RetryTransitions {
  const steps = revisionTrials(records).flatMap((record) =>
    record.attempts.slice(1).flatMap((attempt, index) => {
      const before = attemptPassed(record.attempts[index]);
      const after = attemptPassed(attempt);
      return before === undefined || after === undefined ? [] : [{ from: index + 1, before, after }];
    }),
  );
  const transition = (selected: typeof steps): RetryTransition => {
    const failedBefore = selected.filter((step) => !step.before);
    const passedBefore = selected.filter((step) => step.before);
    return {
      recover: wilson(failedBefore.filter((step) => step.after).length, failedBefore.length),
      regress: wilson(passedBefore.filter((step) => !step.after).length, passedBefore.length),
    };
  };
  const froms = [...new Set(steps.map((step) => step.from))].sort((a, b) => a - b);
  return {
    pooled: transition(steps),
    byStep: froms.map((from) => ({ from, ...transition(steps.filter((step) => step.from === from)) })),
  };
}

/** Graded trials whose attempts each build on the last. */
function revisionTrials(records: readonly TrialRecord[]): TrialRecord[] {
  return gradedTrials(records).filter((record) => shapeOf(record) === 'revisions');
}

/** The answer a trial holds at 0-based `index`: that attempt while it runs; its submitted one from its last attempt on. */
function answerAt(record: TrialRecord, index: number): GradedAttempt | undefined {
  return index < record.attempts.length - 1 ? record.attempts[index] : record.attempts[record.finalIndex];
}

/** Hidden-test result; undefined for an attempt that does not exist or was not graded. */
function attemptPassed(attempt: GradedAttempt | undefined): boolean | undefined {
  return attempt?.grade?.passed;
}

/** Share of `true` among the defined outcomes. */
function passShare(outcomes: readonly (boolean | undefined)[]): Proportion {
  const defined = outcomes.filter((outcome) => outcome !== undefined);
  return wilson(defined.filter(Boolean).length, defined.length);
}
