import { isRecord } from '../util/is-record.js';

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
  if (!isRecord(data)) return data;
  const config = { ...data };
  const selection = {
    ...(overrides.limit === undefined ? {} : { limit: overrides.limit }),
    ...(overrides.filterPattern === undefined ? {} : { pattern: overrides.filterPattern }),
    ...(overrides.shard === undefined ? {} : { shard: overrides.shard }),
  };
  if (Object.keys(selection).length > 0) config.dataset = { ...(isRecord(config.dataset) ? config.dataset : {}), ...selection };
  if (overrides.repeat !== undefined) config.repeats = overrides.repeat;
  if (overrides.concurrency !== undefined) config.concurrency = overrides.concurrency;
  if (overrides.out !== undefined) config.output = { ...(config.output as object | undefined), dir: overrides.out };
  if (overrides.sandbox !== undefined) config.execution = { ...(config.execution as object | undefined), sandbox: overrides.sandbox };
  if (overrides.cache === false) config.cache = { ...(config.cache as object | undefined), enabled: false };
  return config;
}
