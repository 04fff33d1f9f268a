import { caveatItems } from '../caveats-text.js';
import { markdownText } from '../rich-text.js';
import type { ReportInput } from '../types.js';
import { bullets, section } from './blocks.js';

/** What the numbers can and cannot say (caveats-text.ts, shared with report.html). */
export function caveats(input: ReportInput): string {
  return section('Caveats', bullets(caveatItems(input).map(markdownText)));
}
