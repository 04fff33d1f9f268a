import { pairwiseJudgesTable, pairwiseLead, pairwiseRatesTable } from '../pairwise-text.js';
import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';

/** Final answers against first ones, judged pairwise in both orders; each judge's position consistency. */
export function pairwise({ analysis }: ReportInput): string {
  if (!analysis.pairwise) return '';
  const rates = pairwiseRatesTable(analysis.pairwise);
  const judges = pairwiseJudgesTable(analysis.pairwise);
  return section(
    'Pairwise: did the final answer beat the first?',
    pairwiseLead,
    markdownTable(rates.head, rates.rows),
    '### Pairwise judges',
    "Position consistency: the share of pairs asked in both orders (both replies read) whose two orders gave the same preference. On code tasks, where exactly one of the two answers passes the hidden tests, a judge that prefers the failing one is wrong.",
    markdownTable(judges.head, judges.rows),
  );
}
