/**
 * From a judge model's reply to a rubric verdict — strictly.
 *
 * A verdict is accepted only as one complete JSON object whose fields are all present, of their
 * type and in range (the rubric's zod schema, verdict.ts). It is `json` when the reply is that
 * object and nothing else, `repaired` when wrappers had to be taken off first — a thinking block,
 * a code fence, prose (in any language) around the one object — and `failed` otherwise: cut off,
 * out of range, a score written as text, NaN or Infinity, JSON5, two candidate objects, a missing
 * field. Nothing is guessed: a failed verdict has no score, and a repaired one holds exactly the
 * values the object held. A default (the original blog code returned 5.0) would bias exactly the
 * averages this tool exists to measure.
 */
import { splitThinking } from '../chat/thinking.js';
import { findJsonObjects, readJson, type FoundObject } from './json-in-text.js';
import { rubricSchema } from './verdict.js';
import type { Verdict } from '../records/verdict.js';

export function parseVerdict(raw: string, criteria: readonly string[]): Verdict {
  const { text: answer } = splitThinking(raw); // reasoning is not part of the verdict
  const text = answer.trim();
  const wrappers = answer === raw ? [] : ['thinking block'];
  if (text === '') return failedVerdict(['empty reply']);

  const whole = readJson(text);
  if ('value' in whole) return fromObject(whole.value, criteria, wrappers);

  const { objects, unreadable, truncated } = findJsonObjects(text);
  const candidates = objects.length + unreadable.length + Number(truncated);
  if (candidates > 1) return failedVerdict([`${candidates} JSON objects${truncated ? ' (the last cut off)' : ''}: which one is the verdict is ambiguous`]);
  if (truncated) return failedVerdict(['JSON cut off: the reply ends inside the object']);
  if (unreadable.length === 1) return failedVerdict([`not valid JSON: ${unreadable[0]}`]);
  const [found] = objects;
  if (found === undefined) return failedVerdict(['no JSON object']);
  return fromObject(found.object, criteria, [...wrappers, ...wrappersAround(text, found)]);
}

/** A verdict that gives no score, for the reasons in `notes`. */
export function failedVerdict(notes: string[]): Verdict {
  return { parse: 'failed', criteria: {}, issues: [], suggestions: [], assessment: '', notes };
}

/** The rubric read from one JSON value: every field present and in range, or failed with zod's reasons. */
function fromObject(value: unknown, criteria: readonly string[], wrappers: string[]): Verdict {
  const checked = rubricSchema(criteria).safeParse(value);
  if (!checked.success) {
    return failedVerdict(checked.error.issues.map((issue) => `${issue.path.join('.') || 'reply'}: ${issue.message}`));
  }
  const { overall, ...fields } = checked.data;
  return { parse: wrappers.length === 0 ? 'json' : 'repaired', score: overall, ...fields, notes: wrappers };
}

const FENCE = /(?:```|~~~)[\w-]*/;

/** What was around the object: a code fence, and prose besides it. */
function wrappersAround(text: string, found: FoundObject): string[] {
  const outside = `${text.slice(0, found.start)}\n${text.slice(found.end)}`;
  const notes: string[] = [];
  if (FENCE.test(outside)) notes.push('code fence');
  if (outside.replace(new RegExp(FENCE, 'g'), '').trim() !== '') notes.push('prose around JSON');
  return notes;
}
