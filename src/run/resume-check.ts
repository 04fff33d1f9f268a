import { isDeepStrictEqual } from 'node:util';
import { configSchema } from '../config/schema.js';
import { isRecord } from '../util/is-record.js';

/** Settings that change how fast a run goes or where it writes, not what a trial is. */
export const mayChange: ReadonlySet<string> = new Set(['concurrency', 'trialWindow', 'output', 'execution.concurrency', 'cache', 'scheduling', 'execution.sandbox', 'execution.pool']);

/**
 * Where `given` differs from the config a run was started with, in ways that would mix
 * incomparable trials in one run (models, options, dataset, prompts, strategies…). Both
 * are compared after validation, so a default written out is no difference.
 */
export function resumeDifferences(stored: unknown, given: unknown): string[] {
  return configDifferences(stored, given, mayChange, ['the run', '--config']);
}

/**
 * Where two configs differ, after validation, outside the fields `ignored` names; each line says which side has what
 * (`labels`: how to call the two sides).
 */
export function configDifferences(a: unknown, b: unknown, ignored: ReadonlySet<string>, labels: readonly [string, string]): string[] {
  return differences(configSchema.parse(a), configSchema.parse(b), '', ignored, labels);
}

function differences(before: unknown, after: unknown, path: string, ignored: ReadonlySet<string>, labels: readonly [string, string]): string[] {
  if (ignored.has(path)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => differences(before[key], after[key], path === '' ? key : `${path}.${key}`, ignored, labels));
  }
  if (isDeepStrictEqual(before, after)) return [];
  return [`${path}: ${show(before)} in ${labels[0]}, ${show(after)} in ${labels[1]}`];
}

function show(value: unknown): string {
  return value === undefined ? '(not set)' : JSON.stringify(value);
}
