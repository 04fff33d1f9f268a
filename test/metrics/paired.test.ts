import { describe, expect, it } from 'vitest';
import { pairedGain } from '../../src/metrics/paired.js';
import { trial } from './fixtures.js';

/** One trial per (task, repeat) for the strategy and the baseline, from their final results. */
function pairs(rows: [taskId: string, repeat: number, baseline: boolean, strategy: boolean][], strategyId = 'reflect') {
  return rows.flatMap(([taskId, repeat, baseline, strategy]) => [
    trial({ strategyId: 'one-shot', taskId, repeat, outcomes: [baseline] }),
    trial({ strategyId, taskId, repeat, outcomes: [strategy] }),
  ]);
}

describe('pairedGain', () => {
  it('counts discordant pairs and the gain on the same tasks', () => {
    const records = pairs([
      ['t1', 0, false, true],
      ['t2', 0, false, true],
      ['t3', 0, true, true],
      ['t4', 0, true, false],
    ]);
    const gain = pairedGain(records, 'reflect', { seed: 2 });
    expect(gain).toMatchObject({ strategy: 'reflect', baseline: 'one-shot', pairs: 4, tasks: 4, b: 2, c: 1 });
    expect(gain?.strategyPassAt1).toBe(0.75);
    expect(gain?.baselinePassAt1).toBe(0.5);
    // (b − c)/pairs; McNemar: 2·P(X ≤ 1), X ~ Bin(3, ½) = 2·4/8 → capped at 1.
    expect(gain?.delta.value).toBe(0.25);
    expect(gain?.mcnemarP).toBe(1);
    expect(gain!.delta.low).toBeLessThanOrEqual(0.25);
    expect(gain!.delta.high).toBeGreaterThanOrEqual(0.25);
    expect(pairedGain(records, 'reflect', { seed: 2 })).toEqual(gain);
  });

  it('pools repeats as pairs for McNemar, and resamples tasks for the interval', () => {
    const records = pairs([
      ['t1', 0, false, true],
      ['t1', 1, false, true],
      ['t2', 0, false, true],
      ['t2', 1, true, true],
    ]);
    const gain = pairedGain(records, 'reflect');
    // b = 3, c = 0: p = 2·(½)³.
    expect(gain).toMatchObject({ pairs: 4, tasks: 2, b: 3, c: 0 });
    expect(gain?.mcnemarP).toBeCloseTo(0.25, 12);
    expect(gain?.delta.value).toBe(0.75);
    // Resampling whole tasks: the only possible means are t1 (1), t2 (½) and their mix (¾).
    expect(gain!.delta.low).toBeGreaterThanOrEqual(0.5);
    expect(gain!.delta.high).toBeLessThanOrEqual(1);
  });

  it('has a zero-width interval and p = 1 when nothing differs', () => {
    const gain = pairedGain(pairs([['t1', 0, true, true], ['t2', 0, false, false]]), 'reflect');
    expect(gain).toMatchObject({ b: 0, c: 0, mcnemarP: 1, delta: { value: 0, low: 0, high: 0 } });
  });

  it('pairs only trials of the same generator, task and repeat that were both graded', () => {
    const records = [
      ...pairs([['t1', 0, false, true]]),
      trial({ strategyId: 'reflect', taskId: 't1', repeat: 1, outcomes: [true] }), // no baseline repeat 1
      trial({ strategyId: 'reflect', generator: 'other', taskId: 't1', outcomes: [true] }), // no baseline for this generator
      trial({ strategyId: 'one-shot', taskId: 't2', outcomes: [true] }),
      trial({ strategyId: 'reflect', taskId: 't2', attempts: [], stopReason: 'skipped' }), // passed: null
    ];
    expect(pairedGain(records, 'reflect')).toMatchObject({ pairs: 1, tasks: 1, b: 1, c: 0 });
  });

  it('takes another baseline, and is undefined without pairs', () => {
    const records = pairs([['t1', 0, true, false]], 'judge').map((record) =>
      record.strategyId === 'one-shot' ? { ...record, strategyId: 'reflect' } : record,
    );
    expect(pairedGain(records, 'judge', { baseline: 'reflect' })).toMatchObject({ baseline: 'reflect', b: 0, c: 1 });
    expect(pairedGain(records, 'judge')).toBeUndefined();
  });
});
