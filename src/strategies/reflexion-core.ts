import { z } from 'zod';
import { maxIterationsOption } from './loop-options.js';
import { testFeedbackLoop, type FeedbackCheck } from './test-feedback.js';
import type { StrategyContext, Trajectory } from './types.js';

export const reflexionOptions = {
  maxIterations: maxIterationsOption,
  // The paper used 1 for programming tasks.
  memoryWindow: z.number().int().min(1).max(10).default(1).describe('Reflections kept in memory, the latest last'),
};

export interface ReflexionSettings {
  maxIterations: number;
  memoryWindow: number;
}

/**
 * Reflexion (Shinn et al., 2023): generate → run the feedback tests → stop when they
 * pass → otherwise write a verbal reflection on why the code failed, keep it in a
 * bounded memory, and regenerate from the previous code, the test feedback and the memory.
 */
export function reflexionLoop(ctx: StrategyContext, settings: ReflexionSettings, check: FeedbackCheck): Promise<Trajectory> {
  const memory: string[] = [];
  return testFeedbackLoop(ctx, settings.maxIterations, check, async (answer, run) => {
    memory.push(await ctx.comment('reflect', ctx.prompts.reflect(answer, run), answer));
    return ctx.prompts.reflexionRevise(answer, run, memory.slice(-settings.memoryWindow));
  });
}
