import type { TerminalTableOptions } from '../report/terminal-table.js';
import { exitCodes } from './exit-codes.js';
import { printReports } from './print-reports.js';
import { runDirProblem } from '../run/run-dir.js';

/** `bench report <run-dir>`: re-renders every report from the records; no model is called. */
export function reportCommand(runDir: string, options: TerminalTableOptions): number {
  const problem = runDirProblem('<run-dir>', runDir);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    return exitCodes.usage;
  }
  printReports(runDir, options);
  return exitCodes.ok;
}
