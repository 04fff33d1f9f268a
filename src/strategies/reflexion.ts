import { z } from 'zod';
import { reflexionLoop, reflexionOptions } from './reflexion-core.js';
import { fairTestOptions, testFeedbackLoopCalls, withFeedbackTests, writeTestsCalls } from './test-feedback.js';
import { defineStrategy } from './types.js';

/** Reflexion with fair feedback: tests the model writes itself (as in the paper), or the task's visible examples. */
export default defineStrategy({
  name: 'reflexion',
  feedback: 'self-tests',
  options: z
    .strictObject({ ...reflexionOptions, ...fairTestOptions('self-tests') })
    .describe('Reflexion (Shinn et al. 2023) with fair feedback: tests the model writes itself, or the task\'s visible examples; it reflects on each failure before retrying'),
  kinds: ['code'],
  feedbackFor: (options) => options.feedback,
  maxCalls: (options) => testFeedbackLoopCalls(options) + writeTestsCalls(options),
  solve: (ctx, options) => withFeedbackTests(ctx, options, (check) => reflexionLoop(ctx, options, check)),
});
