import { z } from 'zod';
import { sameCode } from './judge-loop-core.js';
import { defineStrategy } from './types.js';

/**
 * Constitutional AI's critique → revision step (Bai et al. 2022), for code and open-ended requests: each round the
 * model critiques its current answer against one principle (round i takes principle i mod their number) and then
 * revises it with the critique in the conversation. No score and no early stop but a revision that changes nothing;
 * an empty critique is feedback it failed to give, and the answer it was about stands (`no-feedback`).
 */
export default defineStrategy({
  name: 'critique-revise',
  feedback: 'self-critique',
  options: z
    .strictObject({
      rounds: z.number().int().min(1).max(20).default(2).describe('Revisions, each after one critique'),
      principles: z
        .array(z.string().trim().min(1))
        .min(1)
        .optional()
        .describe('Principles in the order rounds use them; unset, the shipped list (prompts/<language>/principles.md)'),
    })
    .describe('Constitutional AI\'s critique → revision (Bai et al. 2022): each round the model critiques its answer against one principle, then revises it'),
  kinds: ['code', 'open'],
  maxCalls: ({ rounds }) => 1 + 2 * rounds,
  async solve(ctx, options) {
    const principles = options.principles ?? ctx.prompts.principles();
    let answer = await ctx.generate(ctx.prompts.initial());
    for (let round = 0; round < options.rounds; round++) {
      const critiquing = ctx.prompts.critique(answer, principles[round % principles.length]!);
      const critique = await ctx.comment('critique', critiquing, answer);
      if (critique === '') {
        ctx.note(`the critique of attempt ${answer.attempt.iteration} was empty: the answer it was about stands`);
        return ctx.stop('no-feedback');
      }
      const previous = answer;
      answer = await ctx.generate(ctx.prompts.critiqueRevise(critiquing, critique));
      if (sameCode(previous.attempt.code, answer.attempt.code)) return ctx.stop('no-change');
    }
    return ctx.stop('max-iterations');
  },
});
