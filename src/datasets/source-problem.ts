import { readdirSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../util/did-you-mean.js';
import { unreadableFile } from '../util/unreadable-file.js';
import { DATASET_SPECS, parseDatasetSpec } from './dataset-spec.js';

// Apart from the loaders (load.ts): a command checks its arguments before it starts a sandbox, and the loaders'
// schemas (zod) are not needed for that.

export function builtinDatasetNames(packageRoot: string): string[] {
  let files: string[];
  try {
    files = readdirSync(path.join(packageRoot, 'datasets'));
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
  const { scheme, argument } = parseDatasetSpec(source);
  if (scheme === 'builtin') {
    const names = builtinDatasetNames(packageRoot);
    if (names.includes(argument)) return undefined;
    return `unknown built-in dataset "${argument}"${didYouMean(argument, names)} (available: ${names.join(', ') || 'none'})`;
  }
  const takesFile = scheme === 'jsonl' || scheme === 'humaneval' || scheme === 'humaneval+';
  if (!takesFile || (scheme === 'jsonl' && argument === '')) return `unknown dataset source "${source}"; expected ${DATASET_SPECS}`;
  return argument === '' ? undefined : unreadableFile(path.resolve(argument), argument);
}
