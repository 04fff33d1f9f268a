import { describe, expect, it } from 'vitest';
import { atGenerations, budgetOf, resamplingFrontier, type ResamplingFrontier } from '../../src/metrics/compute-matched.js';
import { unbiasedPassAtK } from '../../src/metrics/pass-at-k.js';
import { summarize } from '../../src/metrics/summary.js';
import type { CallRecord } from '../../src/records/call.js';
import type { TrialRecord } from '../../src/records/record.js';
import { attempt, trial } from './fixtures.js';

/** A best-of-n trial: sample 0 first, then samples 1 … n − 1, each with its hidden-test result. */
const sampled = (strategyId: string, taskId: string, outcomes: boolean[], repeat = 0): TrialRecord =>
  trial({
    strategyId,
    taskId,
    repeat,
    shape: 'samples',
    attempts: outcomes.map((passed, index) => attempt(passed, { iteration: index + 1, raw: `${taskId} ${index}`, ...(index === 0 ? {} : { sample: index }) })),
    finalIndex: 0,
  });

const call = (strategy: string, role: CallRecord['purpose']['role'], completionTokens: number, wallMs: number, extra: Partial<CallRecord> = {}): CallRecord => ({
  id: `${strategy}-${role}-${completionTokens}-${wallMs}`,
  endpoint: 'e',
  modelName: 'gen',
  model: 'gen:7b',
  provider: 'ollama',
  purpose: { taskId: 't1', strategy, role, iteration: 1, repeat: 0 },
  try: 1,
  startedAt: '2025-01-01T00:00:00.000Z',
  ok: true,
  cached: false,
  wallMs,
  completionTokens,
  ...extra,
});

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 12));
}

describe('resampling frontier from samples', () => {
  // t1: the first answer passes, so any k passes. t2: the first fails, one of the two others passes. t3: nothing passes.
  const records = [sampled('best-of-3', 't1', [true, false, false]), sampled('best-of-3', 't2', [false, true, false]), sampled('best-of-3', 't3', [false, false, false])];
  const frontier = resamplingFrontier(records, ['one-shot', 'best-of-3'], 'one-shot', { resamples: 200 }) as ResamplingFrontier;

  it('is sample 0 plus unbiased pass@(k − 1) of the other samples, k = 1 … n', () => {
    expect(frontier).toMatchObject({ generator: 'gen', source: 'best-of-3', sourceKind: 'samples' });
    expect(frontier.points.map((point) => point.k)).toEqual([1, 2, 3]);
    const t2 = (k: number) => unbiasedPassAtK(2, 1, k - 1);
    expectClose(frontier.points.map((point) => point.estimate.value), [1 / 3, (1 + t2(2)) / 3, (1 + t2(3)) / 3]);
    expect(frontier.points[1]?.estimate.value).toBeCloseTo(1.5 / 3, 12);
    expect(frontier.points.every((point) => point.units === 3 && point.estimate.low <= point.estimate.value && point.estimate.value <= point.estimate.high)).toBe(true);
  });

  it('is read at a fractional number of generations between the whole k around it', () => {
    const at = atGenerations(frontier, 1.6);
    const [one, two] = frontier.points;
    expect(at?.estimate.value).toBeCloseTo(0.4 * one!.estimate.value + 0.6 * two!.estimate.value, 12);
    expect(at).toMatchObject({ generations: 1.6, source: 'best-of-3' });
    expect(atGenerations(frontier, 3)?.estimate.value).toBe(frontier.points[2]?.estimate.value);
    // Beyond the samples there is nothing to read.
    expect(atGenerations(frontier, 3.5)).toBeUndefined();
  });

  it('takes the sampling strategy with the most samples, and leaves out trials with too few graded samples at a k', () => {
    const wider = [sampled('best-of-4', 't1', [false, false, false, true]), { ...sampled('best-of-4', 't2', [false, true]), stopReason: 'error' as const, passed: null }];
    const chosen = resamplingFrontier([...records, ...wider], ['best-of-3', 'best-of-4'], undefined) as ResamplingFrontier;
    expect(chosen.source).toBe('best-of-4');
    expect(chosen.points.map((point) => [point.k, point.units])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1]]);
    expectClose(chosen.points.map((point) => point.estimate.value), [0, 1 / 3, 2 / 3, 1]);
  });
});

describe('resampling frontier from repeats', () => {
  it("is the unbiased pass@k of the baseline's repeats when no strategy samples", () => {
    const oneShot = (taskId: string, repeat: number, passed: boolean) => trial({ taskId, repeat, outcomes: [passed] });
    const records = [oneShot('t1', 0, true), oneShot('t1', 1, false), oneShot('t1', 2, false), oneShot('t2', 0, false), oneShot('t2', 1, false), oneShot('t2', 2, false)];
    const frontier = resamplingFrontier(records, ['one-shot'], 'one-shot') as ResamplingFrontier;
    expect(frontier.sourceKind).toBe('repeats');
    expectClose(frontier.points.map((point) => point.estimate.value), [1 / 6, unbiasedPassAtK(3, 1, 2) / 2, 1 / 2]);
  });

  it('does not exist with one repeat and no samples', () => {
    expect(resamplingFrontier([trial({ taskId: 't1' }), trial({ taskId: 't2' })], ['one-shot'], 'one-shot')).toBeUndefined();
  });
});

describe('budget', () => {
  it("is per trial that ran: generations, output tokens of every own call (cached at their cost), model seconds; panel calls left out", () => {
    const calls = [call('loop', 'generate', 100, 2000), call('loop', 'judge', 40, 1000, { cached: true }), call('panel', 'judge', 999, 9999)];
    const records = [
      trial({ strategyId: 'loop', taskId: 't1', outcomes: [false, true], calls }),
      trial({ strategyId: 'loop', taskId: 't2', outcomes: [true], calls: [call('loop', 'generate', 60, 1000)] }),
      trial({ strategyId: 'loop', taskId: 't3', outcomes: [], stopReason: 'skipped', passed: null }),
    ];
    const [row] = summarize(records);
    expect(budgetOf(row!)).toEqual({ generations: 1.5, outputTokens: (100 + 40 + 60) / 2, modelSeconds: (2000 + 1000 + 1000) / 2 / 1000 });
  });

  it('has no output tokens when no call reported them (n/a, not 0)', () => {
    const [row] = summarize([trial({ calls: [call('one-shot', 'generate', 0, 500, { completionTokens: undefined })] })]);
    expect(budgetOf(row!)?.outputTokens).toBeUndefined();
  });
});
