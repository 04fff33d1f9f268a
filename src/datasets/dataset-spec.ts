/** The dataset specs there are: what config validation accepts, and how messages and help name them. */
export const DATASET_SPEC_PATTERN = /^(builtin:.+|humaneval\+?(:.+)?|jsonl:.+)$/;
export const DATASET_SPECS = 'builtin:<name>, humaneval[:<path>], humaneval+[:<path>] or jsonl:<path>';

/** A spec read: its scheme (`jsonl`) and what follows the scheme's colon (a name, a path, or nothing). */
export interface DatasetSpec {
  scheme: string;
  argument: string;
}

/**
 * Splits a spec at its first colon, the scheme's: every colon after it belongs to the argument, so a Windows path
 * keeps its drive letter (`jsonl:C:\data\tasks.jsonl` is the file `C:\data\tasks.jsonl`).
 */
export function parseDatasetSpec(source: string): DatasetSpec {
  const colon = source.indexOf(':');
  return colon < 0 ? { scheme: source, argument: '' } : { scheme: source.slice(0, colon), argument: source.slice(colon + 1) };
}
