import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { loadDataset } from '../../src/datasets/load.js';
import { sharedGrader } from '../support/shared-grading.js';
import { resamplingFrontier } from '../../src/metrics/compute-matched.js';
import { scoreInflation } from '../../src/metrics/inflation.js';
import { pairwiseAnalysis } from '../../src/metrics/pairwise.js';
import { clopperPearson, type Interval } from '../../src/metrics/statistics.js';
import { retryTransitions } from '../../src/metrics/transitions.js';
import { packageRoot } from '../../src/package-root.js';
import type { TrialRecord } from '../../src/records/record.js';
import { runInMemory } from '../../src/run/run-in-memory.js';

/**
 * The proof that the numbers mean what they say: plant effects in the simulated models,
 * run many seeds, and check that each 95% interval contains the planted value in at
 * least 90% of seeds (about 95% expected; 90% leaves room for chance over 100 seeds).
 */
const planted = { accuracy: 0.6, fixRate: 0.35, breakRate: 0.1, selfBonus: 1.5 };
// Both judges share these distributions; with the bonus the highest mean is 7.5, 2.5 sd below the clip at 10.
const judgeScore = { correct: { mean: 6, sd: 1 }, incorrect: { mean: 3.5, sd: 1 } };
const seeds = Array.from({ length: 100 }, (_, index) => index + 1);

const dataset = await loadDataset({ source: 'builtin:py-core', limit: 40 }, { packageRoot });
// One grader for every seed (and the other files this process runs): each distinct program is run once.
const grader = await sharedGrader();

async function runSeed(seed: number): Promise<TrialRecord[]> {
  const config = validateConfig({
    name: 'planted',
    dataset: { source: 'builtin:py-core', limit: 40 },
    models: {
      coder: { provider: 'simulated', model: 'sim-coder', ...planted, judgeScore, concurrency: 64 },
      judge: { provider: 'simulated', model: 'sim-judge', judgeScore },
    },
    generators: ['coder'],
    strategies: ['one-shot', { use: 'self-reflection', threshold: 7.5, maxIterations: 3 }],
    panel: { judges: ['self', 'judge'] },
    seed,
    concurrency: 16,
  });
  return (await runInMemory(config, dataset.tasks, grader)).records;
}

/**
 * Runs `body` for every seed, four at a time, so one seed's model bookkeeping overlaps another's grading. Each seed's
 * figures depend on its seed alone, and the tallies are sums, so the order seeds finish in changes nothing.
 */
async function eachSeed(list: readonly number[], body: (seed: number) => Promise<void>, lanes = 4): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < list.length) await body(list[next++] as number);
  }));
}

const contains = (interval: Interval | undefined, value: number) => interval !== undefined && interval.low <= value && value <= interval.high;

