import { describe, expect, it } from 'vitest';
import { loopJudgements, panelJudgements, type JudgedAnswer } from '../../src/metrics/judges.js';
import { judgeVsPlus } from '../../src/metrics/judges-vs-plus.js';
import { wilson } from '../../src/metrics/statistics.js';
import { attempt, panel, suiteAttempt, trial, verdict } from './fixtures.js';

/** An answer graded with plus inputs: `passed` is base + plus. */
const answer = (score: number | undefined, base: boolean, plus: boolean): JudgedAnswer => ({
  judge: 'j',
  parse: score === undefined ? 'failed' : 'json',
  score,
  passed: base && plus,
  basePassed: base,
});

describe('judgeVsPlus', () => {
  const answers = [
    // Passes both: 8, 8, 7, 9 (none below τ = 6).
    answer(8, true, true),
    answer(8, true, true),
    answer(7, true, true),
    answer(9, true, true),
    // Passes base, fails plus: 3 and 7; the judge said "wrong" on one of the two.
    answer(3, true, false),
    answer(7, true, false),
    // Fails base: 2, 4, 5, 7.
    answer(2, false, false),
    answer(4, false, false),
    answer(5, false, true),
    answer(7, false, false),
    // Left out: a parse failure, an answer without plus inputs, an open-ended one.
    answer(undefined, true, false),
    { judge: 'j', parse: 'json', score: 1, passed: false },
    { judge: 'j', parse: 'json', score: 1, passed: undefined },
  ] satisfies JudgedAnswer[];
  /** Ten of each: enough verdicts of every class for an AUROC (judges.ts), the same ranking. */
  const tenfold = answers.flatMap((entry) => Array.from({ length: 10 }, () => entry));

  it('splits the judge\'s "wrong" by what base and plus say', () => {
    const measured = judgeVsPlus(answers, 6)!;
    expect(measured.scored).toBe(10);
    expect(measured.saidWrong).toEqual({ failsBase: wilson(3, 4), weakTestMiss: wilson(1, 2), passesBoth: wilson(0, 4) });
    expect(measured.meanScore).toEqual({ failsBase: 4.5, weakTestMiss: 5, passesBoth: 8 });
  });

  it('ranks the same scores against base alone and against base + plus', () => {
    const measured = judgeVsPlus(tenfold, 6)!;
    // Base: passing {8,8,7,9,3,7} vs failing {2,4,5,7}: 24 pairs, 19 won, 2 ties (7 = 7), 3 lost (3 < 4, 5, 7) → 20/24.
    expect(measured.aurocBase).toBeCloseTo(20 / 24, 12);
    // Base + plus: passing {8,8,7,9} vs failing {3,7,2,4,5,7}: 24 pairs, 22 won, 2 ties (7 = 7 twice) → 23/24.
    expect(measured.aurocBasePlus).toBeCloseTo(23 / 24, 12);
  });

  it('gives no AUROC from fewer than ten verdicts on passing or on failing answers', () => {
    expect(judgeVsPlus(answers, 6)).toMatchObject({ aurocBase: undefined, aurocBasePlus: undefined });
  });

  it('has no "wrong" rates without a threshold, and nothing without answers graded with plus inputs', () => {
    expect(judgeVsPlus(answers, undefined)?.saidWrong).toBeUndefined();
    expect(judgeVsPlus(answers, undefined)?.scored).toBe(10);
    expect(judgeVsPlus([{ judge: 'j', parse: 'json', score: 3, passed: false }], 6)).toBeUndefined();
  });
});

describe('basePassed on judged answers', () => {
  it('is set only on attempts that ran on plus inputs', () => {
    const record = trial({
      attempts: [
        suiteAttempt(true, false, { verdict: verdict(8, 'coder') }),
        suiteAttempt(true, undefined, { verdict: verdict(6, 'coder') }),
        attempt(false, { verdict: verdict(2, 'coder') }),
      ],
      panel: [panel('coder', 9, { self: true, attemptIndex: 0 })],
    });
    expect(loopJudgements([record])).toEqual([
      { judge: 'coder', parse: 'json', score: 8, passed: false, basePassed: true },
      { judge: 'coder', parse: 'json', score: 6, passed: true },
      { judge: 'coder', parse: 'json', score: 2, passed: false },
    ]);
    expect(loopJudgements([record]).map((entry) => 'basePassed' in entry)).toEqual([true, false, false]);
    expect(panelJudgements([record])).toEqual([{ judge: 'coder', parse: 'json', score: 9, passed: false, basePassed: true, self: true }]);
  });
});
