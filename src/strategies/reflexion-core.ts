import { z } from 'zod';
import { sameCode } from './judge-loop-core.js';
import type { StrategyContext, Trajectory } from './types.js';
import type { Answer } from './answer.js';
import type { TestRun } from '../records/attempt.js';

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

/** Runs the loop's feedback tests on an answer. */
export type FeedbackCheck = (answer: Answer) => Promise<TestRun>;

/**
 * Reflexion (Shinn et al., 2023): generate → run the feedback tests → stop when they
 * pass → otherwise write a verbal reflection on why the code failed, keep it in a
 * bounded memory, and regenerate from the previous code, the test feedback and the memory.
 */
export async function reflexionLoop(ctx: StrategyContext, settings: ReflexionSettings, check: FeedbackCheck): Promise<Trajectory> {
  const memory: string[] = [];
  let answer = await ctx.generate(ctx.prompts.initial());
  for (let iteration = 1; ; iteration++) {
    const run = await check(answer);
    if (run.passed) return ctx.stop('tests-passed');
    if (iteration >= settings.maxIterations) return ctx.stop('max-iterations');
    memory.push(await ctx.reflect(ctx.prompts.reflect(answer, run), answer));
    const previous = answer;
    answer = await ctx.generate(ctx.prompts.reflexionRevise(answer, run, memory.slice(-settings.memoryWindow)));
    if (sameCode(previous.attempt.code, answer.attempt.code)) return ctx.stop('no-change');
  }
}

/** Generations plus one reflection between each two. */
export function reflexionMaxCalls({ maxIterations }: ReflexionSettings): number {
  return 2 * maxIterations - 1;
}
