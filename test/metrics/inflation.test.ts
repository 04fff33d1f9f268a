import { describe, expect, it } from 'vitest';
import { judgeBias, scoreInflation, selfPreference } from '../../src/metrics/inflation.js';
import type { PanelVerdict } from '../../src/records/record.js';
import { panel, trial } from './fixtures.js';

/** A one-attempt trial by `generator` on `taskId`, scored by panel judges `scores` (generator's own score marked self). */
function judged(generator: string, taskId: string, passed: boolean, scores: Record<string, number | undefined>) {
  const verdicts: PanelVerdict[] = Object.entries(scores).map(([judge, score]) => panel(judge, score, { self: judge === generator }));
  return trial({ generator, taskId, outcomes: [passed], panel: verdicts });
}

describe('scoreInflation', () => {
  it('is self − cross on the same answers, split by hidden-test result', () => {
    const records = [
      judged('A', 't1', true, { A: 8, C: 6 }),
      judged('A', 't2', false, { A: 7, C: 4 }),
      judged('A', 't3', false, { A: 5, C: undefined }), // cross verdict failed to parse: no pair
      trial({ generator: 'A', taskId: 't4' }), // no panel verdicts
    ];
    const inflation = scoreInflation(records, { seed: 9 });
    expect(inflation).toMatchObject({
      pairs: 2,
      all: { value: 2.5 },
      passing: { value: 2, low: 2, high: 2 },
      failing: { value: 3, low: 3, high: 3 },
    });
    expect(inflation!.all.low).toBeGreaterThanOrEqual(2);
    expect(inflation!.all.high).toBeLessThanOrEqual(3);
    expect(scoreInflation(records, { seed: 9 })).toEqual(inflation);
  });

  it('reads first attempts (unselected) and final answers apart', () => {
    // A loop whose final answer its own judge rated 9 (cross 5); its first answer scored 6 by itself and 5 by the cross judge.
    const loop = trial({
      strategyId: 'reflect',
      strategy: { id: 'reflect', use: 'self-reflection', feedback: 'self-judge' },
      generator: 'A',
      taskId: 't1',
      outcomes: [false, true],
      panel: [panel('A', 6, { self: true, attemptIndex: 0 }), panel('C', 5, { attemptIndex: 0 }), panel('A', 9, { self: true, attemptIndex: 1 }), panel('C', 5, { attemptIndex: 1 })],
    });
    expect(scoreInflation([loop], undefined, 'first')?.all.value).toBe(1);
    expect(scoreInflation([loop], undefined, 'final')?.all.value).toBe(4);
    expect(scoreInflation([loop])?.all.value).toBe(2.5);
    expect(judgeBias([loop]).bySelection).toMatchObject({ first: { pairs: 1, all: { value: 1 } }, final: { pairs: 1, all: { value: 4 } } });
    // One-shot chose nothing: its final answer is its first, unselected.
    const oneShot = trial({ taskId: 't2', generator: 'A', panel: [panel('A', 7, { self: true }), panel('C', 6)] });
    expect(scoreInflation([oneShot], undefined, 'final')).toBeUndefined();
    expect(scoreInflation([oneShot], undefined, 'first')?.all.value).toBe(1);
  });

  it('pairs the self score with each cross judge, per attempt', () => {
    const record = trial({
      generator: 'A',
      outcomes: [false, true],
      panel: [
        panel('A', 8, { self: true, attemptIndex: 0 }),
        panel('C', 6, { attemptIndex: 0 }),
        panel('D', 9, { attemptIndex: 0 }),
        panel('A', 9, { self: true, attemptIndex: 1 }),
        panel('C', 9, { attemptIndex: 1 }),
      ],
    });
    // Attempt 0 (fails): 8 − 6, 8 − 9; attempt 1 (passes): 9 − 9.
    expect(scoreInflation([record])).toMatchObject({ pairs: 3, all: { value: 1 / 3 }, failing: { value: 0.5 }, passing: { value: 0 } });
  });

  it('is undefined without a self score, or without a cross score', () => {
    expect(scoreInflation([judged('A', 't1', true, { C: 6, D: 7 })])).toBeUndefined();
    expect(scoreInflation([judged('A', 't1', true, { A: 6 })])).toBeUndefined();
    expect(scoreInflation([])).toBeUndefined();
  });
});

describe('selfPreference and judgeBias', () => {
  // Crossed: A and B each generate and each judge both. s_A − s_B is 3, 1 on A's answers and −3, −1 on B's.
  const crossed = [
    judged('A', 't1', true, { A: 9, B: 6 }),
    judged('A', 't2', false, { A: 7, B: 6 }),
    judged('B', 't1', true, { A: 5, B: 8 }),
    judged('B', 't2', false, { A: 6, B: 7 }),
  ];

  it('takes the difference in differences between two judging generators', () => {
    const [preference] = selfPreference(crossed, { seed: 4 });
    expect(preference).toMatchObject({ judges: ['A', 'B'], answers: [2, 2] });
    // [mean(3, 1)] − [mean(−3, −1)] = 2 − (−2).
    expect(preference?.difference.value).toBe(4);
    expect(preference!.difference.low).toBeLessThanOrEqual(4);
    expect(preference!.difference.high).toBeGreaterThanOrEqual(4);
    expect(selfPreference(crossed, { seed: 4 })).toEqual([preference]);
  });

  it('cancels a judge that is simply harsher on everyone', () => {
    const harshA = [
      judged('A', 't1', true, { A: 5, B: 7 }),
      judged('A', 't2', true, { A: 6, B: 8 }),
      judged('B', 't1', true, { A: 3, B: 5 }),
      judged('B', 't2', true, { A: 7, B: 9 }),
    ];
    expect(selfPreference(harshA)[0]?.difference).toEqual({ value: 0, low: 0, high: 0 });
    // Inflation does not cancel it: A's self-scores read −2, B's +2, and only their mix is 0.
    expect(scoreInflation(harshA.filter((record) => record.generator === 'A'))?.all.value).toBe(-2);
  });

  it('reports which of the two the panel design can measure', () => {
    const bias = judgeBias(crossed);
    expect(bias.design).toBe('crossed');
    expect(bias.selfPreference).toHaveLength(1);
    // Self − cross: 3, 1 on A's answers; 8 − 5, 7 − 6 on B's.
    expect(bias.inflation?.all.value).toBe(2);

    const selfAndCross = judgeBias([judged('A', 't1', true, { A: 8, C: 6 })]);
    expect(selfAndCross).toMatchObject({ design: 'self-and-cross', selfPreference: [] });
    expect(judgeBias([judged('A', 't1', true, { C: 6 })])).toEqual({ design: 'none', inflation: undefined, bySelection: { first: undefined, final: undefined }, selfPreference: [] });
  });

  it('needs generators that also judge, and scores of both judges on both authors', () => {
    // C generates but does not judge; B judges but A's answers only.
    const records = [...crossed, judged('C', 't1', true, { A: 5, B: 5 })];
    expect(selfPreference(records).map((entry) => entry.judges)).toEqual([['A', 'B']]);
    const oneSided = [judged('A', 't1', true, { A: 9, B: 6 }), judged('B', 't1', true, { B: 8 })];
    expect(selfPreference(oneSided)).toEqual([]);
  });
});
