/**
 * JSON as small models write it: objects found in surrounding text, JSON5-ish syntax rewritten as
 * JSON (trailing commas, single quotes, unquoted keys, comments, Python literals, NaN/Infinity,
 * unquoted fractions such as `8/10`), and an object cut off at the end of the text closed after its
 * last complete member. Every result carries the repairs it needed, by name, so a caller can report
 * how far the text was from JSON.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `JSON.parse`, or undefined when `text` is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON object found in text. */
export interface FoundObject {
  object: JsonObject;
  /** Repairs it needed, `truncated` first when the text ended inside it. */
  repairs: string[];
  /** Offset of its `{`. */
  start: number;
  /** Offset past its `}`; the end of the text when truncated. */
  end: number;
}

/** Outermost `{…}` spans that parse leniently; a span left open at the end is closed (truncated text). */
export function findJsonObjects(text: string): FoundObject[] {
  const found: FoundObject[] = [];
  let start = text.indexOf('{');
  while (start >= 0) {
    const span = readSpan(text, start);
    const parsed = parseLenient(span.source);
    if (parsed === undefined || !isObject(parsed.value)) {
      start = text.indexOf('{', start + 1); // not JSON (e.g. a brace in prose): look inside
      continue;
    }
    const repairs = span.truncated ? ['truncated', ...parsed.repairs] : parsed.repairs;
    found.push({ object: parsed.value, repairs, start, end: span.end });
    if (span.truncated) break; // it runs to the end of the text
    start = text.indexOf('{', span.end);
  }
  return found;
}

/**
 * The balanced `{…}` starting at `start`. If the text ends first, the span is cut after its last
 * complete member and its brackets are closed; the unfinished member is dropped rather than
 * guessed, so a cut-off `"overall": 8` (maybe 85) is not read as 8.
 */
function readSpan(text: string, start: number): { source: string; end: number; truncated: boolean } {
  const closers: string[] = [];
  let cut = { at: start, closing: '' };
  const closeAll = () => [...closers].reverse().join('');
  for (const token of tokens(text, start)) {
    if (token.unterminated) break;
    if (token.kind !== 'punct') continue;
    if (token.text === '{' || token.text === '[') {
      closers.push(token.text === '{' ? '}' : ']');
      cut = { at: token.end, closing: closeAll() };
    } else if (token.text === '}' || token.text === ']') {
      closers.pop();
      if (closers.length === 0) return { source: text.slice(start, token.end), end: token.end, truncated: false };
      cut = { at: token.end, closing: closeAll() };
    } else if (token.text === ',') {
      cut = { at: token.start, closing: closeAll() };
    }
  }
  return { source: text.slice(start, cut.at) + cut.closing, end: text.length, truncated: true };
}

// --- rewriting JSON5-ish source as JSON -------------------------------------------------------

const TOKEN_KINDS = ['string', 'comment', 'number', 'word', 'space', 'punct'] as const;

interface Token {
  kind: (typeof TOKEN_KINDS)[number];
  text: string;
  start: number;
  end: number;
  /** A string or block comment still open at the end of the text. */
  unterminated: boolean;
}

/** JSON5-ish tokens; a number may carry an unquoted fraction (`8/10`). */
const TOKEN = new RegExp(
  [
    String.raw`(?<string>"(?:[^"\\]|\\[\s\S])*(?<dqEnd>")?|'(?:[^'\\]|\\[\s\S])*(?<sqEnd>')?)`,
    String.raw`(?<comment>\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))`,
    String.raw`(?<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[ \t]*\/[ \t]*\d+(?:\.\d+)?)?)`,
    String.raw`(?<word>[\p{L}_$][\p{L}\p{N}_$]*)`,
    String.raw`(?<space>\s+)`,
    String.raw`(?<punct>[\s\S])`,
  ].join('|'),
  'uy',
);

function* tokens(text: string, from: number): Generator<Token> {
  const pattern = new RegExp(TOKEN); // own lastIndex: generators may interleave
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const groups = match.groups!;
    const kind = TOKEN_KINDS.find((name) => groups[name] !== undefined)!;
    const [token] = match;
    const unterminated =
      (kind === 'string' && groups.dqEnd === undefined && groups.sqEnd === undefined) ||
      (kind === 'comment' && token.startsWith('/*') && (token.length < 4 || !token.endsWith('*/')));
    yield { kind, text: token, start: match.index, end: pattern.lastIndex, unterminated };
  }
}

/** Non-JSON literals models write, with the name of their repair. */
const LITERALS = new Map([
  ['True', { json: 'true', repair: 'Python literals' }],
  ['False', { json: 'false', repair: 'Python literals' }],
  ['None', { json: 'null', repair: 'Python literals' }],
  ['NaN', { json: 'null', repair: 'NaN as null' }],
  ['Infinity', { json: 'null', repair: 'Infinity as null' }],
]);

/**
 * Rewrites JSON5-ish source as JSON token by token and parses it; undefined when it still is not
 * JSON or a string or block comment is left open. Each kind of repair is named once, in the order
 * first made.
 */
export function parseLenient(source: string): { value: unknown; repairs: string[] } | undefined {
  const all = [...tokens(source, 0)];
  if (all.some((token) => token.unterminated)) return undefined;
  const repairs = new Set<string>();
  const out: string[] = [];
  const isKey = (index: number) =>
    all.slice(index + 1).find((next) => next.kind !== 'space' && next.kind !== 'comment')?.text === ':';

  all.forEach((token, index) => {
    const { kind, text } = token;
    if (kind === 'comment') {
      repairs.add('comments');
    } else if (kind === 'string') {
      const valid = text.startsWith('"') && parseJson(text) !== undefined;
      if (!valid) repairs.add(text.startsWith("'") ? 'single quotes' : 'string escapes'); // raw newlines, \' …
      out.push(valid ? text : JSON.stringify(unescape(text.slice(1, -1))));
    } else if (kind === 'number' && text.includes('/')) {
      repairs.add('unquoted fraction');
      out.push(JSON.stringify(text.replace(/\s+/g, '')));
    } else if (kind === 'word' && LITERALS.has(text)) {
      const literal = LITERALS.get(text)!;
      repairs.add(literal.repair);
      out.push(literal.json);
    } else if (kind === 'word' && isKey(index)) {
      repairs.add('unquoted keys');
      out.push(JSON.stringify(text));
    } else if (text === '}' || text === ']') {
      const last = out.findLastIndex((piece) => piece.trim() !== '');
      if (out[last] === ',') {
        repairs.add('trailing comma');
        out.splice(last, 1);
      }
      out.push(text);
    } else {
      out.push(text);
    }
  });
  const value = parseJson(out.join(''));
  return value === undefined ? undefined : { value, repairs: [...repairs] };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** String-literal body → text, forgiving escapes JSON does not allow (`\'`). */
function unescape(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_, escape: string) =>
    escape.length === 5 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : (ESCAPES[escape] ?? escape),
  );
}
