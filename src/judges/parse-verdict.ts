/**
 * From a judge model's reply to a rubric verdict — strictly (reply-object.ts says what is accepted). A failed verdict
 * has no score: a default (the original blog code returned 5.0) would bias exactly the averages this tool exists to
 * measure.
 */
import { readReplyObject } from './reply-object.js';
import { rubricSchema } from './verdict.js';
import type { Verdict } from '../records/verdict.js';

export function parseVerdict(raw: string, criteria: readonly string[]): Verdict {
  const read = readReplyObject(raw, rubricSchema(criteria));
  if (read.parse === 'failed') return failedVerdict(read.notes);
  const { overall, ...fields } = read.value;
  return { parse: read.parse, score: overall, ...fields, notes: read.notes };
}

/** A verdict that gives no score, for the reasons in `notes`. */
export function failedVerdict(notes: string[]): Verdict {
  return { parse: 'failed', criteria: {}, issues: [], suggestions: [], assessment: '', notes };
}
