import { writeFileSync } from 'node:fs';
import path from 'node:path';
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

export interface WrittenReports {
  /** What the terminal table is rendered from. */
  input: ReportInput;
  /** The paths written. */
  files: string[];
}

/** Re-renders every report of a run directory from its records alone. */
export function writeReports(runDir: string): WrittenReports {
  const { records } = readRecords(path.join(runDir, recordsFileName));
  const recognition = readRecords<RecognitionRecord>(path.join(runDir, recognitionFileName)).records;
  const input = { ...buildReportInput(readRunMeta(runDir), records, readStoredConfig(runDir), recognition), promptOf: (hash: string) => readPrompt(runDir, hash) };
  const files = reportFiles(runDir, input);
  for (const file of files) writeFileSync(file.path, file.content);
  return { input, files: files.map((file) => file.path) };
}

/** Every report of a run and where it goes in the run directory, by the path rules given (this platform's by default). */
export function reportFiles(runDir: string, input: ReportInput, paths: path.PlatformPath = path): { path: string; content: string }[] {
  return reporters.flatMap((reporter) => reporter.render(input).map((file) => ({ path: paths.join(runDir, file.fileName), content: file.content })));
}
