import { join } from 'node:path';
import { usesAscii } from '../platform/console.js';
import { htmlReportFileName } from '../report/html/html-reporter.js';
import { renderTerminalTable, type TerminalTableOptions } from '../report/terminal-table.js';
import { writeReports } from '../report/write-reports.js';

/** Writes every report of a run from its records, prints the table, and ends with the file to open. */
export function printReports(runDir: string, options: TerminalTableOptions): void {
  const { input, files } = writeReports(runDir);
  const table = renderTerminalTable(input, { ...options, ascii: usesAscii(options.ascii) });
  const page = join(runDir, htmlReportFileName);
  const open = files.includes(page) ? [`open ${page}`] : [];
  process.stdout.write([table, `reports written to ${runDir}`, ...open].map((line) => `${line}\n`).join(''));
}
