import { z } from 'zod';
import { strategyRegistry } from '../strategies/registry.js';
import type { StrategyDefinition } from '../strategies/types.js';
import { isRecord } from '../util/is-record.js';
import { configSchema, strategyEntryFields } from './schema.js';

export type JsonSchema = z.core.JSONSchema.JSONSchema;

let built: JsonSchema | undefined;

/**
 * The config's JSON Schema, as `bench schema` prints it and docs/config.md is generated from: the zod schema's, with
 * each strategy's own options in place of the open `{ id, use, ... }` entry the zod schema checks them through.
 * Built once, when first needed: config errors read it for the keys a misspelt one may have meant.
 */
export function configJsonSchema(): JsonSchema {
  built ??= buildConfigJsonSchema();
  return built;
}

function buildConfigJsonSchema(): JsonSchema {
  const { $schema, ...schema } = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  const strategies = schema.properties?.strategies as JsonSchema;
  const named = z.toJSONSchema(strategyEntryFields.use, { io: 'input' });
  const entries: JsonSchema[] = [
    { ...plain(named), enum: [...strategyRegistry.keys()] },
    ...[...strategyRegistry.values()].map(strategyEntryJsonSchema),
  ];
  return {
    $schema,
    title: 'selfbench config',
    ...schema,
    properties: { ...schema.properties, strategies: { ...strategies, items: { anyOf: entries } } },
  };
}

/** `{ use: <name>, id?, ...the strategy's options }`, described by the strategy's own option schema. */
function strategyEntryJsonSchema(definition: StrategyDefinition): JsonSchema {
  const options = plain(z.toJSONSchema(definition.options, { io: 'input' }));
  const use = z.literal(definition.name).describe(strategyEntryFields.use.description ?? '');
  const entry = plain(z.toJSONSchema(z.strictObject({ ...strategyEntryFields, use }), { io: 'input' }));
  return {
    ...options,
    properties: { ...entry.properties, ...options.properties },
    required: [...(entry.required ?? []), ...(options.required ?? [])],
  };
}

function plain({ $schema: _dialect, ...schema }: JsonSchema): JsonSchema {
  return schema;
}

/**
 * The keys the object at `path` may hold, for suggesting one in place of an unknown key: its properties (or the
 * names its keys must be), over every alternative that fits what `data` holds there (a model's `provider`, a
 * strategy's `use`).
 */
export function knownKeys(schema: JsonSchema, path: readonly PropertyKey[], data: unknown): string[] {
  const here = alternatives(schema).filter((option) => fits(option, data));
  if (path.length === 0) {
    return [...new Set(here.flatMap((option) => [...Object.keys(option.properties ?? {}), ...namesOf(option.propertyNames)]))];
  }
  const [key, ...rest] = path;
  const value = isRecord(data) || Array.isArray(data) ? (data as Record<PropertyKey, unknown>)[key as string] : undefined;
  return here.flatMap((option) => {
    const next = typeof key === 'number' ? option.items : (option.properties?.[String(key)] ?? option.additionalProperties);
    return typeof next === 'object' && !Array.isArray(next) ? knownKeys(next, rest, value) : [];
  });
}

/** The schema's alternatives (anyOf, oneOf), flattened: the schema itself when it has none. */
export function alternatives(schema: JsonSchema): JsonSchema[] {
  const options = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  return options.length === 0 ? [schema] : options.flatMap(alternatives);
}

/** Whether `data` agrees with the option's fixed values (`const`: a model's `provider`, a strategy's `use`). */
function fits(option: JsonSchema, data: unknown): boolean {
  if (!isRecord(data)) return true;
  return Object.entries(option.properties ?? {}).every(([key, property]) => {
    if (typeof property !== 'object' || property.const === undefined || data[key] === undefined) return true;
    return data[key] === property.const;
  });
}

function namesOf(propertyNames: JsonSchema['propertyNames']): string[] {
  return typeof propertyNames === 'object' ? (propertyNames.enum ?? []).map(String) : [];
}
