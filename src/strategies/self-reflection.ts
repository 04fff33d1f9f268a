import { z } from 'zod';
import { judgeLoop, judgeLoopMaxCalls, judgeLoopOptions } from './judge-loop-core.js';
import { defineStrategy } from './types.js';

export default defineStrategy({
  name: 'self-reflection',
  feedback: 'self-judge',
  options: z.strictObject(judgeLoopOptions).describe('The model scores its own answer with a JSON rubric and retries until the threshold or the cap'),
  kinds: ['code', 'open'],
  maxCalls: judgeLoopMaxCalls,
  stopThreshold: (options) => options.threshold,
  solve: (ctx, options) => judgeLoop(ctx, options, ctx.generator),
});
