import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { didYouMean } from '../util/did-you-mean.js';
import { fileErrorText, unreadableFile } from '../util/unreadable-file.js';
import type { DatasetEntry } from './dataset-entry.js';
import { DatasetError } from './dataset-error.js';
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

/**
 * Loads a dataset spec, selects its tasks, and records the sha256 of the file it read. A dataset that cannot be read as
 * asked (no such file or built-in, an invalid line, an unknown id) is a `DatasetError`; a failed download is not.
 */
export async function loadDataset(config: DatasetConfig, root: DatasetLocations): Promise<Dataset> {
  const { path, parse } = await resolveSource(config.source, root);
  const { text, sha256 } = await readDatasetFile(path).catch((error: unknown) => {
    throw new DatasetError('source', fileErrorText(error, path), { cause: error });
  });
  let entries: DatasetEntry[];
  try {
    entries = parse(text, path);
  } catch (error) {
    throw new DatasetError('source', (error as Error).message, { cause: error });
  }
  const tasks = selectFrom(entries, config).map((entry) => entry.task());
  return { source: config.source, sha256, tasks };
}

export function builtinDatasetNames(packageRoot: string): string[] {
  let files: string[];
  try {
    files = readdirSync(join(packageRoot, 'datasets'));
  } catch {
    return [];
  }
  return files.filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length)).sort();
}

/**
 * What stops `source` from being read, said as its user wrote it (`no such file ./missing.jsonl`); undefined when
 * nothing does. Checked with the config, before any work; a download (`humaneval` alone) is not tried here.
 */
export function datasetSourceProblem(source: string, packageRoot: string): string | undefined {
  const { scheme, argument } = splitSource(source);
  if (scheme === 'builtin') {
    const names = builtinDatasetNames(packageRoot);
    if (names.includes(argument)) return undefined;
    return `unknown built-in dataset "${argument}"${didYouMean(argument, names)} (available: ${names.join(', ') || 'none'})`;
  }
  const takesFile = scheme === 'jsonl' || scheme === 'humaneval' || scheme === 'humaneval+';
  if (!takesFile || (scheme === 'jsonl' && argument === '')) return `unknown dataset source "${source}"; expected ${DATASET_SPECS}`;
  return argument === '' ? undefined : unreadableFile(resolve(argument), argument);
}

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'selfbench');
}

type EntryParser = (text: string, file: string) => DatasetEntry[];

/** The file and its parser; HumanEval's and HumanEval+'s modules (the latter brings lossless-json) are loaded only when read. */
async function resolveSource(source: string, root: DatasetLocations): Promise<{ path: string; parse: EntryParser }> {
  const problem = datasetSourceProblem(source, root.packageRoot);
  if (problem !== undefined) throw new DatasetError('source', problem);
  const { scheme, argument } = splitSource(source);
  if (scheme === 'builtin') return { path: join(root.packageRoot, 'datasets', `${argument}.jsonl`), parse: entriesFromJsonl };
  if (scheme === 'jsonl') return { path: resolve(argument), parse: entriesFromJsonl };
  if (scheme === 'humaneval') {
    const { entriesFromHumanEval, fetchHumanEval } = await import('./humaneval.js');
    const path = argument !== '' ? resolve(argument) : await fetchHumanEval(root.cacheDir ?? userCacheDir(), root.fetch);
    return { path, parse: entriesFromHumanEval };
  }
  // The check above leaves humaneval+ alone.
  const { entriesFromHumanEvalPlus, fetchHumanEvalPlus } = await import('./humaneval-plus.js');
  const path = argument !== '' ? resolve(argument) : await fetchHumanEvalPlus(root.cacheDir ?? userCacheDir(), root.fetch);
  return { path, parse: entriesFromHumanEvalPlus };
}

/** `jsonl:./x.jsonl` → `jsonl` and `./x.jsonl`. */
function splitSource(source: string): { scheme: string; argument: string } {
  const colon = source.indexOf(':');
  return colon < 0 ? { scheme: source, argument: '' } : { scheme: source.slice(0, colon), argument: source.slice(colon + 1) };
}

function selectFrom(entries: DatasetEntry[], config: DatasetConfig): DatasetEntry[] {
  let selected: DatasetEntry[];
  try {
    selected = selectById(entries, (entry) => entry.id, config);
  } catch (error) {
    throw new DatasetError('ids', `${(error as Error).message} (not in ${config.source})`, { cause: error });
  }
  if (selected.length === 0) throw new DatasetError('source', `${config.source} has no tasks`);
  return selected;
}
