import { z } from 'zod';
import type { TestCase } from '../datasets/task.js';
import { reflexionLoop, reflexionMaxCalls, reflexionOptions } from './reflexion-core.js';
import { defineStrategy, type StrategyContext } from './types.js';
import type { TestRun } from '../records/attempt.js';
import { FAIR_TEST_SOURCES, type FairTestSource } from '../records/lists.js';

interface FeedbackTests {
  tests: readonly TestCase[];
  source: TestRun['source'];
}

/** Reflexion with fair feedback: tests the model writes itself (as in the paper), or the task's visible examples. */
export default defineStrategy({
  name: 'reflexion',
  feedback: 'self-tests',
  options: z.strictObject({
    ...reflexionOptions,
    feedback: z.enum(FAIR_TEST_SOURCES).default(FAIR_TEST_SOURCES[0]),
    /** How many tests the model is asked to write for itself. */
    selfTests: z.number().int().min(1).max(20).default(6),
  }),
  kinds: ['code'],
  feedbackFor: (options) => options.feedback,
  maxCalls: (options) => reflexionMaxCalls(options) + (options.feedback === 'self-tests' ? 1 : 0),
  async solve(ctx, options) {
    const feedback = await feedbackTests(ctx, options.feedback, options.selfTests);
    // With no test to run, "all tests pass" would be vacuous, so there is nothing to retry on; but the strategy has
    // still answered, and its first answer counts (leaving the trial out would flatter the row).
    if (feedback.tests.length === 0) {
      ctx.note('no feedback tests: the task has no visible tests and the model wrote none that parse; the first answer stands');
      await ctx.generate(ctx.prompts.initial());
      return ctx.stop('no-feedback');
    }
    return reflexionLoop(ctx, options, (answer) => ctx.runTests(answer, feedback.tests, feedback.source));
  },
});

/** The tests asked for, falling back to the other kind when there are none (noted in the record). */
async function feedbackTests(ctx: StrategyContext, wanted: FairTestSource, count: number): Promise<FeedbackTests> {
  const visible: FeedbackTests = { tests: ctx.task.visibleTests, source: 'visible-tests' };
  if (wanted === 'visible-tests') {
    if (visible.tests.length > 0) return visible;
    ctx.note('the task has no visible tests: fell back to self-written tests');
    return { tests: await ctx.writeTests(count), source: 'self-tests' };
  }
  const written: FeedbackTests = { tests: await ctx.writeTests(count), source: 'self-tests' };
  if (written.tests.length > 0 || visible.tests.length === 0) return written;
  ctx.note('the model wrote no test that parses: fell back to the visible tests');
  return visible;
}
