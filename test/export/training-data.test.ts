import { describe, expect, it } from 'vitest';
import { preferencePairs, successCompletions, trainingData, type TrainingDataInput } from '../../src/export/training-data.js';
import type { Grade, TrialRecord } from '../../src/records/record.js';
import type { FeedbackKind } from '../../src/records/lists.js';
import { attempt, trial } from '../metrics/fixtures.js';
import { fixtureMeta } from '../report/run-fixture.js';

const prompts = new Map([
  ['t1', 'Complete t1.'],
  ['t2', 'Complete t2.'],
]);
const feedbackOf: Record<string, FeedbackKind> = { 'one-shot': 'none', 'self-reflection': 'self-judge', 'reflexion-oracle': 'oracle' };

/** A trial of one of fixtureMeta's strategies; answers are named `<strategy> <task> <n>` unless `attempts` are given. */
function run(strategyId: string, taskId: string, outcomes: boolean[], extra: Partial<TrialRecord> = {}): TrialRecord {
  const attempts = outcomes.map((passed, index) => attempt(passed, { iteration: index + 1, raw: `${strategyId} ${taskId} ${index + 1}` }));
  return trial({ strategyId, strategy: { id: strategyId, use: strategyId, feedback: feedbackOf[strategyId]! }, taskId, attempts, ...extra });
}

const input = (records: TrialRecord[], includeOracle = false): TrainingDataInput => ({ records, meta: fixtureMeta(), prompts, includeOracle });

describe('preferencePairs (dpo)', () => {
  it('pairs the passing final answer of a trial with each of its failing attempts, under the first prompt', () => {
    const { rows } = preferencePairs(input([run('self-reflection', 't1', [false, false, true])]));
    expect(rows).toEqual([
      { prompt: 'Complete t1.', chosen: 'self-reflection t1 3', rejected: 'self-reflection t1 1' },
      { prompt: 'Complete t1.', chosen: 'self-reflection t1 3', rejected: 'self-reflection t1 2' },
    ]);
  });

  it('draws nothing from a trial whose final answer failed, nor from one that passed at once', () => {
    const records = [run('self-reflection', 't1', [true, false]), run('one-shot', 't1', [true]), run('self-reflection', 't2', [false, false])];
    expect(preferencePairs(input(records)).rows).toEqual([]);
  });

  it('takes the final answer by finalIndex, and pairs it with failing attempts after it too', () => {
    const record = run('self-reflection', 't1', [false, true, false], { finalIndex: 1, passed: true });
    expect(preferencePairs(input([record])).rows.map((row) => [row.chosen, row.rejected])).toEqual([
      ['self-reflection t1 2', 'self-reflection t1 1'],
      ['self-reflection t1 2', 'self-reflection t1 3'],
    ]);
  });

  it('pairs nothing with an attempt whose grading failed (infra-error) or was never graded', () => {
    const infra: Grade = { status: 'infra-error', passed: false, tests: [], durationMs: 1 };
    const attempts = [
      attempt(false, { iteration: 1, raw: 'wrong' }),
      attempt(undefined, { iteration: 2, raw: 'sandbox died', grade: infra }),
      attempt(undefined, { iteration: 3, raw: 'ungraded' }),
      attempt(true, { iteration: 4, raw: 'right' }),
    ];
    const record = trial({ strategyId: 'self-reflection', strategy: { id: 'self-reflection', use: 'self-reflection', feedback: 'self-judge' }, attempts });
    expect(preferencePairs(input([record])).rows).toEqual([{ prompt: 'Complete t1.', chosen: 'right', rejected: 'wrong' }]);
  });

  it('keeps a pair per failing attempt even when two strategies share the rejected first answer', () => {
    const shared = attempt(false, { iteration: 1, raw: 'shared first answer' });
    const records = ['one-shot', 'self-reflection'].map((id) =>
      trial({ strategyId: id, strategy: { id, use: id, feedback: feedbackOf[id]! }, attempts: [shared, attempt(true, { iteration: 2, raw: `${id} fix` })] }),
    );
    expect(preferencePairs(input(records)).rows.map((row) => row.rejected)).toEqual(['shared first answer', 'shared first answer']);
  });

  it('leaves out oracle trials unless asked, and open-ended trials always, counting both', () => {
    const records = [
      run('reflexion-oracle', 't1', [false, true]),
      run('self-reflection', 't2', [false, true]),
      run('self-reflection', 't1', [false, true], { taskKind: 'open' }),
    ];
    const without = preferencePairs(input(records));
    expect(without.rows.map((row) => row.chosen)).toEqual(['self-reflection t2 2']);
    expect(without.leftOut).toEqual({ oracleTrials: 1, openTrials: 1 });
    const withOracle = preferencePairs(input(records, true));
    expect(withOracle.rows.map((row) => row.chosen)).toEqual(['self-reflection t2 2', 'reflexion-oracle t1 2']);
    expect(withOracle.leftOut).toEqual({ oracleTrials: 0, openTrials: 1 });
  });

  it('tells an oracle trial by its record even when run.json does not list its strategy', () => {
    const record = trial({ strategyId: 'hint', strategy: { id: 'hint', use: 'reflexion-oracle', feedback: 'oracle' }, outcomes: [false, true] });
    expect(preferencePairs(input([record])).leftOut.oracleTrials).toBe(1);
  });

  it('refuses a trial whose task has no prompt', () => {
    expect(() => preferencePairs(input([run('self-reflection', 't9', [false, true])]))).toThrow('no first prompt for task t9');
  });
});

describe('successCompletions (sft)', () => {
  it('keeps every passing attempt, final or not, once per distinct reply per task, in report order', () => {
    const shared = attempt(true, { iteration: 1, raw: 'shared first answer' });
    const records = [
      // Given out of order: rows follow run.json's strategy order, then the task.
      trial({ strategyId: 'self-reflection', strategy: { id: 'self-reflection', use: 'self-reflection', feedback: 'self-judge' }, attempts: [shared, attempt(false, { iteration: 2, raw: 'broke it' })] }),
      trial({ strategyId: 'one-shot', attempts: [shared] }),
      run('one-shot', 't2', [false]),
      trial({ strategyId: 'self-reflection', strategy: { id: 'self-reflection', use: 'self-reflection', feedback: 'self-judge' }, taskId: 't2', attempts: [attempt(false, { raw: 'a' }), attempt(true, { iteration: 2, raw: 'shared first answer' })] }),
    ];
    const { rows } = successCompletions(input(records));
    expect(rows).toEqual([
      { prompt: 'Complete t1.', completion: 'shared first answer' },
      // The same text on another task is another completion.
      { prompt: 'Complete t2.', completion: 'shared first answer' },
    ]);
  });

  it('leaves out oracle trials unless asked, and open-ended ones always', () => {
    const records = [run('reflexion-oracle', 't1', [false, true]), run('one-shot', 't2', [true], { taskKind: 'open' })];
    expect(successCompletions(input(records)).rows).toEqual([]);
    expect(successCompletions(input(records, true)).rows).toEqual([{ prompt: 'Complete t1.', completion: 'reflexion-oracle t1 2' }]);
  });
});

describe('trainingData', () => {
  it('chooses the rows by format', () => {
    const records = [run('self-reflection', 't1', [false, true])];
    expect(trainingData('dpo', input(records)).rows).toEqual([{ prompt: 'Complete t1.', chosen: 'self-reflection t1 2', rejected: 'self-reflection t1 1' }]);
    expect(trainingData('sft', input(records)).rows).toEqual([{ prompt: 'Complete t1.', completion: 'self-reflection t1 2' }]);
  });
});
