/**
 * What a self-recognition judge is asked to write. The zod schema is the single source: the parser validates replies
 * with it and the JSON Schema sent as structured output is generated from it, so the two cannot drift.
 */
import { z } from 'zod';
import { plainJsonSchema } from './verdict.js';

/** The answer shown first is A, the other B. A forced choice, so guessing scores 50%. */
export const recognitionChoiceSchema = z.object({
  wrote: z.enum(['A', 'B']),
  reason: z.string(),
});

export type RecognitionChoice = z.infer<typeof recognitionChoiceSchema>;

/** Plain JSON Schema for Ollama's `format` and OpenAI's `response_format.json_schema.schema`. */
const recognitionJson = plainJsonSchema(recognitionChoiceSchema);
export const recognitionJsonSchema = (): Readonly<Record<string, unknown>> => recognitionJson;
