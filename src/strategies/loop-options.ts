import { z } from 'zod';

/** The iteration cap of every loop that retries (judge loops, Reflexion, Self-Debug, Self-Refine). */
export const maxIterationsOption = z.number().int().min(1).max(20).default(3).describe('Generations, the first included: 3 means the first answer and at most two retries');
