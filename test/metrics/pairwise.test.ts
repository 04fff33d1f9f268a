import { describe, expect, it } from 'vitest';
import { pairwiseAnalysis } from '../../src/metrics/pairwise.js';
import type { PairwiseOutcome } from '../../src/records/lists.js';
import type { PairwiseReading, PanelComparison } from '../../src/records/pairwise.js';
import { panel, trial } from './fixtures.js';

const reading = (shownFirst: PairwiseReading['shownFirst'], preferred: PairwiseReading['preferred']): PairwiseReading => ({
  shownFirst,
  parse: preferred === undefined ? 'failed' : 'json',
  ...(preferred === undefined ? {} : { preferred }),
  reason: '',
  notes: [],
  replies: [],
});

/** A comparison as the pairwise judge records it: `kind` says how it came out. */
function comparison(kind: PairwiseOutcome | 'identical' | 'inconsistent' | 'failed', judge = 'judge', attemptIndex = 1): PanelComparison {
  const base = { judge, self: judge === 'gen', attemptIndex };
  if (kind === 'identical') return { ...base, outcome: 'tie', identical: true, readings: [] };
  if (kind === 'failed') return { ...base, identical: false, readings: [reading('baseline', 'answer'), reading('answer', undefined)] };
  if (kind === 'inconsistent') return { ...base, outcome: 'tie', identical: false, consistent: false, readings: [reading('baseline', 'baseline'), reading('answer', 'answer')] };
  const preferred = kind === 'win' ? 'answer' : kind === 'loss' ? 'baseline' : 'tie';
  return { ...base, outcome: kind, identical: false, consistent: true, readings: [reading('baseline', preferred), reading('answer', preferred)] };
}

describe('pairwise metrics', () => {
  it('is undefined for a run judged without pairwise', () => {
    expect(pairwiseAnalysis([trial()])).toBeUndefined();
  });

  it('gives win, tie and loss rates per strategy and judge over pairs with an outcome; identical, inconsistent and failed pairs counted apart', () => {
    const kinds = ['win', 'win', 'win', 'loss', 'tie', 'inconsistent', 'identical', 'failed'] as const;
    const records = kinds.map((kind, index) =>
      trial({ strategyId: 'reflect', taskId: `t${index}`, outcomes: [false, true], pairwise: [comparison(kind), comparison('win', 'gen')] }),
    );
    const analysis = pairwiseAnalysis(records);
    expect(analysis?.rates.map((row) => [row.strategy, row.judge, row.self])).toEqual([
      ['reflect', 'judge', false],
      ['reflect', 'gen', true],
    ]);
    const [row] = analysis?.rates ?? [];
    expect(row).toMatchObject({ pairs: 7, identical: 1, inconsistent: 1, failed: 1 });
    expect([row?.win.successes, row?.tie.successes, row?.loss.successes]).toEqual([3, 3, 1]);
    expect(row?.win.value).toBeCloseTo(3 / 7);
    // Wilson's interval around 3/7.
    expect(row?.win.low).toBeCloseTo(0.1582, 3);
    expect(row?.win.high).toBeCloseTo(0.7495, 3);
  });

  it('gives each judge its position consistency over the pairs it was asked, and counts each order’s reading', () => {
    const records = (['win', 'loss', 'inconsistent', 'tie', 'identical', 'failed'] as const).map((kind, index) =>
      trial({ taskId: `t${index}`, outcomes: [false, false], pairwise: [comparison(kind)] }),
    );
    const [judge] = pairwiseAnalysis(records)?.judges ?? [];
    // Asked and read in both orders: win, loss, inconsistent, tie — 3 of 4 agree.
    expect(judge?.consistency).toMatchObject({ successes: 3, n: 4 });
    expect(judge?.readings).toEqual({ json: 9, repaired: 0, failed: 1 });
    expect(judge?.vsTests).toBeUndefined(); // nothing passed
  });

  it('checks a judge against the hidden tests where exactly one answer passes: preferring the failing one is wrong', () => {
    const records = [
      trial({ taskId: 'a', outcomes: [false, true], pairwise: [comparison('win')] }), // right
      trial({ taskId: 'b', outcomes: [false, true], pairwise: [comparison('loss')] }), // wrong
      trial({ taskId: 'c', outcomes: [true, false], pairwise: [comparison('win')] }), // wrong
      trial({ taskId: 'd', outcomes: [true, false], pairwise: [comparison('inconsistent')] }), // tie
      trial({ taskId: 'e', outcomes: [true, true], pairwise: [comparison('loss')] }), // both pass: not counted
      trial({ taskId: 'f', outcomes: [false, true], pairwise: [comparison('failed')] }), // no outcome: not counted
      trial({ taskId: 'g', outcomes: [false, true, false], finalIndex: 1, pairwise: [comparison('win')] }), // the final is attempt 1: right
    ];
    expect(pairwiseAnalysis(records)?.judges[0]?.vsTests).toMatchObject({ pairs: 5, right: 2, ties: 1, wrong: { successes: 2, n: 5 } });
  });

  it('puts the self judge’s score rise (final − first) beside the pairs, over trials with both self scores read', () => {
    const records = [
      trial({ taskId: 'a', outcomes: [false, true], pairwise: [comparison('win')], panel: [panel('gen', 5, { self: true }), panel('gen', 8, { self: true, attemptIndex: 1 }), panel('judge', 2, { attemptIndex: 1 })] }),
      trial({ taskId: 'b', outcomes: [false, true], pairwise: [comparison('tie')], panel: [panel('gen', 6, { self: true }), panel('gen', 7, { self: true, attemptIndex: 1 })] }),
      trial({ taskId: 'c', outcomes: [false, true], pairwise: [comparison('tie')], panel: [panel('gen', 6, { self: true }), panel('gen', undefined, { self: true, attemptIndex: 1 })] }),
    ];
    const [rise] = pairwiseAnalysis(records)?.scoreRises ?? [];
    expect(rise).toMatchObject({ strategy: 'one-shot', generator: 'gen', trials: 2 });
    expect(rise?.rise?.value).toBe(2);
    expect(rise?.rise?.low).toBeGreaterThanOrEqual(1);
    expect(rise?.rise?.high).toBeLessThanOrEqual(3);
  });
});
