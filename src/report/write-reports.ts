import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords, recordsFileName } from '../records/record-store.js';
import { readRunMeta } from '../records/run-meta.js';
import { csvReporter } from './csv.js';
import { htmlReporter } from './html/html-reporter.js';
import { markdownReporter } from './markdown.js';
import { buildReportInput } from './report-input.js';
import { readStoredConfig } from '../config/stored-config.js';
import type { Reporter, ReportInput } from './types.js';

const reporters: readonly Reporter[] = [csvReporter, markdownReporter, htmlReporter];

export interface WrittenReports {
  /** What the terminal table is rendered from. */
  input: ReportInput;
  /** The paths written. */
  files: string[];
}

/** Re-renders every report of a run directory from its records alone. */
export function writeReports(runDir: string): WrittenReports {
  const { records } = readRecords(join(runDir, recordsFileName));
  const input = buildReportInput(readRunMeta(runDir), records, readStoredConfig(runDir));
  const files = reporters.flatMap((reporter) =>
    reporter.render(input).map((file) => {
      const path = join(runDir, file.fileName);
      writeFileSync(path, file.content);
      return path;
    }),
  );
  return { input, files };
}
