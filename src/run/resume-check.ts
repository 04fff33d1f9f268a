import { isDeepStrictEqual } from 'node:util';
import { configSchema } from '../config/schema.js';
import { isRecord } from '../util/is-record.js';

/** Settings that change how fast a run goes or where it writes, not what a trial is. */
const mayChange = new Set(['concurrency', 'trialWindow', 'output', 'execution.concurrency', 'cache', 'scheduling', 'execution.sandbox', 'execution.pool']);

/**
 * Where `given` differs from the config a run was started with, in ways that would mix
 * incomparable trials in one run (models, options, dataset, prompts, strategies…). Both
 * are compared after validation, so a default written out is no difference.
 */
export function resumeDifferences(stored: unknown, given: unknown): string[] {
  const before = configSchema.parse(stored);
  const after = configSchema.parse(given);
  return differences(before, after, '');
}

function differences(before: unknown, after: unknown, path: string): string[] {
  if (mayChange.has(path)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => differences(before[key], after[key], path === '' ? key : `${path}.${key}`));
  }
  if (isDeepStrictEqual(before, after)) return [];
  return [`${path}: ${show(before)} in the run, ${show(after)} in --config`];
}

function show(value: unknown): string {
  return value === undefined ? '(not set)' : JSON.stringify(value);
}
