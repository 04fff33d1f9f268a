import { describe, expect, it } from 'vitest';
import { auroc, judgeQuality, loopJudgements, MIN_VERDICTS_PER_CLASS, panelJudgements, stopPrecision, type JudgedAnswer } from '../../src/metrics/judges.js';
import { wilson } from '../../src/metrics/statistics.js';
import { attempt, panel, trial, verdict } from './fixtures.js';

const answer = (score: number | undefined, passed: boolean | undefined, parse: JudgedAnswer['parse'] = score === undefined ? 'failed' : 'json'): JudgedAnswer => ({
  judge: 'j',
  parse,
  score,
  passed,
});
/** Each answer `times` times: the same rates and ranking from enough verdicts to calibrate. */
const times = (answers: readonly JudgedAnswer[], count: number) => answers.flatMap((entry) => Array.from({ length: count }, () => entry));

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
    const quality = judgeQuality(times(answers, 10), 7.5);
    expect(quality).toMatchObject({
      verdicts: 70,
      parses: { json: 60, repaired: 0, failed: 10 },
      parseFailures: wilson(10, 70),
      scored: 50,
      scoredPassing: 30,
      scoredFailing: 20,
      calibrated: true,
      meanScoreFailing: 5.5,
      falseAccept: wilson(10, 20), // 8 ≥ 7.5 on a failing answer
      falseReject: wilson(10, 30), // 6 < 7.5 on a passing one
      // Pairs (pass, fail): 9>8, 9>3, 8=8 (½), 8>3, 6<8, 6>3 → 4.5/6.
      auroc: 0.75,
    });
    expect(quality.meanScorePassing).toBeCloseTo(23 / 3, 12);
    // (0.01 + 0.04 + 0.16 + 0.64 + 0.09) / 5
    expect(quality.brier).toBeCloseTo(0.188, 12);
  });

  it('counts verdicts by how their reply was read', () => {
    const read = judgeQuality([answer(9, true, 'repaired'), answer(4, false), answer(undefined, true), answer(7, undefined, 'repaired')], 5);
    expect(read.parses).toEqual({ json: 1, repaired: 2, failed: 1 });
  });

  it(`gives no calibration figures below ${MIN_VERDICTS_PER_CLASS} scored verdicts on passing and on failing answers`, () => {
    const few = judgeQuality(answers, 7.5);
    expect(few).toMatchObject({ scoredPassing: 3, scoredFailing: 2, calibrated: false, falseAccept: undefined, falseReject: undefined, auroc: undefined, brier: undefined });
    expect(few.meanScorePassing).toBeCloseTo(23 / 3, 12); // means are no calibration figure: kept
    const justUnder = [...times([answer(9, true)], MIN_VERDICTS_PER_CLASS), ...times([answer(2, false)], MIN_VERDICTS_PER_CLASS - 1)];
    expect(judgeQuality(justUnder, 5)).toMatchObject({ calibrated: false, auroc: undefined, brier: undefined });
    const enough = judgeQuality([...justUnder, answer(2, false)], 5);
    expect(enough).toMatchObject({ calibrated: true, auroc: 1, falseAccept: wilson(0, 10), falseReject: wilson(0, 10) });
    expect(enough.brier).toBeCloseTo(0.01 * 10 / 20 + 0.04 * 10 / 20, 12);
  });

  it('has no class-conditional values when one class is missing', () => {
    const quality = judgeQuality(times([answer(9, true), answer(4, true)], 10), 5);
    expect(quality).toMatchObject({ auroc: undefined, meanScoreFailing: undefined, falseReject: undefined, falseAccept: undefined, calibrated: false });
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
      { judge: 'coder', parse: 'json', score: 8, passed: false },
      { judge: 'coder', parse: 'failed', score: undefined, passed: true },
    ]);
    expect(panelJudgements([record])).toEqual([
      { judge: 'coder', parse: 'json', score: 6, passed: true, self: true },
      { judge: 'other', parse: 'json', score: 9, passed: false, self: false },
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
