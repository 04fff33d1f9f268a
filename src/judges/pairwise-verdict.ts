/**
 * What a pairwise judge is asked to write. The zod schema is the single source: the parser validates replies with it
 * and the JSON Schema sent as structured output is generated from it, so the two cannot drift.
 */
import { z } from 'zod';
import { plainJsonSchema } from './verdict.js';

/** The answer shown first is A, the other B. */
export const pairwiseChoiceSchema = z.object({
  winner: z.enum(['A', 'B', 'tie']),
  reason: z.string(),
});

export type PairwiseChoice = z.infer<typeof pairwiseChoiceSchema>;

/** Plain JSON Schema for Ollama's `format` and OpenAI's `response_format.json_schema.schema`. */
const pairwiseJson = plainJsonSchema(pairwiseChoiceSchema);
export const pairwiseJsonSchema = (): Readonly<Record<string, unknown>> => pairwiseJson;
