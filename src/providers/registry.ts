import { z } from 'zod';
import type { ProviderDefinition, ProviderDeps } from './define-provider.js';
import type { ContextWindow } from './prompt-budget.js';
import llamaCpp from './llama-cpp.js';
import ollama from './ollama.js';
import openai from './openai.js';
import simulated from './simulated.js';
import type { Provider } from './types.js';

/** Every provider a config can name; a new provider is one file plus one entry here. The order is the union's, seen in its messages. */
const providers = [ollama, openai, llamaCpp, simulated] as const;

type Specs<T extends readonly ProviderDefinition[]> = { -readonly [I in keyof T]: T[I]['spec'] };
// `map` over a tuple gives an array to TypeScript; the tuple of spec schemas is what the union needs to type each member.
const specs = providers.map((provider) => provider.spec) as Specs<typeof providers>;

/** A `models.<name>` entry: the provider's name picks its schema. */
export const modelSpecSchema = z.discriminatedUnion('provider', specs);
export type ModelSpec = z.output<typeof modelSpecSchema>;

const byKind = new Map<string, ProviderDefinition>(providers.map((provider) => [provider.kind, provider]));

/** The definition of a spec's provider: found by the `provider` its schema fixed, so it accepts this spec. */
function definitionOf(spec: ModelSpec): ProviderDefinition {
  const definition = byKind.get(spec.provider);
  if (!definition) throw new Error(`no provider "${spec.provider}"`);
  return definition;
}

/** A client per server of the model: one, or one per server its spec lists. */
export function createProviders(name: string, spec: ModelSpec, deps: ProviderDeps): [Provider, ...Provider[]] {
  const definition = definitionOf(spec);
  const [first, ...rest] = (definition.perEndpoint?.(spec) ?? [spec]).map((one) => definition.create(name, one, deps));
  if (first === undefined) throw new Error(`model "${name}" lists no server`);
  return [first, ...rest];
}

/** The model's context window, where the config or the server's known default says it. */
export function contextWindowOf(spec: ModelSpec): ContextWindow | undefined {
  return definitionOf(spec).contextWindow?.(spec);
}

/** The output cap the model's own options set, if they set one. */
export function outputCapOf(spec: ModelSpec): number | undefined {
  return definitionOf(spec).outputCap?.(spec);
}

/** What the model needs that this machine lacks (a file, a package), each `field: problem` within its entry. */
export function missingFor(spec: ModelSpec): string[] {
  return definitionOf(spec).missing?.(spec) ?? [];
}

/** The sampling options the model's entry sets (run.json records them); a provider whose schema has none: none. */
export function modelOptionsOf(spec: ModelSpec): Record<string, unknown> {
  return 'options' in spec ? spec.options : {};
}

/** Whether the model's answers are planted rather than a model's. */
export function isSimulated(spec: ModelSpec): boolean {
  return definitionOf(spec).simulated === true;
}
