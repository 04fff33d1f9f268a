import { describe, expect, it } from 'vitest';
import { costOf, modelSwitchCalls, trialTime } from '../../src/metrics/cost.js';
import { attempt, call, trial } from './fixtures.js';

const at = (second: number) => `2025-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

describe('costOf', () => {
  const cold = { loadMs: 800, promptMs: 100, generateMs: 100, promptTokens: 10, completionTokens: 20 };
  const records = [
    trial({
      calls: [
        call({ id: 'c1', wallMs: 1000, queueMs: 50, ...cold }),
        call({ id: 'c2', wallMs: 200, loadMs: 0, promptMs: 50, generateMs: 150, promptTokens: 5, completionTokens: 7 }),
        call({ id: 'c3', wallMs: 300, queueMs: 30, ok: false, error: 'timeout' }),
      ],
    }),
    trial({
      calls: [
        // A cache hit keeps the original's tokens and timings.
        call({ id: 'c4', wallMs: 1000, cached: true, ...cold }),
        call({ id: 'c5', wallMs: 400, queueMs: 120, promptTokens: 3, completionTokens: 4 }),
        call({ id: 'p1', wallMs: 999, queueMs: 999, strategy: 'panel', promptTokens: 99 }),
      ],
    }),
    trial({ attempts: [], stopReason: 'skipped' }),
  ];

  it('counts every call at its original tokens, times only live ones, and keeps queue time apart', () => {
    expect(costOf(records, { modelSwitchCalls: new Set(['c5', 'c3', 'p1', 'elsewhere']) })).toEqual({
      trials: 2,
      calls: 4,
      cachedCalls: 1,
      failedCalls: 1,
      tokensIn: 10 + 5 + 10 + 3,
      tokensOut: 20 + 7 + 20 + 4,
      // Model time: live calls only (c1, c2, c5); the cache hit took none.
      wallMs: 1600,
      // The compute-matched budget counts the cache hit at its original time, as it counts its tokens.
      computeMs: 2600,
      // Every live try waited, the failed one too; the panel's call is not the strategy's.
      queueMs: 50 + 30 + 120,
      // Trials 1200 and 400 ms of model time: the second trial's cache hit is not in it.
      taskMs: { p50: 800, p95: 1160 },
      taskQueueMs: { p50: 100, p95: 118 },
      // Each trial that ran graded one attempt in 1 ms (the skipped one graded none and is not a trial).
      gradingMs: 2,
      taskGradingMs: { p50: 1, p95: 1 },
      // Live calls 200, 400, 1000 ms.
      callMs: { p50: 400, p95: 940 },
      warmCallMs: { p50: 300, p95: 390 },
      coldCalls: 1,
      coldCallMs: { p50: 1000, p95: 1000 },
      modelTime: { loadMs: 800, promptMs: 150, generateMs: 250 },
      // Of the switch calls only c5 is a live, successful call of this group.
      modelSwitches: 1,
    });
  });

  it('moves the cold-load threshold', () => {
    expect(costOf(records, { modelSwitchCalls: new Set(), coldLoadMs: 1000 }).coldCalls).toBe(0);
  });

  it('has no latencies or server timings where there are none', () => {
    const cost = costOf([trial({ calls: [call({ cached: true })] }), trial({ attempts: [], stopReason: 'skipped' })], {
      modelSwitchCalls: new Set(),
    });
    expect(cost).toMatchObject({
      trials: 1,
      calls: 1,
      cachedCalls: 1,
      callMs: { p50: undefined, p95: undefined },
      coldCallMs: { p50: undefined, p95: undefined },
      modelTime: undefined,
    });
    expect(costOf([], { modelSwitchCalls: new Set() }).taskMs).toEqual({ p50: undefined, p95: undefined });
  });
});

describe('trialTime', () => {
  const graded = (durationMs: number) => {
    const made = attempt(false);
    return { ...made, grade: { ...made.grade!, durationMs } };
  };
  const record = trial({
    attempts: [graded(120), graded(380), attempt(undefined)],
    calls: [call({ wallMs: 700, queueMs: 40 }), call({ wallMs: 300, cached: true, queueMs: 5 }), call({ wallMs: 900, queueMs: 900, strategy: 'panel' })],
  });

  it("splits a trial's time into its strategy's model and queue time and the grading of its attempts", () => {
    // The cache hit took no model time but waited; the panel's call is not the strategy's; the open attempt was not graded.
    expect(trialTime(record)).toEqual({ modelMs: 700, queueMs: 45, gradingMs: 500 });
  });

  it('sums grading over the trials that ran, with its quantiles per trial', () => {
    const cost = costOf([record, trial({ outcomes: [true, true] }), trial({ attempts: [graded(50)], stopReason: 'skipped' })], { modelSwitchCalls: new Set() });
    expect(cost.gradingMs).toBe(502);
    // Trials graded 500 and 2 ms: the median between them, the 95th percentile near the larger.
    expect(cost.taskGradingMs.p50).toBe(251);
    expect(cost.taskGradingMs.p95).toBeCloseTo(475.1, 9);
  });
});

describe('modelSwitchCalls', () => {
  it('marks live calls that follow another model on the same endpoint, in start order', () => {
    const records = [
      trial({ calls: [call({ id: 'x1', model: 'm1', startedAt: at(1) }), call({ id: 'x5', model: 'm1', startedAt: at(5) })] }),
      trial({
        calls: [
          call({ id: 'x2', model: 'm1', startedAt: at(2) }),
          call({ id: 'x3', model: 'm2', startedAt: at(3), strategy: 'panel' }),
          call({ id: 'x4', model: 'm1', startedAt: at(4), cached: true }), // no server work
          call({ id: 'x4b', model: 'm1', startedAt: at(4), ok: false }),
          call({ id: 'x6', model: 'm3', startedAt: at(6), provider: 'openai', endpoint: 'http://127.0.0.1:8080/v1' }), // first on its endpoint
        ],
      }),
    ];
    expect([...modelSwitchCalls(records)].sort()).toEqual(['x3', 'x5']);
  });

  it('finds none on one model', () => {
    expect(modelSwitchCalls([trial({ calls: [call({ id: 'a' }), call({ id: 'b' })] })]).size).toBe(0);
  });
});
