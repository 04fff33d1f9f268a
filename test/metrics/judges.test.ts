import { describe, expect, it } from 'vitest';
import { auroc, judgeQuality, loopJudgements, panelJudgements, stopPrecision, type JudgedAnswer } from '../../src/metrics/judges.js';
import { wilson } from '../../src/metrics/statistics.js';
import { attempt, panel, trial, verdict } from './fixtures.js';

const answer = (score: number | undefined, passed: boolean | undefined): JudgedAnswer => ({ judge: 'j', score, passed });

describe('judgeQuality', () => {
  const answers = [
    answer(9, true),
    answer(8, true),
    answer(6, true),
    answer(8, false),
    answer(3, false),
    answer(undefined, false), // parse failure
    answer(7, undefined), // open-ended task
  ];

  it('scores the judge against hidden tests at threshold τ', () => {
    const quality = judgeQuality(answers, 7.5);
    expect(quality).toMatchObject({
      verdicts: 7,
      parseFailures: wilson(1, 7),
      scored: 5,
      meanScoreFailing: 5.5,
      falseAccept: wilson(1, 2), // 8 ≥ 7.5 on a failing answer
      falseReject: wilson(1, 3), // 6 < 7.5 on a passing one
      // Pairs (pass, fail): 9>8, 9>3, 8=8 (½), 8>3, 6<8, 6>3 → 4.5/6.
      auroc: 0.75,
    });
    expect(quality.meanScorePassing).toBeCloseTo(23 / 3, 12);
    // (0.01 + 0.04 + 0.16 + 0.64 + 0.09) / 5
    expect(quality.brier).toBeCloseTo(0.188, 12);
  });

  it('has no class-conditional values when one class is missing', () => {
    const quality = judgeQuality([answer(9, true), answer(4, true)], 5);
    expect(quality).toMatchObject({ auroc: undefined, meanScoreFailing: undefined, falseReject: wilson(1, 2) });
    expect(quality.falseAccept.value).toBeUndefined();
  });

  it('has no values without verdicts, and a parse-failure rate of 1 when none parsed', () => {
    const empty = judgeQuality([], 5);
    expect(empty).toMatchObject({ verdicts: 0, scored: 0, auroc: undefined, brier: undefined, meanScorePassing: undefined });
    expect(empty.parseFailures.value).toBeUndefined();
    const unparsed = judgeQuality([answer(undefined, true)], 5);
    expect(unparsed.parseFailures.value).toBe(1);
    expect(unparsed.brier).toBeUndefined();
  });
});

describe('auroc', () => {
  it('counts ties as ½', () => {
    expect(auroc([5, 5], [5])).toBe(0.5);
    expect(auroc([10], [0])).toBe(1);
    expect(auroc([0], [10])).toBe(0);
    expect(auroc([], [1])).toBeUndefined();
  });
});

describe('loopJudgements and panelJudgements', () => {
  const record = trial({
    attempts: [attempt(false, { verdict: verdict(8, 'coder') }), attempt(true, { verdict: verdict(undefined, 'coder') }), attempt(true)],
    panel: [panel('coder', 6, { self: true, attemptIndex: 2 }), panel('other', 9, { attemptIndex: 0 })],
  });

  it('pair each verdict with the hidden-test result of the attempt it judged', () => {
    expect(loopJudgements([record])).toEqual([
      { judge: 'coder', score: 8, passed: false },
      { judge: 'coder', score: undefined, passed: true },
    ]);
    expect(panelJudgements([record])).toEqual([
      { judge: 'coder', score: 6, passed: true, self: true },
      { judge: 'other', score: 9, passed: false, self: false },
    ]);
  });

  it('find nothing in trials without verdicts or panel', () => {
    expect(loopJudgements([trial()])).toEqual([]);
    expect(panelJudgements([trial()])).toEqual([]);
  });
});

describe('stopPrecision', () => {
  it('is the pass rate of trials stopped by the judge threshold', () => {
    const records = [
      trial({ stopReason: 'threshold-met', outcomes: [true] }),
      trial({ stopReason: 'threshold-met', outcomes: [false] }),
      trial({ stopReason: 'threshold-met', taskKind: 'open', attempts: [attempt(undefined)] }),
      trial({ stopReason: 'max-iterations', outcomes: [true] }),
    ];
    expect(stopPrecision(records)).toEqual(wilson(1, 2));
    expect(stopPrecision([trial({ stopReason: 'max-iterations' })]).value).toBeUndefined();
  });
});
