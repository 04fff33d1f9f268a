import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDocs } from '../../src/config/config-docs.js';
import { alternatives, configJsonSchema, type JsonSchema } from '../../src/config/config-json-schema.js';
import { modelSpecSchema } from '../../src/providers/registry.js';
import { strategyRegistry } from '../../src/strategies/registry.js';
import { repoRoot, runCli } from '../support/cli.js';

/** Every field of the schema (`strategies[].threshold` under each strategy), with its own schema. */
function fields(schema: JsonSchema, path: string): { path: string; schema: JsonSchema }[] {
  const here = alternatives(schema).flatMap((option) => {
    const properties = Object.entries(option.properties ?? {}).flatMap(([name, property]) =>
      typeof property === 'object' ? [{ path: `${path}${path === '' ? '' : '.'}${name}`, schema: property }] : [],
    );
    const inner = [option.items, option.additionalProperties].filter((part): part is JsonSchema => typeof part === 'object' && !Array.isArray(part));
    return [...properties.flatMap((field) => [field, ...fields(field.schema, field.path)]), ...inner.flatMap((part) => fields(part, `${path}[]`))];
  });
  return here;
}

describe('the config schema', () => {
  const schema = configJsonSchema();

  it('describes every field: the config\'s, each provider\'s and each strategy\'s', () => {
    const all = fields(schema, '');
    expect(all.filter((field) => field.path.startsWith('strategies[].')).length).toBeGreaterThan(30);
    expect(all.map((field) => field.path)).toEqual(expect.arrayContaining(['scheduling.policy', 'simulatedGpu.loadMs', 'cache.dir', 'panel.allAttempts', 'models[].options.num_ctx']));
    expect(all.filter((field) => !field.schema.description).map((field) => field.path)).toEqual([]);
  });

  it('describes every kind of model and every strategy', () => {
    const kinds = (items: unknown) => alternatives(items as JsonSchema).filter((option) => option.properties !== undefined);
    const models = kinds((schema.properties?.models as JsonSchema).additionalProperties);
    const strategies = kinds((schema.properties?.strategies as JsonSchema).items);
    expect(models).toHaveLength(modelSpecSchema.options.length);
    expect(strategies).toHaveLength(strategyRegistry.size);
    expect([...models, ...strategies].filter((option) => !option.description)).toEqual([]);
  });

  it('is what `bench schema` prints', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(schema);
  });
});

describe('docs/config.md', () => {
  it('is generated from the schema as it is now (npm run docs:config writes it)', () => {
    expect(readFileSync(join(repoRoot, 'docs/config.md'), 'utf8')).toBe(configDocs());
  });

  it('documents every key with its default', () => {
    const page = configDocs();
    for (const row of ['| `scheduling.policy` | one of `affinity`, `fifo` | `"affinity"` |', '| `simulatedGpu.loadMs` | number ≥ 0 | `0` |', '| `cache.enabled` | boolean | `true` |', '| `panel.allAttempts` | boolean | `false` |']) {
      expect(page).toContain(row);
    }
    expect(page).toContain('### `use: judge-loop`');
    expect(page).toContain('### `provider: ollama`');
  });
});
