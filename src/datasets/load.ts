import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DatasetEntry } from './dataset-entry.js';
import { DATASET_SPECS } from './dataset-spec.js';
import { entriesFromJsonl, readDatasetFile } from './jsonl.js';
import { selectById, type TaskSelection } from './select.js';
import type { Dataset } from './task.js';

export interface DatasetConfig extends TaskSelection {
  /** `builtin:<name>`, `humaneval[:<path>]`, `humaneval+[:<path>]` or `jsonl:<path>`; paths are relative to the working directory. */
  source: string;
}

export interface DatasetLocations {
  /** Holds `datasets/<name>.jsonl` for `builtin:` sources. */
  packageRoot: string;
  /** Where `humaneval` and `humaneval+` are downloaded to; default `$XDG_CACHE_HOME/selfbench` or `~/.cache/selfbench`. */
  cacheDir?: string;
  /** For tests: serves the downloads. */
  fetch?: typeof fetch;
}

/** Loads a dataset spec, selects its tasks, and records the sha256 of the file it read. */
export async function loadDataset(config: DatasetConfig, root: DatasetLocations): Promise<Dataset> {
  const { path, parse } = await resolveSource(config.source, root);
  const { text, sha256 } = await readDatasetFile(path);
  const tasks = selectFrom(parse(text, path), config).map((entry) => entry.task());
  return { source: config.source, sha256, tasks };
}

export async function builtinDatasetNames(packageRoot: string): Promise<string[]> {
  const files = await readdir(join(packageRoot, 'datasets')).catch(() => []);
  return files.filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length)).sort();
}

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'selfbench');
}

type EntryParser = (text: string, file: string) => DatasetEntry[];

/** The file and its parser; HumanEval's and HumanEval+'s modules (the latter brings lossless-json) are loaded only when read. */
async function resolveSource(source: string, root: DatasetLocations): Promise<{ path: string; parse: EntryParser }> {
  const colon = source.indexOf(':');
  const scheme = colon < 0 ? source : source.slice(0, colon);
  const argument = colon < 0 ? '' : source.slice(colon + 1);
  if (scheme === 'builtin') {
    const names = await builtinDatasetNames(root.packageRoot);
    if (!names.includes(argument)) {
      throw new Error(`unknown built-in dataset "${argument}" in ${source}; available: ${names.join(', ') || '(none)'}`);
    }
    return { path: join(root.packageRoot, 'datasets', `${argument}.jsonl`), parse: entriesFromJsonl };
  }
  if (scheme === 'jsonl' && argument !== '') return { path: resolve(argument), parse: entriesFromJsonl };
  if (scheme === 'humaneval') {
    const { entriesFromHumanEval, fetchHumanEval } = await import('./humaneval.js');
    const path = argument !== '' ? resolve(argument) : await fetchHumanEval(root.cacheDir ?? userCacheDir(), root.fetch);
    return { path, parse: entriesFromHumanEval };
  }
  if (scheme === 'humaneval+') {
    const { entriesFromHumanEvalPlus, fetchHumanEvalPlus } = await import('./humaneval-plus.js');
    const path = argument !== '' ? resolve(argument) : await fetchHumanEvalPlus(root.cacheDir ?? userCacheDir(), root.fetch);
    return { path, parse: entriesFromHumanEvalPlus };
  }
  throw new Error(`unknown dataset source "${source}"; expected ${DATASET_SPECS}`);
}

function selectFrom(entries: DatasetEntry[], config: DatasetConfig): DatasetEntry[] {
  let selected: DatasetEntry[];
  try {
    selected = selectById(entries, (entry) => entry.id, config);
  } catch (error) {
    throw new Error(`${config.source}: ${(error as Error).message}`, { cause: error });
  }
  if (selected.length === 0) throw new Error(`${config.source}: no tasks selected`);
  return selected;
}
