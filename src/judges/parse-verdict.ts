/**
 * From a judge model's reply to a rubric verdict — tolerant, but honest.
 *
 * A reply that yields no overall score is `failed` and has no score: a default (the original blog
 * code returned 5.0) would bias exactly the averages this tool exists to measure. Everything else
 * small local models write is recovered as `repaired`, each repair named in `notes`: fences and
 * prose around the JSON, JSON5-ish syntax (trailing commas, single quotes, unquoted keys, comments,
 * Python literals), scores as text or on another explicit scale, aliases of `overall`, missing
 * fields, a reply cut off after its `overall`, and a labelled "Score: 7/10" line in prose.
 */
import { splitThinking } from '../providers/thinking.js';
import { rubricSchema, type Verdict } from './verdict.js';

export function parseVerdict(raw: string, criteria: readonly string[]): Verdict {
  const text = splitThinking(raw).text.trim(); // reasoning is not part of the answer
  if (text === '') return failed(['empty reply']);

  const strict = rubricSchema(criteria).safeParse(parseJson(text));
  if (strict.success) {
    const { overall, ...fields } = strict.data;
    return { parse: 'json', score: overall, ...fields, notes: [] };
  }

  const found = findRubricObject(text);
  if ('object' in found) return verdictFrom(found.object, criteria, found.notes);
  return proseVerdict(text) ?? failed([found.reason, 'no labelled score in prose']);
}

type JsonObject = Record<string, unknown>;

function failed(notes: string[]): Verdict {
  return { parse: 'failed', criteria: {}, issues: [], suggestions: [], assessment: '', notes };
}

// --- the rubric fields ----------------------------------------------------------------------

/** Keys a judge uses for the overall score, most specific first (총점 = total, 점수 = score). */
const OVERALL_KEYS = ['overall', 'overall_score', '총점', 'score', 'rating', '점수'];
/** Keys that state the scale of every score in the object, e.g. `"scale": 5`. */
const SCALE_KEYS = ['scale', 'max_score', 'out_of'];

interface Field {
  key: string;
  value: unknown;
}

/** Fields by normalized key, so `Overall Score`, `overallScore` and `overall-score` all match. */
function fieldsOf(object: JsonObject): Map<string, Field> {
  return new Map(Object.entries(object).map(([key, value]) => [normalizeKey(key), { key, value }]));
}

