import { describe, expect, it } from 'vitest';
import { passAt1 } from '../../src/metrics/pass-at-k.js';
import { wilson } from '../../src/metrics/statistics.js';
import { basePassed, plusTaskCount, weakTestMiss, weakTests } from '../../src/metrics/weak-tests.js';
import type { TrialRecord } from '../../src/records/record.js';
import { attempt, suiteAttempt, suiteGrade, trial } from './fixtures.js';

/** [base, plus] of each attempt; the last is final. */
type Plan = [boolean, boolean][];

function planned(taskId: string, plan: Plan, extra: Partial<TrialRecord> = {}): TrialRecord {
  return trial({ taskId, attempts: plan.map(([base, plus], index) => suiteAttempt(base, plus, { iteration: index + 1 })), ...extra });
}

const T = true;
const F = false;

/** 10 tasks: 4 pass both, 2 pass base but fail plus, 3 fail both, 1 fails base but passes plus. */
const oneShot = [
  ...[1, 2, 3, 4].map((task) => planned(`t${task}`, [[T, T]])),
  ...[5, 6].map((task) => planned(`t${task}`, [[T, F]])),
  ...[7, 8, 9].map((task) => planned(`t${task}`, [[F, F]])),
  planned('t10', [[F, T]]),
];

describe('weakTests', () => {
  it('recovers planted base and plus pass rates and the weak-test false passes', () => {
    const measured = weakTests(oneShot);
    // 6 of 10 pass base, 4 of those pass plus: base 60%, base + plus 40%, false pass 2/6.
    expect(measured.basePassAt1).toMatchObject({ ...wilson(6, 10), tasks: 10, repeats: 1, interval: 'wilson' });
    expect(passAt1(oneShot)).toMatchObject(wilson(4, 10));
    expect(measured.falsePass).toEqual(wilson(2, 6));
  });

  it('counts per attempt whether later attempts fool the base tests more', () => {
    const loop = [
      ...[1, 2, 3, 4].map((task) => planned(`t${task}`, [[T, T]])),
      planned('t5', [[F, F], [T, F]]),
      planned('t6', [[F, F], [T, F]]),
      planned('t7', [[T, F], [T, F]]),
      planned('t8', [[F, F], [T, T]]),
      planned('t9', [[F, F], [F, F]]),
      planned('t10', [[T, T]]),
    ];
    const measured = weakTests(loop);
    expect(measured.basePassAt1).toMatchObject(wilson(9, 10));
    expect(measured.falsePass).toEqual(wilson(3, 9));
    expect(measured.byIteration).toEqual([
      { iteration: 1, base: wilson(6, 10), basePlus: wilson(5, 10), falsePass: wilson(1, 6) },
      { iteration: 2, base: wilson(4, 5), basePlus: wilson(1, 5), falsePass: wilson(3, 4) },
    ]);
  });

  it('reads the submitted answer, not the last one', () => {
    const kept = planned('t1', [[T, T], [T, F]], { finalIndex: 0 });
    expect(weakTests([kept]).falsePass).toEqual(wilson(0, 1));
  });

  it('counts an answer without suite results (no code) as failing base, and leaves it out of the false-pass base', () => {
    const noCode = trial({ taskId: 't2', attempts: [attempt(false, { grade: { status: 'no-code', passed: false, tests: [], durationMs: 0 } })] });
    const measured = weakTests([planned('t1', [[T, F]]), noCode]);
    expect(measured.basePassAt1).toMatchObject(wilson(1, 2));
    expect(measured.falsePass).toEqual(wilson(1, 1));
  });

  it('uses the same interval as pass@1 with repeats: the task bootstrap', () => {
    const repeated = [0, 1].flatMap((repeat) => oneShot.map((record) => ({ ...record, repeat })));
    expect(weakTests(repeated).basePassAt1).toMatchObject({ value: 0.6, n: 20, interval: 'task-bootstrap' });
  });

  it('leaves open-ended and errored trials out, as pass@1 does', () => {
    const open = trial({ taskKind: 'open', attempts: [attempt(undefined)] });
    const errored = { ...planned('t2', [[T, F]]), passed: null, stopReason: 'error' as const };
    const measured = weakTests([planned('t1', [[T, T]]), open, errored]);
    expect(measured.basePassAt1).toMatchObject(wilson(1, 1));
    expect(measured.falsePass).toEqual(wilson(0, 1));
  });
});

describe('suite outcomes', () => {
  it('reads base from the base suite, or from `passed` when the grade has none (assert-style, or nothing ran)', () => {
    expect(basePassed(suiteGrade(true, false))).toBe(true);
    expect(basePassed(suiteGrade(false, true))).toBe(false);
    expect(basePassed(attempt(true).grade)).toBe(true);
    expect(basePassed(attempt(false).grade)).toBe(false);
    expect(basePassed(undefined)).toBeUndefined();
  });

  it('fails base with a run that failed after every input passed (a crash or a limit at the end), so it is no weak-test miss', () => {
    const crashed = { ...suiteGrade(true, true), status: 'crashed' as const, passed: false };
    expect(basePassed(crashed)).toBe(false);
    expect(weakTestMiss(crashed)).toBe(false);
    const timedOutOnPlus = { ...suiteGrade(true, false), status: 'timeout' as const };
    expect(basePassed(timedOutOnPlus)).toBe(true);
    expect(weakTestMiss(timedOutOnPlus)).toBe(true);
  });

  it('calls a weak-test miss only a base pass that fails plus, and nothing without plus inputs', () => {
    expect(weakTestMiss(suiteGrade(true, false))).toBe(true);
    expect(weakTestMiss(suiteGrade(true, true))).toBe(false);
    expect(weakTestMiss(suiteGrade(false, false))).toBe(false);
    expect(weakTestMiss(suiteGrade(true))).toBeUndefined();
    expect(weakTestMiss(attempt(true).grade)).toBeUndefined();
  });

  it('counts the tasks that have plus inputs; a single base suite is not plus', () => {
    expect(plusTaskCount(oneShot)).toBe(10);
    expect(plusTaskCount([planned('t1', [[T, T]]), trial({ taskId: 't2', attempts: [suiteAttempt(true)] }), trial({ taskId: 't3' })])).toBe(1);
    expect(plusTaskCount([trial({ attempts: [suiteAttempt(true)] })])).toBe(0);
  });
});
