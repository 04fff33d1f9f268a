import { shownTerms } from '../glossary-terms.js';
import type { ReportInput } from '../types.js';
import { bullets, section } from './blocks.js';

/** Every metric in the report, one line each (glossary-terms.ts, which report.html's hovers read too). */
export function glossary({ analysis }: ReportInput): string {
  return section('Glossary', bullets(shownTerms(analysis).map(({ term, definition }) => `**${term}**: ${definition}`)));
}
