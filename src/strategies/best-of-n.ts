import { z } from 'zod';
import type { TestCase } from '../datasets/task.js';
import { criteriaOption } from '../judges/verdict.js';
import type { Answer } from './answer.js';
import { selfTestsOption } from './test-feedback.js';
import { drawSamples, finalIndexOf, firstAnswerStands, sampleOptions } from './samples.js';
import { defineStrategy, type StrategyContext, type Trajectory } from './types.js';

/**
 * Best-of-n: n independent samples of the first prompt, one of them picked — by a judge's rubric score (the
 * generator itself, or the model `judge` names), by that judge's pairwise knockout over the samples, or CodeT-style
 * by the tests the model writes for itself (the sample passing most of them; ties go to the sample whose passes most
 * others share). Sample 0 is every
 * strategy's first answer; the others are drawn at `temperature`. The resampling baseline a loop must beat at
 * equal compute (Olausson et al. 2023). Without feedback to pick by, the first answer stands (`no-feedback`).
 */
export default defineStrategy({
  name: 'best-of-n',
  feedback: 'self-judge',
  shape: 'samples',
  options: z
    .strictObject({
      ...sampleOptions,
      pick: z
        .enum(['judge', 'pairwise', 'self-tests'], {
          // Picking by the hidden tests is an upper bound, never a fair row: its own strategy, with the oracle's context.
          error: (issue) => (issue.input === 'oracle' ? 'picking by the hidden tests is the strategy `best-of-n-oracle` (an upper bound, marked as one)' : undefined),
        })
        .default('judge')
        .describe('What picks the answer: a judge\'s rubric score, a judge\'s pairwise knockout, or the model\'s own tests'),
      judge: z.string().optional().describe('The judging model with `pick: judge` or `pairwise`, defined under `models`; unset, the generator judges its own samples'),
      criteria: criteriaOption,
      judgeRetries: z.number().int().min(0).max(5).default(1).describe('Re-asks after an unparseable verdict (with `pairwise`, per order of each comparison)'),
      selfTests: selfTestsOption.describe('Tests the model writes with `pick: self-tests`'),
    })
    .describe('Best-of-n: n independent samples of the first prompt, one picked by a judge, a pairwise knockout or the model\'s own tests; the resampling baseline a loop must beat at equal compute'),
  kinds: ['code', 'open'],
  feedbackFor: (options) => (options.pick === 'self-tests' ? 'self-tests' : options.judge === undefined ? 'self-judge' : 'cross-judge'),
  // n samples, then one write-tests, or n verdicts, or n − 1 comparisons of two orders each — every judge call with its re-asks.
  maxCalls: ({ n, pick, judgeRetries }) => n + (pick === 'self-tests' ? 1 : (pick === 'judge' ? n : (n - 1) * 2) * (1 + judgeRetries)),
  modelRefs: (options) => (options.judge === undefined ? [] : [{ path: 'judge', model: options.judge, notAGenerator: true }]),
  async solve(ctx, options) {
    const samples = await drawSamples(ctx, options.n, options.temperature);
    if (options.pick === 'self-tests') return pickByTests(ctx, samples, await ctx.writeTests(options.selfTests));
    const judge = options.judge ?? ctx.generator;
    if (options.pick === 'pairwise') return pickByKnockout(ctx, samples, judge, options.judgeRetries);
    const verdicts = await Promise.all(samples.map((answer) => ctx.judge(answer, judge, { criteria: options.criteria, retries: options.judgeRetries })));
    const scored = samples.flatMap((answer, index) => {
      const score = verdicts[index]?.score;
      return score === undefined ? [] : [{ answer, score }];
    });
    if (scored.length === 0) return firstAnswerStands(ctx, samples, 'no verdict on any sample could be read');
    // The best score; among equals the earliest sample, so a tie keeps the shared first answer when it is one of them.
    const best = scored.reduce((chosen, candidate) => (candidate.score > chosen.score ? candidate : chosen));
    return ctx.stop('max-iterations', finalIndexOf(best.answer));
  },
});

/**
 * A single-elimination knockout in sample order: the champion (sample 0 first) meets the next sample, which takes its
 * place only on a consistent win in both orders — a tie or an unreadable comparison keeps the champion, so the shared
 * first answer stands unless something beats it. One at a time: who meets the next sample depends on the last result.
 */
async function pickByKnockout(ctx: StrategyContext, samples: readonly Answer[], judge: string, retries: number): Promise<Trajectory> {
  let champion = samples[0]!;
  let failed = 0;
  for (const challenger of samples.slice(1)) {
    const { outcome } = await ctx.compare(challenger, champion, judge, { retries });
    if (outcome === undefined) failed++;
    if (outcome === 'win') champion = challenger;
  }
  if (failed === samples.length - 1) return firstAnswerStands(ctx, samples, 'no comparison of two samples could be read');
  if (failed > 0) ctx.note(`${failed} of ${samples.length - 1} comparisons could not be read: each kept its champion`);
  return ctx.stop('max-iterations', finalIndexOf(champion));
}

async function pickByTests(ctx: StrategyContext, samples: readonly Answer[], tests: readonly TestCase[]): Promise<Trajectory> {
  if (tests.length === 0) return firstAnswerStands(ctx, samples, 'the model wrote no test that parses');
  const runs = await Promise.all(samples.map((answer) => ctx.runTests(answer, tests, 'self-tests')));
  // Which tests each sample passes; samples that behave alike agree, and agreement breaks ties (CodeT).
  const patterns = runs.map((run) => run.tests.map((test) => (test.passed ? '1' : '0')).join(''));
  const rank = (index: number) => {
    const passed = runs[index]?.tests.filter((test) => test.passed).length ?? 0;
    const agreeing = patterns.filter((pattern) => pattern === patterns[index]).length;
    return [passed, agreeing];
  };
  let chosen = 0;
  for (let index = 1; index < samples.length; index++) {
    const [passed = 0, agreeing = 0] = rank(index);
    const [bestPassed = 0, bestAgreeing = 0] = rank(chosen);
    if (passed > bestPassed || (passed === bestPassed && agreeing > bestAgreeing)) chosen = index;
  }
  return ctx.stop(runs[chosen]?.passed ? 'tests-passed' : 'max-iterations', finalIndexOf(samples[chosen]!));
}
