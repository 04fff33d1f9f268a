import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { listItems } from '../prompts/templates.js';
import { instantiate, type StrategyInstance } from '../strategies/instance.js';
import { missingFor } from '../providers/registry.js';
import { strategyRegistry } from '../strategies/registry.js';
import { ConfigError, describeIssues } from './errors.js';
import { configSchema, pairwiseJudges, type RawConfig } from './schema.js';

/** A strategy of the config, with the entry it came from (for error messages). */
export interface ConfiguredStrategy extends StrategyInstance {
  entry: RawConfig['strategies'][number];
}

export interface RunConfig extends Omit<RawConfig, 'strategies'> {
  strategies: ConfiguredStrategy[];
}

/** YAML text to plain data; syntax errors name the line. */
export function parseYaml(yamlText: string, origin = 'config'): unknown {
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((error) => `${origin}: ${error.message}`));
  }
  return document.toJS() ?? {};
}

/** Parses and checks a YAML config; every problem names its field. Nothing is written or called. */
export function parseConfig(yamlText: string, origin = 'config'): RunConfig {
  return validateConfig(parseYaml(yamlText, origin));
}

export function validateConfig(data: unknown): RunConfig {
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error.issues));
  const raw = parsed.data;

  const problems: string[] = [];
  raw.generators.forEach((name, index) => {
    if (!(name in raw.models)) problems.push(`generators[${index}]: model "${name}" is not defined under models`);
  });
  const strategies = raw.strategies.flatMap((entry, index) => {
    const result = resolveStrategy(entry, index);
    if (typeof result === 'string' || Array.isArray(result)) {
      problems.push(...[result].flat());
      return [];
    }
    return [result];
  });
  strategies.forEach((strategy) => {
    for (const ref of strategy.modelRefs) {
      const index = raw.strategies.findIndex((entry) => entry === strategy.entry);
      if (!(ref.model in raw.models)) problems.push(`strategies[${index}].${ref.path}: model "${ref.model}" is not defined under models`);
      else if (ref.notAGenerator && raw.generators.includes(ref.model)) {
        problems.push(`strategies[${index}].${ref.path}: model "${ref.model}" is a generator; judged by itself this is self-reflection (use strategy self-reflection, or name another model)`);
      }
    }
  });
  const judgeLists = { 'panel.judges': raw.panel?.judges ?? [], 'panel.pairwise.judges': (typeof raw.panel?.pairwise === 'object' && raw.panel.pairwise.judges) || [] };
  for (const [field, names] of Object.entries(judgeLists)) {
    names.forEach((name, index) => {
      if (name !== 'self' && !(name in raw.models)) problems.push(`${field}[${index}]: model "${name}" is not defined under models (or use "self")`);
    });
  }
  if (raw.panel?.recognition && raw.generators.length < 2) {
    problems.push(`panel.recognition: needs at least two generators (each is asked to tell its own answer from another's); generators has ${raw.generators.length}`);
  }
  for (const [name, path] of Object.entries(raw.prompts)) {
    if (!existsSync(path)) problems.push(`prompts.${name}: file "${path}" does not exist`);
    else if (name === 'principles' && listItems(readFileSync(path, 'utf8')).length === 0) {
      problems.push(`prompts.principles: file "${path}" lists no principle (one a line, each starting with "- ")`);
    }
  }
  // Only the models the run calls: an entry it does not use may name a file or an engine this machine lacks.
  for (const name of modelsUsed({ ...raw, strategies })) {
    const spec = raw.models[name];
    if (spec) problems.push(...missingFor(spec).map((problem) => `models.${name}.${problem}`));
  }
  const seen = new Set<string>();
  strategies.forEach((strategy) => {
    if (seen.has(strategy.id)) problems.push(`strategies: id "${strategy.id}" is used twice; give one an explicit id`);
    seen.add(strategy.id);
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...raw, strategies };
}

/** Every model the run calls: the generators, any model a strategy names (e.g. a separate judge), the panel. */
export function modelsUsed(config: RunConfig): string[] {
  const refs = config.strategies.flatMap((strategy) => strategy.modelRefs);
  const panel = [...(config.panel?.judges ?? []), ...pairwiseJudges(config.panel)].filter((name) => name !== 'self');
  return [...new Set([...config.generators, ...refs.map((ref) => ref.model), ...panel])];
}

/** Reads a config file as plain data, for callers that apply command-line overrides before validating. */
export async function readConfigData(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot read the config (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return parseYaml(text, path);
}

function resolveStrategy(entry: RawConfig['strategies'][number], index: number): ConfiguredStrategy | string | string[] {
  const { id, use, ...options } = typeof entry === 'string' ? { id: undefined, use: entry } : entry;
  const where = typeof entry === 'string' ? `strategies[${index}]` : `strategies[${index}].use`;
  const definition = strategyRegistry.get(use);
  if (!definition) {
    return `${where}: unknown strategy "${use}" (known: ${[...strategyRegistry.keys()].join(', ')})`;
  }
  const made = instantiate(definition, id ?? use, options);
  if ('issues' in made) return describeIssues(made.issues, ['strategies', index]);
  return { ...made.instance, entry };
}
