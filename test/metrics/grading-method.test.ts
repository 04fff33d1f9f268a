import { describe, expect, it } from 'vitest';
import { gradingMethodOf, gradingMethods } from '../../src/metrics/grading-method.js';
import type { Grade } from '../../src/records/record.js';
import { attempt, suiteAttempt, trial } from './fixtures.js';

const noCode: Grade = { status: 'no-code', passed: false, tests: [], durationMs: 0 };
const asserts = (passed: boolean) => attempt(passed, { grade: { status: passed ? 'passed' : 'failed', passed, tests: [], durationMs: 1, method: 'asserts' } });

describe('gradingMethods', () => {
  it('counts distinct code tasks by how they were graded', () => {
    const records = [
      // Two strategies on t1, both differential: one task.
      trial({ taskId: 't1', attempts: [suiteAttempt(true, true)] }),
      trial({ taskId: 't1', strategyId: 'reflect', attempts: [suiteAttempt(false, false), suiteAttempt(true, true)] }),
      trial({ taskId: 't2', attempts: [suiteAttempt(true)] }),
      // Explicitly assert-style.
      trial({ taskId: 't3', attempts: [asserts(true)] }),
      // No method: a record from before differential grading.
      trial({ taskId: 't4', outcomes: [false] }),
      // One assert-style attempt makes the whole task assert-style.
      trial({ taskId: 't5', attempts: [suiteAttempt(true), asserts(false)] }),
    ];
    expect(gradingMethods(records)).toEqual({ tasks: 5, byMethod: { asserts: 3, differential: 2 }, unrecorded: 1 });
  });

  it('ignores grades of no code, open-ended tasks and trials without a graded attempt', () => {
    const records = [
      trial({ taskId: 't1', attempts: [attempt(false, { grade: noCode }), suiteAttempt(true)] }),
      trial({ taskId: 't2', attempts: [attempt(false, { grade: noCode })] }),
      trial({ taskId: 'open', taskKind: 'open', attempts: [attempt(undefined)] }),
      trial({ taskId: 't3', attempts: [], stopReason: 'skipped' }),
    ];
    expect(gradingMethods(records)).toEqual({ tasks: 1, byMethod: { asserts: 0, differential: 1 }, unrecorded: 0 });
    expect(gradingMethods([])).toEqual({ tasks: 0, byMethod: { asserts: 0, differential: 0 }, unrecorded: 0 });
  });

  it('does not count a task as unrecorded when an explicit assert-style grade says so too', () => {
    const records = [trial({ taskId: 't1', attempts: [asserts(false), attempt(true)] })];
    expect(gradingMethods(records)).toEqual({ tasks: 1, byMethod: { asserts: 1, differential: 0 }, unrecorded: 0 });
  });
});

describe('gradingMethodOf', () => {
  it('takes the recorded method, assert-style without one, and none for no code', () => {
    expect(gradingMethodOf(suiteAttempt(true).grade)).toBe('differential');
    expect(gradingMethodOf(attempt(true).grade)).toBe('asserts');
    expect(gradingMethodOf(noCode)).toBeUndefined();
    expect(gradingMethodOf({ ...noCode, method: 'differential' })).toBe('differential');
    expect(gradingMethodOf(undefined)).toBeUndefined();
  });
});
