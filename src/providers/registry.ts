import type { ModelSpec } from '../config/models.js';
import type { ContextWindow } from './gateway.js';
import { createOllamaProvider } from './ollama.js';
import { createOpenAIProvider } from './openai.js';
import { createSimulatedProvider } from './simulated.js';
import type { SimulatedGpu } from './simulated-gpu.js';
import type { SimulationOracle } from './simulated-task.js';
import type { Provider } from './types.js';

export interface ProviderDeps {
  env: NodeJS.ProcessEnv;
  /** What the simulated model knows about the tasks; unused by real providers. */
  oracle: SimulationOracle;
  /** The one GPU the simulated models share. */
  gpu: SimulatedGpu;
}

type Factories = {
  [Kind in ModelSpec['provider']]: (name: string, spec: Extract<ModelSpec, { provider: Kind }>, deps: ProviderDeps) => Provider;
};

/** Every provider a config can name; a new provider is one file plus one line here. */
const factories: Factories = {
  ollama: (_, spec, { env }) => createOllamaProvider(spec, env),
  openai: (_, spec, { env }) => createOpenAIProvider(spec, env),
  simulated: (name, spec, { oracle, gpu }) => createSimulatedProvider(name, spec, oracle, gpu),
};

/** Ollama's default context when `num_ctx` is not set (recent versions; older ones used 2048). */
const ollamaDefaultContext = 4096;

/** The prompt window to watch for silent truncation, where the provider has one we know. */
export function contextWindowOf(spec: ModelSpec): ContextWindow | undefined {
  if (spec.provider !== 'ollama') return undefined;
  const configured = spec.options.num_ctx;
  return configured === undefined ? { tokens: ollamaDefaultContext, assumed: true } : { tokens: configured, assumed: false };
}

export function createProvider(name: string, spec: ModelSpec, deps: ProviderDeps): Provider {
  const factory = factories[spec.provider] as (name: string, spec: ModelSpec, deps: ProviderDeps) => Provider;
  return factory(name, spec, deps);
}
