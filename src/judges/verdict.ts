/**
 * A judge's rubric verdict on one answer, and the schema the judge is asked to fill in.
 *
 * The zod schema is the single source: the parser validates replies with it and the JSON Schema
 * sent as structured-output `format` is generated from it, so the two cannot drift.
 */
import { z } from 'zod';

const rubricScore = z.number().min(0).max(10);

/** The rubric's criteria unless a config names others. */
export const defaultCriteria = ['completeness', 'correctness', 'best_practices', 'error_handling'] as const;

/** How a config names rubric criteria (loop strategies and the panel alike). */
export const criteriaOption = z
  .array(z.string().regex(/^\w+$/, 'criteria are single words'))
  .nonempty()
  .default([...defaultCriteria])
  .describe('The rubric\'s criteria, single words, each scored 0–10 beside the overall score');

function buildRubricSchema(criteria: readonly string[]) {
  return z.object({
    overall: rubricScore,
    criteria: z.object(Object.fromEntries(criteria.map((name) => [name, rubricScore]))),
    issues: z.array(z.string()),
    suggestions: z.array(z.string()),
    assessment: z.string(),
  });
}

// A run asks with one or two criteria lists thousands of times: each schema (and zod's compiled parser in it) is built once.
const rubricSchemas = new Map<string, ReturnType<typeof buildRubricSchema>>();
const rubricJsonSchemas = new Map<string, Readonly<Record<string, unknown>>>();

/** The rubric exactly as the judge is asked to write it. */
export function rubricSchema(criteria: readonly string[]): ReturnType<typeof buildRubricSchema> {
  const key = criteria.join('\u0000');
  let schema = rubricSchemas.get(key);
  if (schema === undefined) rubricSchemas.set(key, (schema = buildRubricSchema(criteria)));
  return schema;
}

/** Plain JSON Schema for Ollama's `format` and OpenAI's `response_format.json_schema.schema`. */
export function rubricJsonSchema(criteria: readonly string[]): Readonly<Record<string, unknown>> {
  const key = criteria.join('\u0000');
  let schema = rubricJsonSchemas.get(key);
  if (schema === undefined) rubricJsonSchemas.set(key, (schema = plainJsonSchema(rubricSchema(criteria))));
  return schema;
}

/**
 * A zod schema as the JSON Schema a provider is sent: the `$schema` dialect marker dropped, as providers expect the bare
 * object. Frozen, deeply: callers share one copy.
 */
export function plainJsonSchema(schema: z.ZodType): Readonly<Record<string, unknown>> {
  const { $schema: _dialect, ...plain } = z.toJSONSchema(schema);
  return deepFreeze(plain);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
