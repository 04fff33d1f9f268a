import { z } from 'zod';
import { criteriaOption } from '../judges/verdict.js';
import { maxIterationsOption } from './loop-options.js';
import type { StrategyContext, Trajectory } from './types.js';

/** Options shared by every judge-driven loop. */
export const judgeLoopOptions = {
  // The blog post used 7.5, and also tried 9.
  threshold: z.number().min(0).max(10).default(7.5).describe('Stop once the overall score (0–10) reaches this'),
  maxIterations: maxIterationsOption,
  criteria: criteriaOption,
  judgeRetries: z.number().int().min(0).max(5).default(1).describe('Re-asks after an unparseable verdict; if it still fails, the trial stops with judge-error'),
};

export interface JudgeLoopSettings {
  threshold: number;
  maxIterations: number;
  criteria: readonly string[];
  judgeRetries: number;
}

/**
 * Generate → judge with the rubric → stop at the threshold or the iteration cap →
 * otherwise regenerate with the judge's issues and suggestions. Who judges is the only
 * difference between self-reflection (the generator itself) and judge-loop (another model).
 */
export async function judgeLoop(ctx: StrategyContext, settings: JudgeLoopSettings, judgeModel: string): Promise<Trajectory> {
  let answer = await ctx.generate(ctx.prompts.initial());
  for (let iteration = 1; ; iteration++) {
    const verdict = await ctx.judge(answer, judgeModel, { criteria: settings.criteria, retries: settings.judgeRetries });
    if (verdict.score === undefined) return ctx.stop('judge-error');
    if (verdict.score >= settings.threshold) return ctx.stop('threshold-met');
    if (iteration >= settings.maxIterations) return ctx.stop('max-iterations');
    const previous = answer;
    answer = await ctx.generate(ctx.prompts.revise(answer, verdict));
    if (sameCode(previous.attempt.code, answer.attempt.code)) return ctx.stop('no-change');
  }
}

/** The model returned what it returned before: at this temperature a further retry cannot help. */
export function sameCode(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const normalise = (code: string) => code.replace(/[ \t]+$/gm, '').trim();
  return normalise(a) === normalise(b);
}

/** Generations plus judge calls (with every allowed re-ask). */
export function judgeLoopMaxCalls({ maxIterations, judgeRetries }: JudgeLoopSettings): number {
  return maxIterations + maxIterations * (1 + judgeRetries);
}
