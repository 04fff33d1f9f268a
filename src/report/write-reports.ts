import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords, recognitionFileName, recordsFileName } from '../records/record-store.js';
import type { RecognitionRecord } from '../records/recognition.js';
import { readPrompt } from '../records/prompt-store.js';
import { readRunMeta } from '../records/run-meta.js';
import { csvReporter } from './csv.js';
import { htmlReporter } from './html/html-reporter.js';
import { markdownReporter } from './markdown.js';
import { buildReportInput } from './report-input.js';
import { readStoredConfig } from '../config/stored-config.js';
import type { Reporter, ReportInput } from './types.js';

const reporters: readonly Reporter[] = [csvReporter, markdownReporter, htmlReporter];

/** Re-renders every report of a run directory from its records alone; returns the input for the terminal table. */
export function writeReports(runDir: string): ReportInput {
  const { records } = readRecords(join(runDir, recordsFileName));
  const recognition = readRecords<RecognitionRecord>(join(runDir, recognitionFileName)).records;
  const input = { ...buildReportInput(readRunMeta(runDir), records, readStoredConfig(runDir), recognition), promptOf: (hash: string) => readPrompt(runDir, hash) };
  for (const reporter of reporters) {
    for (const file of reporter.render(input)) writeFileSync(join(runDir, file.fileName), file.content);
  }
  return input;
}
