import { z } from 'zod';
import { judgeLoop, judgeLoopMaxCalls, judgeLoopOptions } from './judge-loop-core.js';
import { defineStrategy } from './types.js';

/** AI-as-a-Judge: the self-reflection loop, scored by a separate judge model. */
export default defineStrategy({
  name: 'judge-loop',
  feedback: 'cross-judge',
  options: z.strictObject({
    ...judgeLoopOptions,
    /** Config name of the judge model. */
    judge: z.string(),
  }),
  kinds: ['code', 'open'],
  maxCalls: judgeLoopMaxCalls,
  stopThreshold: (options) => options.threshold,
  modelRefs: (options) => [{ path: 'judge', model: options.judge }],
  async solve(ctx, options) {
    // Judged by itself, this would be self-reflection under a cross-judge label.
    if (options.judge === ctx.generator) {
      ctx.note(`judge-loop skipped: the judge "${options.judge}" is the generator (that is self-reflection)`);
      return ctx.stop('skipped');
    }
    return judgeLoop(ctx, options, options.judge);
  },
});
