/** A judge's rubric verdict on one answer, as records keep it (the schema the judge fills in: judges/verdict.ts). */
import type { ParseStatus } from './lists.js';

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
