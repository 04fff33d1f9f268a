import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TrialRecord } from './record.js';

export const recordsFileName = 'records.jsonl';

/** The recognition questions of a run (`panel.recognition`), asked after its trials, one line each. */
export const recognitionFileName = 'recognition.jsonl';

/** What a records file holds: complete records, and whether a torn last line (a crash mid-write) was dropped. */
export interface StoredRecords<R = TrialRecord> {
  records: R[];
  tornLine: boolean;
}

/**
 * Reads records, tolerating only a torn *last* line: a crash can cut the line being
 * written, but a bad line in the middle means the file was damaged, which must not be
 * silently skipped.
 */
export function readRecords<R = TrialRecord>(path: string): StoredRecords<R> {
  if (!existsSync(path)) return { records: [], tornLine: false };
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: R[] = [];
  let tornLine = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as R);
    } catch {
      const isLast = lines.slice(index + 1).every((rest) => rest.trim() === '');
      if (!isLast) throw new Error(`${path}:${index + 1}: not a JSON record; the file is damaged`);
      tornLine = true;
    }
  });
  return { records, tornLine };
}

/**
 * Append-only JSONL: one complete line per finished trial (or recognition question), written synchronously so a
 * crash loses at most the ones in flight.
 */
export class RecordStore<R = TrialRecord> {
  constructor(readonly path: string) {}

  /**
   * Opens the store, keeping the records `keep` accepts: a torn last line is cut off so new
   * lines start clean, and dropped records (to be run again) leave the file, so it never
   * holds two lines for one trial.
   */
  open(keep: (record: R) => boolean = () => true): StoredRecords<R> & { dropped: number } {
    const stored = readRecords<R>(this.path);
    const records = stored.records.filter(keep);
    const dropped = stored.records.length - records.length;
    if (stored.tornLine || dropped > 0) {
      const temporary = `${this.path}.tmp`;
      writeFileSync(temporary, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      renameSync(temporary, this.path);
    }
    return { records, tornLine: stored.tornLine, dropped };
  }

  append(record: R): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}
