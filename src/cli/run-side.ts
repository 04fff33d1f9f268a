import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSide } from '../metrics/compare.js';
import { readRecords, recordsFileName } from '../records/record-store.js';
import { readRunMeta, runMetaFileName } from '../records/run-meta.js';

export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, runMetaFileName));
}

/** A finished run as `compareRuns` reads it. */
export function readRunSide(dir: string): RunSide {
  return { meta: readRunMeta(dir), records: readRecords(join(dir, recordsFileName)).records };
}
