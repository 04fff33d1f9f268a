import { z } from 'zod';
import { reflexionLoop, reflexionOptions } from './reflexion-core.js';
import { testFeedbackLoopCalls } from './test-feedback.js';
import { defineStrategy } from './types.js';

/**
 * Reflexion whose feedback is the hidden tests' results: an upper bound on what test
 * feedback can do, not a fair comparison. The only strategy that may see them.
 */
export default defineStrategy({
  name: 'reflexion-oracle',
  feedback: 'oracle',
  options: z.strictObject(reflexionOptions).describe('Reflexion fed the hidden tests\' results: an upper bound on what test feedback can do, never a fair comparison'),
  kinds: ['code'],
  maxCalls: testFeedbackLoopCalls,
  solve: (ctx, options) => reflexionLoop(ctx, options, (answer) => ctx.runHiddenTests(answer)),
});
