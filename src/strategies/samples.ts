import { z } from 'zod';
import type { Answer } from './answer.js';
import { SAMPLE_TEMPERATURE, type StrategyContext, type Trajectory } from './types.js';

/** Options of every strategy that draws independent samples. */
export const sampleOptions = {
  n: z.number().int().min(2).max(16).default(4).describe('Samples, the first answer included'),
  temperature: z.number().min(0).max(2).default(SAMPLE_TEMPERATURE).describe('Temperature of the samples after the first'),
};

/**
 * `n` independent samples of the first prompt, in flight together: sample 0 is every strategy's shared first
 * answer (one cached call), the others are drawn at `temperature`, each with its own seed.
 */
export function drawSamples(ctx: StrategyContext, n: number, temperature: number): Promise<Answer[]> {
  return Promise.all(Array.from({ length: n }, (_, sample) => ctx.generate(ctx.prompts.initial(), sample === 0 ? {} : { sample, temperature })));
}

/** The sample's place among the trial's attempts (numbered from 1 in the order their calls started). */
export function finalIndexOf(answer: Answer): number {
  return answer.attempt.iteration - 1;
}

/** Nothing to pick a sample by (no verdict, no usable test): the shared first answer stands, and the note says why. */
export function firstAnswerStands(ctx: StrategyContext, samples: readonly Answer[], why: string): Trajectory {
  ctx.note(`${why}: nothing to pick by, so the first answer stands`);
  return ctx.stop('no-feedback', finalIndexOf(samples[0]!));
}
