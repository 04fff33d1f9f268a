import { z } from 'zod';
import { NO_RESULT, PROGRAM_FILE, PROGRAM_RECORD_INDEX } from './harness.js';
import type { CallOutcome } from '../types.js';
import type { ExecutionStatus, TestOutcome } from '../../records/outcome.js';

const OUT_OF_MEMORY_TEXT = /\bMemoryError\b|Cannot allocate memory|std::bad_alloc/;

const ResultRecordSchema = z.object({
  nonce: z.string(),
  index: z.number().int(),
  name: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  /** A call's return value (wire form of harness/calls.py), checked by the grader. */
  value: z.unknown().optional(),
  ms: z.number().optional(),
  raised: z.array(z.string()).optional(),
  after: z.unknown().optional(),
  /** The call outran its own time limit (calls.py). */
  timedOut: z.literal(true).optional(),
});
export type ResultRecord = z.infer<typeof ResultRecordSchema>;

/** How the harness process ended, as far as the status depends on it. */
export interface HarnessEnding {
  timedOut: boolean;
  flooded: boolean;
  stderr: string;
}

/**
 * Records by index; lines without this run's nonce, or not matching a requested test's name, are ignored. The first
 * record of an index stands, except that a failure's message may come again, refined (isolated_tests.py writes a
 * failed test's verdict before the work of describing it): a failure never becomes anything else.
 */
export function readRecords(raw: string, nonce: string, names: readonly string[]): Map<number, ResultRecord> {
  const records = new Map<number, ResultRecord>();
  for (const line of raw.split('\n')) {
    const record = parseRecord(line);
    if (record === undefined || record.nonce !== nonce) continue;
    const earlier = records.get(record.index);
    if (earlier !== undefined && (earlier.ok || record.ok)) continue;
    const expectedName = record.index === PROGRAM_RECORD_INDEX ? PROGRAM_FILE : names[record.index];
    if (record.name === expectedName) records.set(record.index, record);
  }
  return records;
}

function parseRecord(line: string): ResultRecord | undefined {
  try {
    const parsed = ResultRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function toOutcome(name: string, record: ResultRecord | undefined): TestOutcome {
  if (record?.ok) return { name, passed: true };
  return { name, passed: false, error: record?.error ?? NO_RESULT };
}

export function toCallOutcome(record: ResultRecord | undefined): CallOutcome {
  if (record === undefined) return { error: NO_RESULT };
  return {
    ...(record.ok ? { value: record.value } : { error: record.error ?? NO_RESULT }),
    ...(record.ms === undefined ? {} : { ms: record.ms }),
    ...(record.raised === undefined ? {} : { raised: record.raised }),
    ...(record.after === undefined ? {} : { after: record.after }),
    ...(record.timedOut === undefined ? {} : { timedOut: record.timedOut }),
  };
}

export function decideStatus(ending: HarnessEnding, records: Map<number, ResultRecord>, testCount: number): ExecutionStatus {
  if (ending.flooded) return 'output-limit';
  if (ending.timedOut) return 'timeout';
  const reported = [...records.values()];
  if (reported.some((record) => record.error?.startsWith('MemoryError'))) return 'memory';
  // One record for loading the program plus one per test: the harness got to the end.
  if (records.size === testCount + 1) return reported.every((record) => record.ok) ? 'passed' : 'failed';
  return OUT_OF_MEMORY_TEXT.test(ending.stderr) ? 'memory' : 'crashed';
}
