import type { SummaryRow } from '../metrics/summary.js';
import { decimal, milliseconds, proportionWithInterval } from './format.js';

/** The headline table as rows of text, shared by the terminal table and the markdown report. */
export const headlineColumns = [
  'strategy',
  'feedback',
  'generator',
  'pass@1 [95% CI]',
  'tasks',
  'errors',
  'iterations',
  'p50 / p95 per task',
  'tokens in / out',
  'wall / model-reported',
] as const;

export function headlineRows(summary: readonly SummaryRow[]): string[][] {
  return summary.map((row) => [
    row.strategy,
    row.feedback,
    `${row.generator} (${row.model})`,
    proportionWithInterval(row.passAt1),
    `${row.passAt1.successes}/${row.graded}`,
    String(row.errors),
    decimal(row.meanIterations),
    `${milliseconds(row.taskMsP50)} / ${milliseconds(row.taskMsP95)}`,
    `${row.tokensIn} / ${row.tokensOut}`,
    `${milliseconds(row.wallMs)} / ${milliseconds(row.modelReportedMs)}`,
  ]);
}
