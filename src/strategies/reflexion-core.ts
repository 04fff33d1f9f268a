import { z } from 'zod';
import { testFeedbackLoop, type FeedbackCheck } from './test-feedback.js';
import type { StrategyContext, Trajectory } from './types.js';

export const reflexionOptions = {
  /** Generations, the first included. */
  maxIterations: z.number().int().min(1).max(20).default(3),
  /** Reflections kept in memory; the paper used 1 for programming tasks. */
  memoryWindow: z.number().int().min(1).max(10).default(1),
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
