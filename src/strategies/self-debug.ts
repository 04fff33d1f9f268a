import { z } from 'zod';
import { fairTestOptions, testFeedbackLoop, testFeedbackLoopCalls, withFeedbackTests, writeTestsCalls } from './test-feedback.js';
import { maxIterationsOption } from './loop-options.js';
import { defineStrategy } from './types.js';

/**
 * Self-Debug (Chen et al. 2023, "Teaching Large Language Models to Self-Debug"), with unit-test feedback and code
 * explanation: generate → run the feedback tests → stop when they pass → otherwise the model explains its code line
 * by line as it runs on a failing test (the test, and the output it got or the exception) and then, with that
 * explanation in the conversation, writes the fix. Its tests are the task's visible ones, as the paper's were the
 * unit tests in the problem; Reflexion's fallbacks apply, and with no test at all its first answer stands.
 */
export default defineStrategy({
  name: 'self-debug',
  feedback: 'visible-tests',
  options: z
    .strictObject({ maxIterations: maxIterationsOption, ...fairTestOptions('visible-tests') })
    .describe('Self-Debug (Chen et al. 2023): after failing its feedback tests the model explains its code as it runs on a failing test, then fixes it'),
  kinds: ['code'],
  feedbackFor: (options) => options.feedback,
  maxCalls: (options) => testFeedbackLoopCalls(options) + writeTestsCalls(options),
  solve: (ctx, options) =>
    withFeedbackTests(ctx, options, (check) =>
      testFeedbackLoop(ctx, options.maxIterations, check, async (answer, run) => {
        const explaining = ctx.prompts.explain(answer, run);
        return ctx.prompts.debugRevise(explaining, await ctx.comment('explain', explaining, answer));
      }),
    ),
});
