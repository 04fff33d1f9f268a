import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';

/** Trial notes (feedback fallbacks, prompts near the context limit, panel failures), counted by kind. */
export function notes({ records }: ReportInput): string {
  const counts = new Map<string, number>();
  for (const note of records.flatMap((record) => record.notes)) {
    // Numbers vary per trial; the kind of note is what a reader needs.
    const kind = note.replace(/\d+/g, 'N');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (counts.size === 0) return '';
  return section('Notes', markdownTable(['note', 'trials'], [...counts].map(([kind, trials]) => [kind, String(trials)])));
}
