/** A judge's rubric verdict on one answer, as records keep it (the schema the judge fills in: judges/verdict.ts). */

/**
 * `json`: the reply was the rubric JSON as asked, and nothing else; `repaired`: one complete, valid rubric object
 * inside wrappers that were taken off (a thinking block, a code fence, prose), its values as written; `failed`: no score.
 */
export type ParseStatus = 'json' | 'repaired' | 'failed';

export interface Verdict {
  parse: ParseStatus;
  /** Overall score on 0–10; absent iff `parse` is `failed` — never a default. */
  score?: number;
  criteria: Record<string, number>;
  issues: string[];
  suggestions: string[];
  assessment: string;
  /** The wrappers taken off (e.g. 'code fence') or why parsing failed. */
  notes: string[];
}
