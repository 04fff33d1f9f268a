import { z } from 'zod';
import type { ContextWindow } from './prompt-budget.js';
import type { SimulatedGpu } from './simulated-gpu.js';
import type { SimulationOracle } from './simulated-task.js';
import type { Provider } from './types.js';

/** What the run hands every provider's factory; real providers use `env` only. */
export interface ProviderDeps {
  env: NodeJS.ProcessEnv;
  /** What the simulated model knows about the tasks. */
  oracle: SimulationOracle;
  /** The one GPU the simulated models share. */
  gpu: SimulatedGpu;
}

/** Options every provider understands; provider-specific ones pass through to the server. */
export const sharedOptions = {
  temperature: z.number().min(0).max(2).optional().describe('Sampling temperature of every call that sets none itself (samples of best-of-n set theirs)'),
  seed: z.number().int().optional().describe('Sampling seed of calls that set none (each trial sets its own)'),
  top_p: z.number().min(0).max(1).optional().describe('Nucleus sampling: keep the likeliest tokens up to this probability'),
};

/** A spec's `provider` field, which names the provider and so picks the schema of the rest. */
export function providerKind<Kind extends string>(kind: Kind) {
  return z.literal(kind).describe('Who serves the model: it decides the other fields');
}

/** Fields of every `models.<name>` entry. */
export const commonSpec = {
  model: z.string().min(1).describe('The model\'s name on its server (`qwen2.5-coder:7b`)'),
  // Local models can be slow, so the default is long.
  timeoutMs: z.number().int().positive().default(600_000).describe('Per-call timeout, in ms'),
  slots: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      'Calls in flight at once on this model\'s endpoint. Unset: what the server reports (llama-server\'s `total_slots`), else the run\'s `concurrency`, else 1 for Ollama (it does not report its parallelism) and 4 for others',
    ),
  concurrency: z.number().int().positive().optional().meta({ deprecated: true, description: 'The old name of `slots`, still accepted (with a notice)' }),
};

/**
 * The server field of a model (`host`, `baseURL`), which may list several servers of the same model — several Ollama
 * hosts, the replicas of a data-parallel vLLM — each scheduled with its own slots and loaded model.
 */
export function endpointField(description: string) {
  return z.union([z.string().url(), z.array(z.string().url()).nonempty()]).optional().describe(description);
}

/** One spec per server its `field` lists; the spec itself when it names one or none. */
export function specPerEndpoint<Spec extends Record<string, unknown>>(spec: Spec, field: keyof Spec): Spec[] {
  const value = spec[field];
  return Array.isArray(value) ? value.map((endpoint: unknown) => ({ ...spec, [field]: endpoint })) : [spec];
}

/** The one server of a spec split by `specPerEndpoint`. */
export function singleEndpoint(value: string | readonly string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value as string | undefined;
  if (value.length !== 1) throw new Error(`one endpoint expected here, not ${value.length} (split the spec first)`);
  return value[0];
}

/** A provider's `models.<name>` schema: a strict object whose `provider` is the provider's name. */
type SpecSchema<Kind extends string = string> = z.ZodObject<{ provider: z.ZodLiteral<Kind> } & z.ZodRawShape, z.core.$strict>;

/** One provider, whole: its config schema, its client, and what the run needs to know of it. */
export interface ProviderDefinition<Kind extends string = string, Schema extends SpecSchema<Kind> = SpecSchema<Kind>> {
  readonly kind: Kind;
  /** The `models.<name>` entry it accepts; the config's union of model specs is assembled from these. */
  readonly spec: Schema;
  create(name: string, spec: z.output<Schema>, deps: ProviderDeps): Provider;
  /** One spec per server the spec lists (`specPerEndpoint`), each made a provider of its own; absent: one server. */
  perEndpoint?(spec: z.output<Schema>): z.output<Schema>[];
  /** The model's context window, where the config says it or the server's default is known (then `assumed`). */
  contextWindow?(spec: z.output<Schema>): ContextWindow | undefined;
  /** The output cap the model's own options set; it overrides the defaults by call role (chat/output-caps.ts). */
  outputCap?(spec: z.output<Schema>): number | undefined;
  /**
   * What the spec needs that this machine lacks and its schema cannot see (a file, a package), each `field: problem`
   * within its `models.<name>` entry: config errors, found before any work.
   */
  missing?(spec: z.output<Schema>): string[];
  /** Its answers are planted, not a model's: reports say SIMULATED, and a switch costs a load only on a finite GPU. */
  readonly simulated?: boolean;
}

/** Checks a definition against its own spec schema, so `create`, `contextWindow` and `outputCap` see that provider's fields. */
export function defineProvider<Kind extends string, Schema extends SpecSchema<Kind>>(
  definition: ProviderDefinition<Kind, Schema>,
): ProviderDefinition<Kind, Schema> {
  return definition;
}
