import { z } from 'zod';

/** Options every provider understands; provider-specific ones pass through to the server. */
const sharedOptions = {
  temperature: z.number().min(0).max(2).optional(),
  seed: z.number().int().optional(),
  top_p: z.number().min(0).max(1).optional(),
};

const common = {
  model: z.string().min(1),
  /** Per-call timeout; local models can be slow, so the default is long. */
  timeoutMs: z.number().int().positive().default(600_000),
  /** Calls in flight at once on this model's endpoint (Ollama serves one at a time unless configured). */
  concurrency: z.number().int().positive().optional(),
};

export const ollamaModelSchema = z.strictObject({
  provider: z.literal('ollama'),
  ...common,
  /** Defaults to OLLAMA_HOST, then http://127.0.0.1:11434. */
  host: z.string().url().optional(),
  options: z
    .looseObject({
      ...sharedOptions,
      num_ctx: z.number().int().positive().optional(),
      num_predict: z.number().int().optional(),
    })
    .default({}),
  /** Ollama's keep_alive: how long the model stays loaded after a call (`30m`, `-1`, seconds). */
  keepAlive: z.union([z.string(), z.number()]).optional(),
  /** For reasoning models: ask Ollama to return thinking separately. */
  think: z.boolean().optional(),
});

export const openaiModelSchema = z.strictObject({
  provider: z.literal('openai'),
  ...common,
  /** Defaults to OPENAI_BASE_URL, then https://api.openai.com/v1. */
  baseURL: z.string().url().optional(),
  /** Defaults to OPENAI_API_KEY; local servers accept any value. */
  apiKey: z.string().optional(),
  options: z
    .looseObject({
      ...sharedOptions,
      max_tokens: z.number().int().positive().optional(),
    })
    .default({}),
});

/** Planted properties of the simulated model; the metrics must recover them. */
export const simulatedModelSchema = z.strictObject({
  provider: z.literal('simulated'),
  ...common,
  options: z.strictObject({ ...sharedOptions }).default({}),
  /** P(first answer correct). */
  accuracy: z.number().min(0).max(1).default(0.6),
  /** Per retry: P(a wrong answer becomes right). */
  fixRate: z.number().min(0).max(1).default(0.3),
  /** Per retry: P(a right answer becomes wrong). */
  breakRate: z.number().min(0).max(1).default(0.05),
  /** Judge score distributions (0–10, normal, clipped) for correct and incorrect code. */
  judgeScore: z
    .strictObject({
      correct: z.strictObject({ mean: z.number(), sd: z.number().min(0) }).default({ mean: 7.5, sd: 1.2 }),
      incorrect: z.strictObject({ mean: z.number(), sd: z.number().min(0) }).default({ mean: 5, sd: 1.5 }),
    })
    .default({ correct: { mean: 7.5, sd: 1.2 }, incorrect: { mean: 5, sd: 1.5 } }),
  /** Extra points when it judges an answer it wrote itself. */
  selfBonus: z.number().default(0),
  /** P(a judge reply is not parseable JSON). */
  judgeFormatErrorRate: z.number().min(0).max(1).default(0),
  /** Simulated latency per call in ms (spent for real, so timings are exercised). */
  latencyMs: z.number().min(0).default(0),
});

export const modelSpecSchema = z.discriminatedUnion('provider', [
  ollamaModelSchema,
  openaiModelSchema,
  simulatedModelSchema,
]);

export type OllamaModelSpec = z.infer<typeof ollamaModelSchema>;
export type OpenAIModelSpec = z.infer<typeof openaiModelSchema>;
export type SimulatedModelSpec = z.infer<typeof simulatedModelSchema>;
export type ModelSpec = z.infer<typeof modelSpecSchema>;
