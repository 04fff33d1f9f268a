/**
 * From a judge model's reply to a rubric verdict — tolerant, but honest.
 *
 * A reply that yields no overall score is `failed` and has no score: a default (the original blog
 * code returned 5.0) would bias exactly the averages this tool exists to measure. Everything else
 * small local models write is recovered as `repaired`, each repair named in `notes`: fences and
 * prose around the JSON, JSON5-ish syntax (trailing commas, single quotes, unquoted keys, comments,
 * Python literals), scores as text or on another explicit scale, aliases of `overall`, missing
 * fields, a reply cut off after its `overall`, and a labelled "Score: 7/10" line in prose. The
 * JSON syntax repairs and truncation are `lenient-json.ts`'s; the rubric reading is here.
 */
import { splitThinking } from '../chat/thinking.js';
import { findJsonObjects, isObject, parseJson, type FoundObject, type JsonObject } from './lenient-json.js';
import { rubricSchema } from './verdict.js';
import type { Verdict } from '../records/verdict.js';

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

// --- finding the JSON object in the reply ---------------------------------------------------

/** The last JSON object with an overall score (an earlier one is usually the format example). */
function findRubricObject(text: string): { object: JsonObject; notes: string[] } | { reason: string } {
  const objects = findJsonObjects(text);
  const rubrics = objects.filter((found) => overallField(fieldsOf(found.object)) !== undefined);
  const chosen = rubrics.at(-1);
  if (chosen === undefined) {
    if (objects.length === 0) return { reason: 'no JSON object' };
    const truncated = objects.some((found) => found.repairs.includes('truncated'));
    return { reason: truncated ? 'JSON truncated before a complete overall' : 'JSON has no overall score' };
  }
  const notes = surroundingNotes(text, chosen);
  if (rubrics.length > 1) notes.push(`${rubrics.length} JSON objects with a score, used the last`);
  return { object: chosen.object, notes: [...notes, ...chosen.repairs] };
}

function surroundingNotes(text: string, found: FoundObject): string[] {
  const outside = `${text.slice(0, found.start)}\n${text.slice(found.end)}`;
  const fence = /(?:```|~~~)[\w-]*/g;
  const notes: string[] = [];
  if (fence.test(outside)) notes.push('code fence');
  if (outside.replace(fence, '').trim() !== '') notes.push('prose around JSON');
  return notes;
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
