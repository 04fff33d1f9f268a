import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../src/records/record.js';
import { readRecords, RecordStore } from '../../src/records/record-store.js';

const record = (key: string) => ({ key, taskId: key }) as unknown as TrialRecord;

describe('RecordStore', () => {
  const path = () => join(mkdtempSync(join(tmpdir(), 'selfbench-store-')), 'records.jsonl');

  it('appends one complete line per record', () => {
    const file = path();
    const store = new RecordStore(file);
    expect(store.open()).toEqual({ records: [], tornLine: false, dropped: 0 });
    store.append(record('a'));
    store.append(record('b'));
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(readRecords(file).records.map((r) => r.key)).toEqual(['a', 'b']);
  });

  it('drops a torn last line on open and keeps appending cleanly', () => {
    const file = path();
    writeFileSync(file, `${JSON.stringify(record('a'))}\n{"key":"b","task`);
    const store = new RecordStore(file);
    expect(store.open()).toMatchObject({ tornLine: true, records: [{ key: 'a' }] });
    store.append(record('c'));
    expect(readRecords(file)).toMatchObject({ tornLine: false, records: [{ key: 'a' }, { key: 'c' }] });
  });

  it('drops the records it is told to run again, leaving one line per trial', () => {
    const file = path();
    writeFileSync(file, [record('a'), { ...record('b'), stopReason: 'error' }, record('c')].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const stored = new RecordStore(file).open((r) => r.stopReason !== 'error');
    expect(stored).toMatchObject({ dropped: 1, records: [{ key: 'a' }, { key: 'c' }] });
    expect(readRecords(file).records.map((r) => r.key)).toEqual(['a', 'c']);
  });

  it('refuses a damaged line in the middle instead of skipping it', () => {
    const file = path();
    writeFileSync(file, `${JSON.stringify(record('a'))}\nnot json\n`);
    appendFileSync(file, `${JSON.stringify(record('b'))}\n`);
    expect(() => readRecords(file)).toThrow(/:2: not a JSON record/);
  });
});
