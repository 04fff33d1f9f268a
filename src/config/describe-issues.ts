import type { z } from 'zod';
import { closestName, didYouMean, meant } from '../util/did-you-mean.js';
import { isRecord } from '../util/is-record.js';
import { knownKeys, type JsonSchema } from './config-json-schema.js';

/** `['strategies', 1, 'threshold']` → `strategies[1].threshold`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

/** What the issues are about: the whole config as read, and its JSON Schema (where an unknown key finds the known ones). */
export interface IssueContext {
  data: unknown;
  schema: JsonSchema;
  /** Where the issues' paths start in the config (a strategy's options are checked on their own). */
  prefix?: readonly PropertyKey[];
}

/**
 * One line per problem, each naming its field. An unknown key close to a known one says which (`stratgies: unknown
 * key; did you mean "strategies"?`), and that key's own "required" is then left out: it is the same mistake.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], context: IssueContext): string[] {
  const located = issues.map((issue) => ({ issue, path: [...(context.prefix ?? []), ...issue.path] }));
  const meantFields = new Set<string>();
  const lines = located.map(({ issue, path }) => {
    if (issue.code === 'unrecognized_keys') {
      const here = valueAt(context.data, path);
      const present = isRecord(here) ? Object.keys(here) : [];
      const known = knownKeys(context.schema, path, context.data).filter((key) => !present.includes(key));
      return issue.keys.map((key) => {
        const guess = closestName(key, known);
        if (guess !== undefined) meantFields.add(formatPath([...path, guess]));
        return `${formatPath([...path, key])}: unknown key${meant(guess)}`;
      });
    }
    return [`${formatPath(path) || '(root)'}: ${describeIssue(issue, valueAt(context.data, path), path)}`];
  });
  return located.flatMap(({ issue, path }, index) => (isMissing(issue, valueAt(context.data, path)) && meantFields.has(formatPath(path)) ? [] : (lines[index] ?? [])));
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown, path: readonly PropertyKey[]): string {
  if (isMissing(issue, value)) return 'required';
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined) {
    const known = issue.options.map(String);
    if (value === undefined) return `required: one of ${known.join(', ')}`;
    const noun = String(path.at(-1) ?? issue.discriminator);
    return `unknown ${noun} ${JSON.stringify(value)}${didYouMean(String(value), known)} (known: ${known.join(', ')})`;
  }
  if (issue.code === 'invalid_key') return issue.issues.map((inner) => inner.message).join('; ') || issue.message;
  return issue.message;
}

/** A value of the wrong type that is no value at all: a required key left out. */
function isMissing(issue: z.core.$ZodIssue, value: unknown): boolean {
  return issue.code === 'invalid_type' && value === undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined), data);
}