describe('planted effects are recovered by the metrics (100 seeds × 40 tasks, simulated)', () => {
  it('one-shot pass@1, per-retry fix and break rates, and score inflation', async () => {
    const covered = { accuracy: 0, fixRate: 0, breakRate: 0, inflation: 0, firstAnswers: 0 };
    const finalAnswersInflation: number[] = [];
    await eachSeed(seeds, async (seed) => {
      const records = await runSeed(seed);
      const oneShot = records.filter((record) => record.strategyId === 'one-shot');
      const loop = records.filter((record) => record.strategyId === 'self-reflection');
      expect(oneShot).toHaveLength(40);
      if (contains(clopperPearson(oneShot.filter((record) => record.passed).length, oneShot.length), planted.accuracy)) covered.accuracy++;
      const { pooled } = retryTransitions(loop);
      if (contains(clopperPearson(pooled.recover.successes, pooled.recover.n), planted.fixRate)) covered.fixRate++;
      if (contains(clopperPearson(pooled.regress.successes, pooled.regress.n), planted.breakRate)) covered.breakRate++;
      // One-shot answers only: every answer once, scored by both panel judges.
      if (contains(scoreInflation(oneShot)?.all, planted.selfBonus)) covered.inflation++;
      // Every strategy's first answers, which nothing selected: the bonus alone. The loop's final answers were
      // selected by its own (bonused) score, so their inflation is larger, by construction.
      if (contains(scoreInflation(records, undefined, 'first')?.all, planted.selfBonus)) covered.firstAnswers++;
      finalAnswersInflation.push(scoreInflation(loop, undefined, 'final')?.all.value ?? Number.NaN);
    });
    const meanFinal = finalAnswersInflation.reduce((total, value) => total + value, 0) / finalAnswersInflation.length;
    console.log(`planted-effect coverage over ${seeds.length} seeds: ${JSON.stringify(covered)}; self-reflection's final answers: mean inflation ${meanFinal.toFixed(2)} (planted ${planted.selfBonus})`);
    expect(covered.accuracy).toBeGreaterThanOrEqual(90);
    expect(covered.fixRate).toBeGreaterThanOrEqual(90);
    expect(covered.breakRate).toBeGreaterThanOrEqual(90);
    expect(covered.inflation).toBeGreaterThanOrEqual(90);
    expect(covered.firstAnswers).toBeGreaterThanOrEqual(90);
    expect(meanFinal).toBeGreaterThan(planted.selfBonus + 0.2);
  }, 300_000);

  // Samples: a per-sample accuracy p and n samples give best-of-n with a perfect (oracle) pick 1 − (1 − p)^n, and the
  // resampling frontier drawn from its samples pass@1 = p and pass@n = the same.
  it('best-of-n with an oracle pick and the pass@k of its samples: 1 − (1 − p)^n', async () => {
    const p = 0.35;
    const n = 3;
    const expected = 1 - (1 - p) ** n;
    const covered = { oraclePick: 0, passAt1: 0, passAtN: 0 };
    await eachSeed(seeds, async (seed) => {
      const config = validateConfig({
        name: 'planted-samples',
        dataset: { source: 'builtin:py-core', limit: 40 },
        models: { coder: { provider: 'simulated', model: 'sim-coder', accuracy: p, concurrency: 64 } },
        generators: ['coder'],
        strategies: [{ use: 'best-of-n-oracle', n }],
        seed,
        concurrency: 16,
      });
      const { records } = await runInMemory(config, dataset.tasks, grader);
      const picked = records.filter((record) => record.strategyId === 'best-of-n-oracle');
      expect(picked).toHaveLength(40);
      if (contains(clopperPearson(picked.filter((record) => record.passed).length, picked.length), expected)) covered.oraclePick++;
      const frontier = resamplingFrontier(records, ['best-of-n-oracle'], undefined, { seed });
      expect(frontier?.points.map((point) => point.k)).toEqual([1, 2, 3]);
      if (contains(frontier?.points[0]?.estimate, p)) covered.passAt1++;
      if (contains(frontier?.points[n - 1]?.estimate, expected)) covered.passAtN++;
    });
    console.log(`planted sampling coverage over ${seeds.length} seeds: ${JSON.stringify(covered)}`);
    expect(covered.oraclePick).toBeGreaterThanOrEqual(90);
    expect(covered.passAt1).toBeGreaterThanOrEqual(90);
    expect(covered.passAtN).toBeGreaterThanOrEqual(90);
  }, 300_000);

  // Pairwise: a judge that prefers the answer shown first with probability q, else the better answer, agrees with itself
  // across the two orders on a pair with a better answer with probability 1 − q, and a disagreeing pair is a tie; so a
  // revision that is better with probability (1 − accuracy)·fixRate wins with probability (1 − accuracy)·fixRate·(1 − q).
  it('pairwise: the position bias by the consistency rate, and the win rate of a revision', async () => {
    const q = 0.3;
    const open = { accuracy: 0.4, fixRate: 0.5, breakRate: 0.1 };
    const expected = { consistency: 1 - q, win: (1 - open.accuracy) * open.fixRate * (1 - q) };
    const openTasks = await loadDataset({ source: 'builtin:open-ended' }, { packageRoot });
    const covered = { consistency: 0, win: 0 };
    const pairwiseSeeds = seeds.slice(0, 50);
    const pooled = { wins: 0, pairs: 0, consistent: 0, asked: 0 };
    await eachSeed(pairwiseSeeds, async (seed) => {
      const config = validateConfig({
        name: 'planted-pairwise',
        dataset: { source: 'builtin:open-ended' },
        // Its own scores never reach the threshold: every trial is one answer and one revision.
        models: {
          writer: { provider: 'simulated', model: 'sim-writer', ...open, judgeScore: { correct: { mean: 5, sd: 1 }, incorrect: { mean: 3, sd: 1 } }, concurrency: 64 },
          judge: { provider: 'simulated', model: 'sim-judge', positionBias: q, concurrency: 64 },
        },
        generators: ['writer'],
        strategies: [{ use: 'self-reflection', threshold: 10, maxIterations: 2 }],
        panel: { judges: ['judge'], pairwise: true },
        repeats: 2,
        seed,
        concurrency: 16,
        // Calls in arrival order: nothing to gain from grouping them by model here, and the run stays fast.
        scheduling: { policy: 'fifo' },
      });
      const { records } = await runInMemory(config, openTasks.tasks, grader);
      expect(records).toHaveLength(32);
      const analysis = pairwiseAnalysis(records);
      if (contains(analysis?.judges[0]?.consistency, expected.consistency)) covered.consistency++;
      if (contains(analysis?.rates[0]?.win, expected.win)) covered.win++;
      pooled.wins += analysis?.rates[0]?.win.successes ?? 0;
      pooled.pairs += analysis?.rates[0]?.pairs ?? 0;
      pooled.consistent += analysis?.judges[0]?.consistency.successes ?? 0;
      pooled.asked += analysis?.judges[0]?.consistency.n ?? 0;
    });
    console.log(
      `planted pairwise coverage over ${pairwiseSeeds.length} seeds: ${JSON.stringify(covered)}; pooled win rate ${(pooled.wins / pooled.pairs).toFixed(3)} (planted ${expected.win}), consistency ${(pooled.consistent / pooled.asked).toFixed(3)} (planted ${expected.consistency})`,
    );
    expect(covered.consistency).toBeGreaterThanOrEqual(45);
    expect(covered.win).toBeGreaterThanOrEqual(45);
  }, 300_000);
});
