import { z } from 'zod';
import { drawSamples, finalIndexOf, sampleOptions } from './samples.js';
import { defineStrategy } from './types.js';

/**
 * Best-of-n picked by the hidden tests: the first sample that passes them, else the first answer. What n samples
 * could give if picking were perfect — pass@n of the samples, an upper bound for every picker (judge, own tests,
 * agreement), never a fair row. The only other strategy besides `reflexion-oracle` that may see the hidden tests.
 */
export default defineStrategy({
  name: 'best-of-n-oracle',
  feedback: 'oracle',
  shape: 'samples',
  options: z.strictObject(sampleOptions).describe('Best-of-n picked by the hidden tests: pass@n of the samples, an upper bound for every picker, never a fair row'),
  kinds: ['code'],
  maxCalls: ({ n }) => n,
  async solve(ctx, options) {
    const samples = await drawSamples(ctx, options.n, options.temperature);
    const runs = await Promise.all(samples.map((answer) => ctx.runHiddenTests(answer)));
    const passing = samples.find((_, index) => runs[index]?.passed);
    return passing === undefined ? ctx.stop('max-iterations', 0) : ctx.stop('tests-passed', finalIndexOf(passing));
  },
});
