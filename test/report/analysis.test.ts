import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/metrics/analysis.js';
import { buildReportInput } from '../../src/report/report-input.js';
import { fixtureMeta, fixtureRecords, tenfoldRecords } from './run-fixture.js';

describe('analyzeRun', () => {
  const analysis = analyzeRun(fixtureRecords(), fixtureMeta(), { panelThreshold: 6 });
  const result = (strategy: string) => analysis.results.find((entry) => entry.strategy === strategy)!;

  it('lists strategies in config order, with one-shot as the baseline', () => {
    expect(analysis.results.map((entry) => entry.strategy)).toEqual(['one-shot', 'self-reflection', 'reflexion-oracle']);
    expect(analysis).toMatchObject({ baseline: 'one-shot', tasks: 4, repeats: 1, judgeDesign: 'self-and-cross' });
    expect(result('reflexion-oracle').oracle).toBe(true);
  });

  it('compares each strategy with the baseline on the same tasks: Δ, McNemar, the 2 × 2 table and the detectable Δ', () => {
    expect(result('one-shot').vsBaseline).toBeUndefined();
    const comparison = result('self-reflection').vsBaseline!;
    expect(comparison).toMatchObject({ pairs: 4, b: 1, c: 0, mcnemarP: 1, delta: { value: 0.25 } });
    expect(comparison.outcomes).toEqual({ passPass: 2, passFail: 0, failPass: 1, failFail: 1 });
    // (1.96 + 0.84)·√(d/n) with d = 1/4 discordant, n = 4 pairs.
    expect(comparison.minimumDetectableDelta).toBeCloseTo(2.8016 * Math.sqrt(0.25 / 4), 3);
  });

  it('has no Δ anywhere without a one-shot strategy', () => {
    const meta = fixtureMeta();
    const withoutBaseline = analyzeRun(
      fixtureRecords().filter((record) => record.strategyId !== 'one-shot'),
      { ...meta, strategies: meta.strategies.filter((strategy) => strategy.use !== 'one-shot') },
    );
    expect(withoutBaseline.baseline).toBeUndefined();
    expect(withoutBaseline.results.map((entry) => entry.vsBaseline)).toEqual([undefined, undefined]);
  });

  it("judges each loop at its own threshold, and the panel at the panel's whichever strategy it judged", () => {
    const judges = analysis.judges.map(({ role, judge, strategy, threshold, thresholdSource }) => [role, judge, strategy, threshold, thresholdSource]);
    expect(judges).toEqual([
      ['panel', 'gen', 'one-shot', 6, 'panel'],
      ['panel', 'critic', 'one-shot', 6, 'panel'],
      ['loop', 'gen', 'self-reflection', 7.5, 'strategy'],
      ['panel', 'gen', 'self-reflection', 6, 'panel'],
      ['panel', 'critic', 'self-reflection', 6, 'panel'],
      ['panel', 'gen', 'reflexion-oracle', 6, 'panel'],
      ['panel', 'critic', 'reflexion-oracle', 6, 'panel'],
    ]);
    const loop = analysis.judges.find((judge) => judge.role === 'loop')!;
    expect(loop.self).toBe(true);
    expect(loop.calibration).toMatchObject({
      verdicts: 6,
      parses: { json: 5, repaired: 0, failed: 1 },
      scored: 5,
      parseFailures: { successes: 1, n: 6 },
      // 3 passing and 2 failing scored verdicts: too few for calibration figures.
      scoredPassing: 3,
      scoredFailing: 2,
      calibrated: false,
      auroc: undefined,
      brier: undefined,
    });
    expect(loop.stopPrecision).toMatchObject({ successes: 3, n: 3 });
  });

  it("takes a loop's threshold from run.json, and for a run written before run.json kept it, from the strategy's own declaration", () => {
    const meta = fixtureMeta();
    const loopThreshold = (input: ReturnType<typeof buildReportInput>) => input.analysis.judges.find((judge) => judge.role === 'loop')?.threshold;
    const stored = { ...meta, strategies: meta.strategies.map((strategy) => (strategy.use === 'self-reflection' ? { ...strategy, stopThreshold: 9 } : strategy)) };
    expect(loopThreshold(buildReportInput(stored, fixtureRecords(), undefined))).toBe(9);
    const older = { ...meta, strategies: meta.strategies.map(({ stopThreshold: _recorded, ...strategy }) => strategy) };
    expect(loopThreshold(buildReportInput(older, fixtureRecords(), undefined))).toBe(7.5); // the options' threshold, read by self-reflection itself
    expect(analyzeRun(fixtureRecords(), older).judges.find((judge) => judge.role === 'loop')?.threshold).toBeUndefined(); // metrics never guess
  });

  it('leaves false accept/reject out, rather than guessing, when a panel judge has no threshold', () => {
    const tenfold = tenfoldRecords();
    const critic = (panelThreshold?: number) =>
      analyzeRun(tenfold, fixtureMeta(), { panelThreshold }).judges.find((judge) => judge.strategy === 'one-shot' && judge.judge === 'critic')!;
    const unknown = critic();
    expect(unknown.threshold).toBeUndefined();
    expect(unknown.calibration).toMatchObject({ calibrated: true, falseAccept: undefined, falseReject: undefined, auroc: 1 });
    expect(critic(6).calibration.falseAccept).toMatchObject({ successes: 0, n: 20 });
  });

  it('reports inflation with the self and cross means it is the difference of', () => {
    expect(result('one-shot').inflation).toMatchObject({ pairs: 4, selfMean: 7.5, crossMean: 5.5, all: { value: 2 } });
    for (const inflation of [analysis.inflation!, result('self-reflection').inflation!]) {
      expect(inflation.selfMean - inflation.crossMean).toBeCloseTo(inflation.all.value, 10);
    }
    // The critic's reply on self-reflection t3 did not parse: no pair there.
    expect(result('self-reflection').inflation?.pairs).toBe(3);
  });

  it('does not depend on the order the trials finished in', () => {
    const shuffled = [...fixtureRecords()].reverse();
    expect(analyzeRun(shuffled, fixtureMeta(), { panelThreshold: 6 })).toEqual(analysis);
  });
});
