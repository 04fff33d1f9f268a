import { specPerEndpoint } from './define-provider.js';
import { ollamaHostOf, ollamaTag } from './ollama.js';
import type { ModelSpec } from './registry.js';

/** One model tag on one Ollama server, asked with more than one context window: by which config names, with which `num_ctx` (undefined: the server's default). */
export interface NumCtxConflict {
  endpoint: string;
  model: string;
  uses: { name: string; numCtx: number | undefined }[];
}

/**
 * Where the config asks one Ollama server for one model with two different `options.num_ctx`. Ollama sizes a loaded
 * model's memory for its context, so a call with another `num_ctx` reloads it, and calls that alternate between the
 * two reload it every time. An unset `num_ctx` is the server's default, which counts as a value of its own: it
 * differs from most explicit ones. Pure over the config's models (`env` for OLLAMA_HOST), in the order given.
 */
export function numCtxConflicts(models: Iterable<readonly [string, ModelSpec]>, env: NodeJS.ProcessEnv): NumCtxConflict[] {
  const groups = new Map<string, NumCtxConflict>();
  for (const [name, spec] of models) {
    if (spec.provider !== 'ollama') continue;
    for (const one of specPerEndpoint(spec, 'host')) {
      const endpoint = ollamaHostOf(one, env);
      const model = ollamaTag(spec.model);
      const key = `${endpoint}\u0000${model}`;
      const group = groups.get(key) ?? { endpoint, model, uses: [] };
      group.uses.push({ name, numCtx: spec.options.num_ctx });
      groups.set(key, group);
    }
  }
  return [...groups.values()].filter((group) => new Set(group.uses.map((use) => use.numCtx)).size > 1);
}
