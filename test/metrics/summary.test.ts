import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary.js';
import { wilson } from '../../src/metrics/statistics.js';
import { call, trial } from './fixtures.js';

describe('summarize', () => {
  it('groups by strategy and generator in config order, from the cost and pass@1 metrics', () => {
    const records = [
      trial({ strategyId: 'reflect', taskId: 'a', outcomes: [false, true], calls: [call({ id: 'r1', wallMs: 100 }), call({ id: 'r2', wallMs: 300 })] }),
      trial({ strategyId: 'one-shot', taskId: 'a', outcomes: [false], calls: [call({ id: 'o1', wallMs: 100, loadMs: 10, promptMs: 20 })] }),
      trial({ strategyId: 'one-shot', taskId: 'b', attempts: [], stopReason: 'skipped' }),
    ];
    const [oneShot, reflect] = summarize(records, ['one-shot', 'reflect']);
    expect(oneShot).toMatchObject({
      strategy: 'one-shot',
      trials: 2,
      graded: 1,
      passAt1: wilson(0, 1),
      skipped: 1,
      meanIterations: 1,
      calls: 1,
      modelReportedMs: 30,
    });
    expect(reflect).toMatchObject({ strategy: 'reflect', passAt1: wilson(1, 1), meanIterations: 2, taskMsP50: 400, callMsP50: 200, modelReportedMs: undefined });
    expect(reflect?.cost.calls).toBe(2);
  });

  it('uses the task bootstrap for pass@1 with repeats', () => {
    const records = [0, 1].flatMap((repeat) => [trial({ taskId: 'a', repeat }), trial({ taskId: 'b', repeat, outcomes: [false] })]);
    expect(summarize(records)[0]?.passAt1).toMatchObject({ value: 0.5, n: 4, interval: 'task-bootstrap' });
  });
});
