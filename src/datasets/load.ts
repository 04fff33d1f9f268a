import path from 'node:path';
import { userCacheDir } from '../platform/cache-dir.js';
import { fileErrorText } from '../util/unreadable-file.js';
import type { DatasetEntry } from './dataset-entry.js';
import { DatasetError } from './dataset-error.js';
import { datasetSourceProblem } from './source-problem.js';
import { DATASET_SPECS, parseDatasetSpec } from './dataset-spec.js';
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
  /** Where `humaneval` and `humaneval+` are downloaded to; default `userCacheDir()`. */
  cacheDir?: string;
  /** For tests: serves the downloads. */
  fetch?: typeof fetch;
  /** The path rules files are named by: this platform's, or for tests another's (Windows' on Linux). */
  paths?: path.PlatformPath;
}

type EntryParser = (text: string, file: string) => DatasetEntry[];

/**
 * Where a spec's file is and how it is read: a path built by `root.paths`, or a download to the cache directory
 * (`humaneval`, `humaneval+` without a path). Reads no file, and checks nothing (`datasetSourceProblem` does).
 * HumanEval's and HumanEval+'s modules (the latter brings lossless-json) are loaded only for them.
 */
export type DatasetLocation = { parse: EntryParser } & (
  | { path: string }
  | { download: (cacheDir: string, fetchFile?: typeof fetch) => Promise<string> }
);

/**
 * Loads a dataset spec, selects its tasks, and records the sha256 of the file it read. A dataset that cannot be read as
 * asked (no such file or built-in, an invalid line, an unknown id) is a `DatasetError`; a failed download is not.
 */
export async function loadDataset(config: DatasetConfig, root: DatasetLocations): Promise<Dataset> {
  const problem = datasetSourceProblem(config.source, root.packageRoot);
  if (problem !== undefined) throw new DatasetError('source', problem);
  const location = await locateDataset(config.source, root);
  const file = 'path' in location ? location.path : await location.download(root.cacheDir ?? userCacheDir(), root.fetch);
  const { text, sha256 } = await readDatasetFile(file).catch((error: unknown) => {
    throw new DatasetError('source', fileErrorText(error, file), { cause: error });
  });
  let entries: DatasetEntry[];
  try {
    entries = location.parse(text, file);
  } catch (error) {
    throw new DatasetError('source', (error as Error).message, { cause: error });
  }
  const tasks = selectFrom(entries, config).map((entry) => entry.task());
  return { source: config.source, sha256, tasks };
}

export async function locateDataset(source: string, root: DatasetLocations): Promise<DatasetLocation> {
  const { join, resolve } = root.paths ?? path;
  const { scheme, argument } = parseDatasetSpec(source);
  if (scheme === 'builtin') return { path: join(root.packageRoot, 'datasets', `${argument}.jsonl`), parse: entriesFromJsonl };
  if (scheme === 'jsonl' && argument !== '') return { path: resolve(argument), parse: entriesFromJsonl };
  if (scheme === 'humaneval') {
    const { entriesFromHumanEval, fetchHumanEval } = await import('./humaneval.js');
    return argument !== '' ? { path: resolve(argument), parse: entriesFromHumanEval } : { download: fetchHumanEval, parse: entriesFromHumanEval };
  }
  if (scheme === 'humaneval+') {
    const { entriesFromHumanEvalPlus, fetchHumanEvalPlus } = await import('./humaneval-plus.js');
    return argument !== '' ? { path: resolve(argument), parse: entriesFromHumanEvalPlus } : { download: fetchHumanEvalPlus, parse: entriesFromHumanEvalPlus };
  }
  throw new Error(`unknown dataset source "${source}"; expected ${DATASET_SPECS}`);
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
