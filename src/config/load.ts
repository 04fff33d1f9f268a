import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { datasetSourceProblem } from '../datasets/source-problem.js';
import { packageRoot } from '../package-root.js';
import { listItems } from '../prompts/templates.js';
import { instantiate, type StrategyInstance } from '../strategies/instance.js';
import { missingFor } from '../providers/registry.js';
import { strategyRegistry } from '../strategies/registry.js';
import { didYouMean } from '../util/did-you-mean.js';
import { isRecord } from '../util/is-record.js';
import { configJsonSchema } from './config-json-schema.js';
import { ConfigError } from './config-error.js';
import { describeIssues } from './describe-issues.js';
import { configSchema, pairwiseJudges, type RawConfig } from './schema.js';

/** A strategy of the config, with the entry it came from (for error messages). */
export interface ConfiguredStrategy extends StrategyInstance {
  entry: RawConfig['strategies'][number];
}

export interface RunConfig extends Omit<RawConfig, 'strategies'> {
  strategies: ConfiguredStrategy[];
}

/** YAML text to plain data; syntax errors name the line, and a file with nothing in it says so. */
export function parseYaml(yamlText: string, origin = 'config'): unknown {
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((error) => `${origin}: ${error.message}`));
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined) throw new ConfigError([`${origin}: config file is empty`]);
  return data;
}

/** Parses and checks a YAML config; every problem names its field. Nothing is written or called. */
export function parseConfig(yamlText: string, origin = 'config'): RunConfig {
  return validateConfig(parseYaml(yamlText, origin));
}

/** Checks a config's plain data: the schema, then what refers to what (models, strategies, files); every problem at once. */
export function validateConfig(data: unknown): RunConfig {
  const parsed = configSchema.safeParse(data);
  if (parsed.success) {
    const { strategies, problems } = checkAcross(parsed.data, Object.keys(parsed.data.models), data);
    if (problems.length > 0) throw new ConfigError(problems);
    return { ...parsed.data, strategies };
  }
  // A bad setting does not hide the others' problems: each setting that parses on its own is still checked.
  const settings = isRecord(data) ? settingsThatParse(data) : {};
  const models = isRecord(data) && isRecord(data.models) ? Object.keys(data.models) : undefined;
  throw new ConfigError([...describeIssues(parsed.error.issues, { data, schema: configJsonSchema() }), ...checkAcross(settings, models, data).problems]);
}

/** The top-level settings that are valid by themselves. */
function settingsThatParse(data: Record<string, unknown>): Partial<RawConfig> {
  const settings = Object.entries(configSchema.shape).flatMap(([key, schema]) => {
    const setting = schema.safeParse(data[key]);
    return setting.success ? [[key, setting.data] as const] : [];
  });
  return Object.fromEntries(settings) as Partial<RawConfig>;
}

/**
 * What the schema alone cannot see: models named but not defined (`models` undefined: the names are unknown, so not
 * checked), strategies and their options, files that cannot be read, ids used twice.
 */
function checkAcross(raw: Partial<RawConfig>, models: readonly string[] | undefined, data: unknown): { strategies: ConfiguredStrategy[]; problems: string[] } {
  const problems: string[] = [];
  const undefinedModel = (field: string, name: string, known: readonly string[] = models ?? []) =>
    `${field}: model "${name}" is not defined under models${didYouMean(name, known)}`;
  const generators = raw.generators ?? [];
  if (models !== undefined) {
    generators.forEach((name, index) => {
      if (!models.includes(name)) problems.push(undefinedModel(`generators[${index}]`, name));
    });
  }
  const entries = raw.strategies ?? [];
  const strategies = entries.flatMap((entry, index) => {
    const result = resolveStrategy(entry, index, data);
    if (typeof result === 'string' || Array.isArray(result)) {
      problems.push(...[result].flat());
      return [];
    }
    return [result];
  });
  if (models !== undefined) {
    strategies.forEach((strategy) => {
      const index = entries.indexOf(strategy.entry);
      for (const ref of strategy.modelRefs) {
        const field = `strategies[${index}].${ref.path}`;
        if (!models.includes(ref.model)) problems.push(undefinedModel(field, ref.model));
        else if (ref.notAGenerator && generators.includes(ref.model)) {
          problems.push(`${field}: model "${ref.model}" is a generator; judged by itself this is self-reflection (use strategy self-reflection, or name another model)`);
        }
      }
    });
    const judgeLists = { 'panel.judges': raw.panel?.judges ?? [], 'panel.pairwise.judges': (typeof raw.panel?.pairwise === 'object' && raw.panel.pairwise.judges) || [] };
    for (const [field, names] of Object.entries(judgeLists)) {
      names.forEach((name, index) => {
        if (name !== 'self' && !models.includes(name)) problems.push(`${undefinedModel(`${field}[${index}]`, name, [...models, 'self'])} (or use "self")`);
      });
    }
  }
  if (raw.panel?.recognition && generators.length < 2) {
    problems.push(`panel.recognition: needs at least two generators (each is asked to tell its own answer from another's); generators has ${generators.length}`);
  }
  for (const [name, path] of Object.entries(raw.prompts ?? {})) {
    if (!existsSync(path)) problems.push(`prompts.${name}: file "${path}" does not exist`);
    else if (name === 'principles' && listItems(readFileSync(path, 'utf8')).length === 0) {
      problems.push(`prompts.principles: file "${path}" lists no principle (one a line, each starting with "- ")`);
    }
  }
  // Only the models the run calls: an entry it does not use may name a file or an engine this machine lacks.
  for (const name of modelsUsed({ generators, strategies, panel: raw.panel })) {
    const spec = raw.models?.[name];
    if (spec) problems.push(...missingFor(spec).map((problem) => `models.${name}.${problem}`));
  }
  const datasetProblem = raw.dataset && datasetSourceProblem(raw.dataset.source, packageRoot);
  if (datasetProblem) problems.push(`dataset.source: ${datasetProblem}`);
  const seen = new Set<string>();
  strategies.forEach((strategy) => {
    if (seen.has(strategy.id)) problems.push(`strategies: id "${strategy.id}" is used twice; give one an explicit id`);
    seen.add(strategy.id);
  });
  return { strategies, problems };
}

/** Every model the run calls: the generators, any model a strategy names (e.g. a separate judge), the panel. */
export function modelsUsed(config: Pick<RunConfig, 'generators' | 'strategies' | 'panel'>): string[] {
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

function resolveStrategy(entry: RawConfig['strategies'][number], index: number, data: unknown): ConfiguredStrategy | string | string[] {
  const { id, use, ...options } = typeof entry === 'string' ? { id: undefined, use: entry } : entry;
  const where = typeof entry === 'string' ? `strategies[${index}]` : `strategies[${index}].use`;
  const definition = strategyRegistry.get(use);
  if (!definition) {
    const known = [...strategyRegistry.keys()];
    return `${where}: unknown strategy "${use}"${didYouMean(use, known)} (known: ${known.join(', ')})`;
  }
  const made = instantiate(definition, id ?? use, options);
  if ('issues' in made) return describeIssues(made.issues, { data, schema: configJsonSchema(), prefix: ['strategies', index] });
  return { ...made.instance, entry };
}
