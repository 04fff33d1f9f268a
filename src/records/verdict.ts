/** A judge's rubric verdict on one answer, as records keep it (the schema the judge fills in: judges/verdict.ts). */

/** `json`: the reply was the rubric JSON as asked; `repaired`: it was recovered (see `notes`); `failed`: no score. */
export type ParseStatus = 'json' | 'repaired' | 'failed';

export interface Verdict {
  parse: ParseStatus;
  /** Overall score on 0–10; absent iff `parse` is `failed` — never a default. */
  score?: number;
  criteria: Record<string, number>;
  issues: string[];
  suggestions: string[];
  assessment: string;
  /** What was repaired (e.g. 'trailing comma', 'scale 85/100') or why parsing failed. */
  notes: string[];
}
