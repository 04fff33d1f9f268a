/** Command-line settings that win over the config file; applied to the plain data before validation, so errors still name fields. */
export interface ConfigOverrides {
  limit?: number;
  /** A regular expression on task ids: `dataset.pattern`. */
  filterPattern?: string;
  /** Repetitions of each trial, each with its own seed: `repeats`. */
  repeat?: number;
  concurrency?: number;
  out?: string;
  /** commander's `--no-cache` sets `cache: false`. */
  cache?: boolean;
  sandbox?: string;
  /** `--shard i/n`: one part of the tasks (`dataset.shard`). */
  shard?: string;
}

export function applyOverrides(data: unknown, overrides: ConfigOverrides): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const config = { ...(data as Record<string, unknown>) };
  const selection = {
    ...(overrides.limit === undefined ? {} : { limit: overrides.limit }),
    ...(overrides.filterPattern === undefined ? {} : { pattern: overrides.filterPattern }),
  };
  if (Object.keys(selection).length > 0) {
    const dataset = typeof config.dataset === 'object' && config.dataset !== null ? config.dataset : {};
    config.dataset = { ...dataset, ...selection };
  }
  if (overrides.shard !== undefined) {
    const dataset = typeof config.dataset === 'object' && config.dataset !== null ? config.dataset : {};
    config.dataset = { ...dataset, shard: overrides.shard };
  }
  if (overrides.repeat !== undefined) config.repeats = overrides.repeat;
  if (overrides.concurrency !== undefined) config.concurrency = overrides.concurrency;
  if (overrides.out !== undefined) config.output = { ...(config.output as object | undefined), dir: overrides.out };
  if (overrides.sandbox !== undefined) config.execution = { ...(config.execution as object | undefined), sandbox: overrides.sandbox };
  if (overrides.cache === false) config.cache = { ...(config.cache as object | undefined), enabled: false };
  return config;
}
