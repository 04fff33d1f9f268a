import { z } from 'zod';
import { judgeLoop, judgeLoopMaxCalls, judgeLoopOptions } from './judge-loop-core.js';
import { defineStrategy } from './types.js';

export default defineStrategy({
  name: 'judge-loop',
  feedback: 'cross-judge',
  options: z
    .strictObject({ ...judgeLoopOptions, judge: z.string().describe('The judge: a model defined under `models`, not a generator') })
    .describe('AI-as-a-Judge: the self-reflection loop, scored by a separate judge model'),
  kinds: ['code', 'open'],
  maxCalls: judgeLoopMaxCalls,
  stopThreshold: (options) => options.threshold,
  // Judged by itself, this would be self-reflection under a cross-judge label: config refuses a generator here.
  modelRefs: (options) => [{ path: 'judge', model: options.judge, notAGenerator: true }],
  solve: (ctx, options) => judgeLoop(ctx, options, options.judge),
});
