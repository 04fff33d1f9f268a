import { z } from 'zod';
import { defineStrategy } from './types.js';

export default defineStrategy({
  name: 'one-shot',
  feedback: 'none',
  options: z.strictObject({}).describe('The baseline every other strategy is compared with: one generation, no feedback'),
  kinds: ['code', 'open'],
  maxCalls: () => 1,
  async solve(ctx) {
    await ctx.generate(ctx.prompts.initial());
    return ctx.stop('max-iterations');
  },
});
