import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TrialRecord } from './record.js';

export const recordsFileName = 'records.jsonl';

/** What a records file holds: complete records, and whether a torn last line (a crash mid-write) was dropped. */
export interface StoredRecords {
  records: TrialRecord[];
  tornLine: boolean;
}

/**
 * Reads records, tolerating only a torn *last* line: a crash can cut the line being
 * written, but a bad line in the middle means the file was damaged, which must not be
 * silently skipped.
 */
export function readRecords(path: string): StoredRecords {
  if (!existsSync(path)) return { records: [], tornLine: false };
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: TrialRecord[] = [];
  let tornLine = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as TrialRecord);
    } catch {
      const isLast = lines.slice(index + 1).every((rest) => rest.trim() === '');
      if (!isLast) throw new Error(`${path}:${index + 1}: not a JSON record; the file is damaged`);
      tornLine = true;
    }
  });
  return { records, tornLine };
}

/**
 * Append-only JSONL: one complete line per finished trial, written synchronously so a
 * crash loses at most the trial in flight.
 */
export class RecordStore {
  constructor(readonly path: string) {}

  /**
   * Opens the store, keeping the records `keep` accepts: a torn last line is cut off so new
   * lines start clean, and dropped records (to be run again) leave the file, so it never
   * holds two lines for one trial.
   */
  open(keep: (record: TrialRecord) => boolean = () => true): StoredRecords & { dropped: number } {
    const stored = readRecords(this.path);
    const records = stored.records.filter(keep);
    const dropped = stored.records.length - records.length;
    if (stored.tornLine || dropped > 0) {
      const temporary = `${this.path}.tmp`;
      writeFileSync(temporary, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      renameSync(temporary, this.path);
    }
    return { records, tornLine: stored.tornLine, dropped };
  }

  append(record: TrialRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}