function normalizeKey(key: string): string {
  return key
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function overallField(fields: Map<string, Field>): Field | undefined {
  return OVERALL_KEYS.map((key) => fields.get(key)).find((field) => field !== undefined);
}

function verdictFrom(object: JsonObject, criteria: readonly string[], notes: string[]): Verdict {
  const fields = fieldsOf(object);
  const overall = overallField(fields)!; // findRubricObject only returns objects with one
  noteKeyRead(overall.key, 'overall', notes);
  const scale = SCALE_KEYS.map((key) => explicitScale(fields.get(key)?.value)).find((s) => s !== undefined);
  const score = readScore('overall', overall.value, scale, notes);
  if (score === undefined) return failed(notes);
  return {
    parse: 'repaired',
    score,
    criteria: readCriteria(fields, criteria, scale, notes),
    issues: readTextList('issues', fields.get('issues')?.value, notes),
    suggestions: readTextList('suggestions', fields.get('suggestions')?.value, notes),
    assessment: readText('assessment', fields.get('assessment')?.value, notes),
    notes,
  };
}

function noteKeyRead(key: string, name: string, notes: string[]): void {
  if (key !== name) notes.push(`"${key}" read as ${name}`);
}

/** The top of a stated scale: `5`, `"5"`, `"1-5"`, `"0 to 100"`. */
function explicitScale(value: unknown): number | undefined {
  const top = typeof value === 'string' ? Number(/(\d+(?:\.\d+)?)\s*$/.exec(value)?.[1]) : value;
  return typeof top === 'number' && top > 0 ? top : undefined;
}

/** A number, `"8"`, `"8/10"`, `"85 out of 100"`, `"8.5 points"`, `"8점"`. */
const SCORE_TEXT = /^(-?\d+(?:\.\d+)?)\s*(?:(?:\/|out of)\s*(\d+(?:\.\d+)?))?\s*(?:\p{L}+\.?)?$/iu;

/**
 * A score on 0–10, or undefined (the reason noted). Rescaled only when the scale is explicit, or
 * when the value exceeds 10 and so cannot be on 0–10: up to 100 it is read as a percentage.
 */
function readScore(label: string, value: unknown, scale: number | undefined, notes: string[]): number | undefined {
  let points: number;
  if (typeof value === 'number') {
    points = value;
  } else if (typeof value === 'string' && SCORE_TEXT.test(value.trim())) {
    const [, number, outOf] = SCORE_TEXT.exec(value.trim())!;
    points = Number(number);
    if (outOf !== undefined) scale = Number(outOf);
    notes.push(`${label} as text "${value}"`);
  } else {
    notes.push(`${label} is not a score: ${JSON.stringify(value)}`);
    return undefined;
  }

  if (points < 0) {
    notes.push(`${label} ${points} is negative`);
    return undefined;
  }
  if (scale !== undefined) {
    if (scale <= 0 || points > scale) {
      notes.push(`${label} ${points}/${scale} is off its scale`);
      return undefined;
    }
    if (scale !== 10) notes.push(`${label} scale ${points}/${scale}`);
    return (points * 10) / scale;
  }
  if (points <= 10) return points;
  if (points <= 100) {
    notes.push(`${label} scale ${points}/100 (assumed percent)`);
    return points / 10;
  }
  notes.push(`${label} ${points} exceeds 100`);
  return undefined;
}

/** From `criteria`, or from the top level where some models flatten them; unreadable ones are left out. */
function readCriteria(
  fields: Map<string, Field>,
  criteria: readonly string[],
  scale: number | undefined,
  notes: string[],
): Record<string, number> {
  const nested = fields.get('criteria')?.value;
  const source = isObject(nested) ? fieldsOf(nested) : fields;
  const scores: Record<string, number> = {};
  const missing: string[] = [];
  for (const name of criteria) {
    const field = source.get(normalizeKey(name));
    if (field === undefined) {
      missing.push(name);
      continue;
    }
    noteKeyRead(field.key, name, notes);
    const score = readScore(name, field.value, scale, notes);
    if (score !== undefined) scores[name] = score;
  }
  if (source === fields && missing.length < criteria.length) notes.push('criteria at top level');
  if (missing.length > 0) notes.push(`missing criteria: ${missing.join(', ')}`);
  return scores;
}

function readTextList(label: string, value: unknown, notes: string[]): string[] {
  if (value === undefined || value === null) {
    notes.push(`missing ${label}`);
    return [];
  }
  if (typeof value === 'string') {
    notes.push(`${label} as a single string`);
    return value.trim() === '' ? [] : [value];
  }
  if (!Array.isArray(value)) {
    notes.push(`${label} is not a list`);
    return [];
  }
  if (value.some((item) => typeof item !== 'string')) notes.push(`${label} items as text`);
  return value.map(asText);
}

function readText(label: string, value: unknown, notes: string[]): string {
  if (value === undefined || value === null) {
    notes.push(`missing ${label}`);
    return '';
  }
  if (typeof value !== 'string') notes.push(`${label} as text`);
  return asText(value);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// --- finding the JSON object in the reply ---------------------------------------------------

interface Candidate {
  object: JsonObject;
  notes: string[];
  start: number;
  end: number;
}

/** The last JSON object with an overall score (an earlier one is usually the format example). */
function findRubricObject(text: string): { object: JsonObject; notes: string[] } | { reason: string } {
  const objects = jsonObjects(text);
  const rubrics = objects.filter((candidate) => overallField(fieldsOf(candidate.object)) !== undefined);
  const chosen = rubrics.at(-1);
  if (chosen === undefined) {
    if (objects.length === 0) return { reason: 'no JSON object' };
    const truncated = objects.some((candidate) => candidate.notes.includes('truncated'));
    return { reason: truncated ? 'JSON truncated before a complete overall' : 'JSON has no overall score' };
  }
  const notes = surroundingNotes(text, chosen);
  if (rubrics.length > 1) notes.push(`${rubrics.length} JSON objects with a score, used the last`);
  return { object: chosen.object, notes: [...notes, ...chosen.notes] };
}

/** Outermost `{…}` spans that parse leniently; a span left open at the end is closed (truncated reply). */
function jsonObjects(text: string): Candidate[] {
  const found: Candidate[] = [];
  let start = text.indexOf('{');
  while (start >= 0) {
    const span = readSpan(text, start);
    const parsed = parseLenient(span.source);
    if (parsed === undefined) {
      start = text.indexOf('{', start + 1); // not JSON (e.g. a brace in prose): look inside
      continue;
    }
    const notes = span.truncated ? ['truncated', ...parsed.notes] : parsed.notes;
    found.push({ object: parsed.object, notes, start, end: span.end });
    if (span.truncated) break; // it runs to the end of the reply
    start = text.indexOf('{', span.end);
  }
  return found;
}

function surroundingNotes(text: string, candidate: Candidate): string[] {
  const outside = `${text.slice(0, candidate.start)}\n${text.slice(candidate.end)}`;
  const fence = /(?:```|~~~)[\w-]*/g;
  const notes: string[] = [];
  if (fence.test(outside)) notes.push('code fence');
  if (outside.replace(fence, '').trim() !== '') notes.push('prose around JSON');
  return notes;
}

/**
 * The balanced `{…}` starting at `start`. If the reply ends first, the span is cut after its last
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

// --- lenient JSON -----------------------------------------------------------------------------

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

/** Non-JSON literals models write, with the note their repair gets. */
const LITERALS = new Map([
  ['True', { json: 'true', note: 'Python literals' }],
  ['False', { json: 'false', note: 'Python literals' }],
  ['None', { json: 'null', note: 'Python literals' }],
  ['NaN', { json: 'null', note: 'NaN as null' }],
  ['Infinity', { json: 'null', note: 'Infinity as null' }],
]);

/** Rewrites JSON5-ish source as JSON token by token, noting each kind of repair. */
function parseLenient(source: string): { object: JsonObject; notes: string[] } | undefined {
  const all = [...tokens(source, 0)];
  if (all.some((token) => token.unterminated)) return undefined;
  const notes = new Set<string>();
  const out: string[] = [];
  const isKey = (index: number) =>
    all.slice(index + 1).find((next) => next.kind !== 'space' && next.kind !== 'comment')?.text === ':';

  all.forEach((token, index) => {
    const { kind, text } = token;
    if (kind === 'comment') {
      notes.add('comments');
    } else if (kind === 'string') {
      const valid = text.startsWith('"') && parseJson(text) !== undefined;
      if (!valid) notes.add(text.startsWith("'") ? 'single quotes' : 'string escapes'); // raw newlines, \' …
      out.push(valid ? text : JSON.stringify(unescape(text.slice(1, -1))));
    } else if (kind === 'number' && text.includes('/')) {
      notes.add('unquoted fraction');
      out.push(JSON.stringify(text.replace(/\s+/g, '')));
    } else if (kind === 'word' && LITERALS.has(text)) {
      const literal = LITERALS.get(text)!;
      notes.add(literal.note);
      out.push(literal.json);
    } else if (kind === 'word' && isKey(index)) {
      notes.add('unquoted keys');
      out.push(JSON.stringify(text));
    } else if (text === '}' || text === ']') {
      const last = out.findLastIndex((piece) => piece.trim() !== '');
      if (out[last] === ',') {
        notes.add('trailing comma');
        out.splice(last, 1);
      }
      out.push(text);
    } else {
      out.push(text);
    }
  });
  const value = parseJson(out.join(''));
  return isObject(value) ? { object: value, notes: [...notes] } : undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** String-literal body → text, forgiving escapes JSON does not allow (`\'`). */
function unescape(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_, escape: string) =>
    escape.length === 5 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : (ESCAPES[escape] ?? escape),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// --- a score in prose -------------------------------------------------------------------------

/**
 * An explicitly labelled score: "Overall score: 7/10", "**Score:** 8", "총점: 85/100". A bare
 * `score`/`rating` right after another word ("Correctness score: 9") is a criterion, not the verdict.
 */
const NOT_AFTER_A_WORD = String.raw`(?<![\p{L}\p{N}_][ \t]*)`;
const SCORE_LABEL = [
  String.raw`(?<overall>\boverall(?:[ \t]+(?:score|rating))?|총점)`,
  String.raw`${NOT_AFTER_A_WORD}(?:(?:final|total)[ \t]+)?(?:score|rating)`,
  String.raw`${NOT_AFTER_A_WORD}점수`,
].join('|');
const PROSE_SCORE = new RegExp(
  String.raw`(?:${SCORE_LABEL})[ \t*_]*[:：=][ \t*_]*(?<points>-?\d+(?:\.\d+)?)` + // "**Score:** 7"
    String.raw`(?:[ \t]*(?:\/|out of)[ \t]*(?<scale>\d+(?:\.\d+)?))?`,
  'giu',
);

/** The last overall-labelled score in prose, else the last score-labelled one; criteria stay empty. */
function proseVerdict(text: string): Verdict | undefined {
  const matches = [...text.matchAll(PROSE_SCORE)];
  const match = matches.filter((m) => m.groups!.overall !== undefined).at(-1) ?? matches.at(-1);
  if (match === undefined) return undefined;
  const { points, scale } = match.groups!;
  const notes = ['prose score'];
  const score = readScore('overall', Number(points), scale === undefined ? undefined : Number(scale), notes);
  if (score === undefined) return failed(notes);
  return { parse: 'repaired', score, criteria: {}, issues: [], suggestions: [], assessment: text, notes };
}
