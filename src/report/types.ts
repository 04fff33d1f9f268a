import type { SummaryRow } from '../metrics/summary.js';
import type { TrialRecord } from '../run/record.js';
import type { RunMeta } from '../run/run-meta.js';

/** Everything a report reads: the records and what the run was. Never a model. */
export interface ReportInput {
  meta: RunMeta;
  records: readonly TrialRecord[];
  summary: readonly SummaryRow[];
}

export interface ReportFile {
  fileName: string;
  content: string;
}

export interface Reporter {
  readonly name: string;
  render(input: ReportInput): ReportFile[];
}
