import type { TerminalTableOptions } from '../report/terminal-table.js';
import { exitCodes } from './exit-codes.js';
import { printReports } from './print-reports.js';
import { isRunDir, notRunDir } from './run-side.js';

/** `bench report <run-dir>`: re-renders every report from the records; no model is called. */
export function reportCommand(runDir: string, options: TerminalTableOptions): number {
  if (!isRunDir(runDir)) {
    process.stderr.write(`${notRunDir(runDir)}\n`);
    return exitCodes.usage;
  }
  printReports(runDir, options);
  return exitCodes.ok;
}
