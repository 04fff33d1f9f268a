/**
 * Base vs plus tests (HumanEval+): how much a pass on the original tests (`base`) overstates
 * correctness once EvalPlus' extra inputs (`plus`) are run too. `grade.passed` already needs
 * every suite, so pass@1 is the base + plus figure; this adds base alone and the share of
 * base passes the plus inputs expose.
 */
import type { SuiteName } from '../records/lists.js';
import type { Grade, TrialRecord } from '../records/record.js';
import { gradedTrials, passAt1, type PassAt1 } from './pass-at-k.js';
import { wilson, type BootstrapOptions, type Proportion } from './statistics.js';

/** One strategy × generator: pass@1 on base alone (base + plus is `summary.passAt1`) and the weak-test false passes. */
export interface WeakTests {
  /** Final answers that pass the base tests; the same trials and interval method as pass@1. */
  basePassAt1: PassAt1;
  /** P(fails plus | passes base), over final answers graded with plus inputs: answers the original tests wrongly accept. */
  falsePass: Proportion;
  byIteration: WeakTestsAtIteration[];
}

/** Attempt i itself, among graded trials that made an i-th attempt (not carried forward). */
export interface WeakTestsAtIteration {
  /** 1-based. */
  iteration: number;
  base: Proportion;
  /** Base + plus: the attempt's `grade.passed`. */
  basePlus: Proportion;
  falsePass: Proportion;
}

/** The named suite's result in a differential grade; undefined when it did not run (or the grade has no suites). */
export function suiteResult(grade: Grade | undefined, name: SuiteName): boolean | undefined {
  return grade?.suites?.find((suite) => suite.name === name)?.passed;
}

/**
 * Result on the base tests alone. A grade without a base suite is either assert-style (its tests
 * are the base) or stopped before any suite ran (no code): `passed` says both. A failed grade whose
 * suites all passed failed as a run (a crash or a limit after the last input), so base fails with it:
 * a base pass that fails overall is then always a plus failure.
 */
export function basePassed(grade: Grade | undefined): boolean | undefined {
  const base = suiteResult(grade, 'base');
  if (base === undefined || grade === undefined) return grade?.passed;
  return base && (grade.passed || (grade.suites ?? []).some((suite) => !suite.passed));
}

/** The answer passes base and fails the plus inputs: the original tests missed its bug. Undefined without plus inputs. */
export function weakTestMiss(grade: Grade | undefined): boolean | undefined {
  const plus = suiteResult(grade, 'plus');
  return plus === undefined ? undefined : basePassed(grade) === true && !plus;
}

/** Distinct tasks with a plus suite on any attempt: 0 means the run has no plus inputs and reports show none of this. */
export function plusTaskCount(records: readonly TrialRecord[]): number {
  const tasks = records.filter((record) => record.attempts.some((attempt) => suiteResult(attempt.grade, 'plus') !== undefined));
  return new Set(tasks.map((record) => record.taskId)).size;
}

export function weakTests(records: readonly TrialRecord[], options?: BootstrapOptions): WeakTests {
  const graded = gradedTrials(records);
  // Relabelled with the final answer's base result, so base pass@1 gets exactly pass@1's interval (Wilson, or the task bootstrap with repeats).
  const onBase = graded.map((record) => ({ ...record, passed: basePassed(finalGrade(record)) === true }));
  return {
    basePassAt1: passAt1(onBase, options),
    falsePass: falsePassShare(graded.map(finalGrade)),
    byIteration: byIteration(graded),
  };
}

function byIteration(trials: readonly TrialRecord[]): WeakTestsAtIteration[] {
  const longest = Math.max(0, ...trials.map((record) => record.attempts.length));
  return Array.from({ length: longest }, (_, index) => {
    const grades = trials.flatMap((record) => {
      const grade = record.attempts[index]?.grade;
      return grade ? [grade] : [];
    });
    return {
      iteration: index + 1,
      base: share(grades.map((grade) => basePassed(grade) === true)),
      basePlus: share(grades.map((grade) => grade.passed)),
      falsePass: falsePassShare(grades),
    };
  });
}

/** Misses among the base passes that have a plus result. */
function falsePassShare(grades: readonly (Grade | undefined)[]): Proportion {
  const outcomes = grades.flatMap((grade) => {
    const miss = weakTestMiss(grade);
    return miss === undefined || basePassed(grade) !== true ? [] : [miss];
  });
  return share(outcomes);
}

function finalGrade(record: TrialRecord): Grade | undefined {
  return record.attempts[record.finalIndex]?.grade;
}

function share(outcomes: readonly boolean[]): Proportion {
  return wilson(outcomes.filter(Boolean).length, outcomes.length);
}
