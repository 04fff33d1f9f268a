/**
 * The one JSON object a judge's reply holds, read strictly and checked against the zod schema it was asked to fill.
 *
 * Accepted only as one complete JSON object whose fields are all present, of their type and in range. It is `json`
 * when the reply is that object and nothing else, `repaired` when wrappers had to be taken off first — a thinking
 * block, a code fence, prose (in any language) around the one object — and `failed` otherwise: cut off, out of range,
 * a value written as text, NaN or Infinity, JSON5, two candidate objects, a missing field. Nothing is guessed: a
 * repaired object holds exactly the values the model wrote. Every kind of verdict (rubric, pairwise) is read here.
 */
import type { z } from 'zod';
import { splitThinking } from '../chat/thinking.js';
import { findJsonObjects, readJson, type FoundObject } from './json-in-text.js';

/** The object as the schema read it, and the wrappers taken off; or why no object could be accepted. */
export type ReadReply<T> = { parse: 'json' | 'repaired'; value: T; notes: string[] } | { parse: 'failed'; notes: string[] };

export function readReplyObject<T>(raw: string, schema: z.ZodType<T>): ReadReply<T> {
  const { text: answer } = splitThinking(raw); // reasoning is not part of the verdict
  const text = answer.trim();
  const wrappers = answer === raw ? [] : ['thinking block'];
  if (text === '') return failed(['empty reply']);

  const whole = readJson(text);
  if ('value' in whole) return checked(whole.value, schema, wrappers);

  const { objects, unreadable, truncated } = findJsonObjects(text);
  const candidates = objects.length + unreadable.length + Number(truncated);
  if (candidates > 1) return failed([`${candidates} JSON objects${truncated ? ' (the last cut off)' : ''}: which one is the verdict is ambiguous`]);
  if (truncated) return failed(['JSON cut off: the reply ends inside the object']);
  if (unreadable.length === 1) return failed([`not valid JSON: ${unreadable[0]}`]);
  const [found] = objects;
  if (found === undefined) return failed(['no JSON object']);
  return checked(found.object, schema, [...wrappers, ...wrappersAround(text, found)]);
}

function failed(notes: string[]): ReadReply<never> {
  return { parse: 'failed', notes };
}

/** One JSON value through the schema: every field present and in range, or failed with zod's reasons. */
function checked<T>(value: unknown, schema: z.ZodType<T>, wrappers: string[]): ReadReply<T> {
  const result = schema.safeParse(value);
  if (!result.success) return failed(result.error.issues.map((issue) => `${issue.path.join('.') || 'reply'}: ${issue.message}`));
  return { parse: wrappers.length === 0 ? 'json' : 'repaired', value: result.data, notes: wrappers };
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
