import { z } from 'zod';
import type { Answer } from './answer.js';
import { sameCode } from './judge-loop-core.js';
import { maxIterationsOption } from './loop-options.js';
import { readFeedback } from './self-refine-feedback.js';
import { defineStrategy } from './types.js';

/**
 * Self-Refine (Madaan et al. 2023): the same model gives feedback on its answer, then refines the answer with it,
 * until the feedback itself says nothing is left to fix (`feedback-stop`, the paper's stop rule; no numeric
 * threshold, which is what sets it apart from self-reflection) or the cap. The refine prompt shows the earlier
 * rounds' answers and feedback, as in the paper, up to `historyWindow` of them. Feedback that cannot be read (see
 * self-refine-feedback.ts) is feedback the model failed to give: the loop stops with `no-feedback`, and the answer
 * the feedback was about stands — the first answer on the first round, the latest revision after.
 */
export default defineStrategy({
  name: 'self-refine',
  feedback: 'self-critique',
  options: z
    .strictObject({
      maxIterations: maxIterationsOption,
      // The paper shows all.
      historyWindow: z.number().int().min(1).max(10).default(3).describe('Earlier rounds (answer and feedback) the refine prompt shows, the latest last'),
    })
    .describe('Self-Refine (Madaan et al. 2023): the model gives feedback on its answer and refines it, until its feedback says nothing is left to fix or the cap'),
  kinds: ['code', 'open'],
  // Feedback on every generation, the last included: it decides between feedback-stop and max-iterations.
  maxCalls: ({ maxIterations }) => 2 * maxIterations,
  async solve(ctx, options) {
    const rounds: { answer: Answer; feedback: string }[] = [];
    let answer = await ctx.generate(ctx.prompts.initial());
    for (let iteration = 1; ; iteration++) {
      const feedback = readFeedback(await ctx.comment('feedback', ctx.prompts.feedback(answer), answer));
      if (feedback === undefined) {
        ctx.note(`the feedback on attempt ${answer.attempt.iteration} could not be read (no one DECISION line, or REFINE with no feedback): the answer it was about stands`);
        return ctx.stop('no-feedback');
      }
      if (feedback.stop) return ctx.stop('feedback-stop');
      if (iteration >= options.maxIterations) return ctx.stop('max-iterations');
      rounds.push({ answer, feedback: feedback.feedback });
      const previous = answer;
      answer = await ctx.generate(ctx.prompts.refine(rounds.slice(-options.historyWindow)));
      if (sameCode(previous.attempt.code, answer.attempt.code)) return ctx.stop('no-change');
    }
  },
});
