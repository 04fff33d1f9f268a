import { computeMatchedLead, computeMatchedTable, frontierDescription, noFrontier } from '../compute-matched-text.js';
import type { ReportInput } from '../types.js';
import { bullets, markdownTable, section } from './blocks.js';

/** Each strategy's budget beside what the same generations buy as independent samples. */
export function computeMatched({ analysis }: ReportInput): string {
  const { head, rows } = computeMatchedTable(analysis);
  if (rows.length === 0) return '';
  const frontiers = frontierDescription(analysis);
  return section(
    'Compute-matched comparison',
    computeMatchedLead,
    frontiers.length > 0 ? `Resampling, per generator:\n\n${bullets(frontiers)}` : noFrontier,
    markdownTable(head, rows),
  );
}
