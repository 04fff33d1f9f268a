import { z } from 'zod';
import { reflexionLoop, reflexionMaxCalls, reflexionOptions } from './reflexion-core.js';
import { defineStrategy } from './types.js';

/**
 * Reflexion whose feedback is the hidden tests' results: an upper bound on what test
 * feedback can do, not a fair comparison. The only strategy that may see them.
 */
export default defineStrategy({
  name: 'reflexion-oracle',
  feedback: 'oracle',
  options: z.strictObject(reflexionOptions),
  kinds: ['code'],
  maxCalls: reflexionMaxCalls,
  solve: (ctx, options) => reflexionLoop(ctx, options, (answer) => ctx.runHiddenTests(answer)),
});
