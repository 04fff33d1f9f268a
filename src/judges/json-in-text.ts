/**
 * JSON objects in a model's reply, read strictly: a brace-balanced span is an object only when
 * `JSON.parse` reads it as one. Nothing is rewritten (no JSON5, no NaN, no closing of a cut-off
 * object), so whatever is found holds exactly the values the model wrote; what only looks like an
 * object is reported, so a caller can refuse a reply that holds more than one candidate.
 */
import { isRecord } from '../util/is-record.js';

export type JsonObject = Record<string, unknown>;

/** A complete JSON object found in text, with its span. */
export interface FoundObject {
  object: JsonObject;
  /** Offset of its `{`. */
  start: number;
  /** Offset past its `}`. */
  end: number;
}

/** What a reply holds: its complete objects, and the spans that look like objects but are not JSON. */
export interface JsonInText {
  objects: FoundObject[];
  /** Balanced spans that open like an object (`{"…`, `{'…`, `{key:`) but do not parse: JSON.parse's reason for each. */
  unreadable: string[];
  /** The text ends inside something that opened like an object: the reply was cut off. */
  truncated: boolean;
}

/** Outermost object spans, left to right. A brace in prose (`{brace}`, a lone `{`) is skipped and looked inside. */
export function findJsonObjects(text: string): JsonInText {
  const found: JsonInText = { objects: [], unreadable: [], truncated: false };
  for (let start = text.indexOf('{'); start >= 0; ) {
    const end = balancedEnd(text, start);
    const objectLike = opensLikeObject(text, start);
    if (end === undefined) {
      if (objectLike) {
        found.truncated = true; // it runs to the end of the text
        break;
      }
      start = text.indexOf('{', start + 1);
      continue;
    }
    const read = readJson(text.slice(start, end));
    if ('value' in read && isRecord(read.value)) {
      found.objects.push({ object: read.value, start, end });
      start = text.indexOf('{', end);
    } else if (objectLike) {
      found.unreadable.push('error' in read ? read.error : 'not an object');
      start = text.indexOf('{', end);
    } else {
      start = text.indexOf('{', start + 1);
    }
  }
  return found;
}

/**
 * `JSON.parse`, with its complaint instead of a throw. A key given twice in one object is refused too:
 * `JSON.parse` would keep the last value silently, and which one the model meant is not knowable.
 */
export function readJson(source: string): { value: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const twice = duplicateKey(source);
  return twice === undefined ? { value } : { error: `duplicate key ${twice}` };
}

/** Strings and the punctuation that nests; numbers, literals and commas do not matter here. */
const NESTING_TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\]:]/g;

/** The first key (as written, quoted) that occurs twice in one object of valid JSON `source`. */
function duplicateKey(source: string): string | undefined {
  const open: (Set<string> | undefined)[] = []; // one per enclosing object; undefined for an array
  let previous = '';
  for (const [token] of source.matchAll(NESTING_TOKEN)) {
    if (token === ':') {
      const keys = open.at(-1);
      if (keys?.has(previous)) return previous;
      keys?.add(previous);
    } else if (token === '{' || token === '[') {
      open.push(token === '{' ? new Set() : undefined);
    } else if (token === '}' || token === ']') {
      open.pop();
    }
    previous = token;
  }
  return undefined;
}

/** Past the `}` that closes the `{` at `start`, skipping double-quoted strings; undefined when the text ends first. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{') {
      depth++;
    } else if (char === '}' && --depth === 0) {
      return index + 1;
    }
  }
  return undefined;
}

/** `{` followed by a quoted key, a closing brace, or a bare word and a colon: an object, well formed or not. */
const OBJECT_OPENING = /^\{\s*(?:["'}]|[\p{L}_$][\p{L}\p{N}_$]*\s*:)/u;

function opensLikeObject(text: string, start: number): boolean {
  return OBJECT_OPENING.test(text.slice(start, start + 200));
}
