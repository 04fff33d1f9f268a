import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../metrics/summary.js';
import { readRecords, recordsFileName } from '../run/record-store.js';
import { readRunMeta } from '../run/run-meta.js';
import { csvReporter } from './csv.js';
import { markdownReporter } from './markdown.js';
import type { Reporter, ReportInput } from './types.js';

const reporters: readonly Reporter[] = [csvReporter, markdownReporter];

/** Re-renders every report of a run directory from its records alone; returns the input for the terminal table. */
export function writeReports(runDir: string): ReportInput {
  const meta = readRunMeta(runDir);
  const { records } = readRecords(join(runDir, recordsFileName));
  const input: ReportInput = { meta, records, summary: summarize(records, meta.strategies.map((strategy) => strategy.id)) };
  for (const reporter of reporters) {
    for (const file of reporter.render(input)) writeFileSync(join(runDir, file.fileName), file.content);
  }
  return input;
}
