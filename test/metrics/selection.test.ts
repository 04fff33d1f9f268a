import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/metrics/analysis.js';
import { selectionAccuracy } from '../../src/metrics/selection.js';
import { wilson } from '../../src/metrics/statistics.js';
import type { RunMeta } from '../../src/records/run-meta.js';
import { trial } from './fixtures.js';

const sampled = (taskId: string, outcomes: boolean[], finalIndex: number) =>
  trial({ strategyId: 'best-of-3', taskId, shape: 'samples', outcomes, finalIndex });

// Three samples each; the pick is `finalIndex`.
const records = [
  sampled('kept-the-right-one', [false, true, false], 1),
  sampled('all-right', [true, true, true], 2),
  sampled('picked-a-wrong-one', [true, false, false], 2),
  sampled('picked-wrong-of-two-right', [false, true, true], 0),
  // No sample passed: nothing to select, so no evidence about the pick.
  sampled('none-right', [false, false, false], 0),
];

describe('selectionAccuracy', () => {
  it('is the share of trials with a passing sample whose pick passed, with a Wilson interval', () => {
    expect(selectionAccuracy(records)).toEqual(wilson(2, 4));
  });

  it('leaves out revision loops, ungraded trials and errors', () => {
    const revisions = trial({ taskId: 'loop', outcomes: [true, false] });
    const open = trial({ taskId: 'open', shape: 'samples', taskKind: 'open', attempts: [{ iteration: 1, raw: '', code: null, program: null, callIds: [] }] });
    const errored = { ...sampled('error', [true, false], 1), stopReason: 'error' as const, passed: null };
    expect(selectionAccuracy([...records, revisions, open, errored])).toEqual(wilson(2, 4));
    expect(selectionAccuracy([revisions]).value).toBeUndefined();
  });

  it('is undefined with no passing sample at all', () => {
    expect(selectionAccuracy([sampled('none', [false, false], 0)])).toMatchObject({ n: 0, value: undefined });
  });
});

describe('the analysis', () => {
  const meta: RunMeta = {
    name: 'run',
    createdAt: '2025-01-01T00:00:00.000Z',
    selfbenchVersion: '0',
    dataset: { source: 'builtin', sha256: '', tasks: 5 },
    sandbox: 'process',
    simulated: true,
    models: {},
    strategies: [
      { id: 'one-shot', use: 'one-shot', feedback: 'none', options: {} },
      { id: 'reflect', use: 'reflect', feedback: 'self-judge', options: {} },
      { id: 'best-of-3', use: 'best-of-3', feedback: 'self-judge', options: {} },
    ],
    promptHashes: {},
    trials: 15,
  };
  const taskIds = records.map((record) => record.taskId);
  const run = [
    ...taskIds.map((taskId) => trial({ taskId, outcomes: [false] })),
    ...taskIds.map((taskId, index) => trial({ strategyId: 'reflect', taskId, outcomes: index % 2 === 0 ? [false, true] : [true] })),
    ...records,
  ];

  it('gives a sampling strategy its selection accuracy and no fix/break, and a loop the reverse', () => {
    const results = analyzeRun(run, meta).results;
    const byId = (id: string) => results.find((result) => result.strategy === id)!;
    expect(byId('best-of-3')).toMatchObject({ shape: 'samples', selectionAccuracy: wilson(2, 4), fixAndBreak: { trials: 0 }, passByIteration: [] });
    expect(byId('reflect')).toMatchObject({ shape: 'revisions', selectionAccuracy: undefined, fixAndBreak: { trials: 5, fixRate: wilson(3, 3) } });
  });
});
