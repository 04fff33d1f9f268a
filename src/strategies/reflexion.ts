import { z } from 'zod';
import { reflexionLoop, reflexionMaxCalls, reflexionOptions, type FeedbackTests } from './reflexion-core.js';
import { defineStrategy, type StrategyContext } from './types.js';

/** Reflexion with fair feedback: tests the model writes itself (as in the paper), or the task's visible examples. */
export default defineStrategy({
  name: 'reflexion',
  feedback: 'self-tests',
  options: z.strictObject({
    ...reflexionOptions,
    feedback: z.enum(['self-tests', 'visible-tests']).default('self-tests'),
    /** How many tests the model is asked to write for itself. */
    selfTests: z.number().int().min(1).max(20).default(6),
  }),
  kinds: ['code'],
  feedbackFor: (options) => options.feedback,
  maxCalls: (options) => reflexionMaxCalls(options) + (options.feedback === 'self-tests' ? 1 : 0),
  async solve(ctx, options) {
    return reflexionLoop(ctx, options, await feedbackTests(ctx, options.feedback, options.selfTests));
  },
});

async function feedbackTests(ctx: StrategyContext, wanted: 'self-tests' | 'visible-tests', count: number): Promise<FeedbackTests> {
  if (wanted === 'visible-tests') {
    if (ctx.task.visibleTests.length > 0) return { tests: ctx.task.visibleTests, source: 'visible-tests' };
    ctx.note('the task has no visible tests: fell back to self-written tests');
  }
  return { tests: await ctx.writeTests(count), source: 'self-tests' };
}
