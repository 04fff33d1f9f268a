import { usesAscii } from '../platform/console.js';
import { renderTerminalTable } from '../report/terminal-table.js';
import { writeReports } from '../report/write-reports.js';
import { exitCodes } from './exit-codes.js';
import { runDirProblem } from './run-dir-argument.js';

/** `bench report <run-dir>`: re-renders every report from the records; no model is called. */
export function reportCommand(runDir: string, options: { ascii?: boolean } = {}): number {
  const problem = runDirProblem('<run-dir>', runDir);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    return exitCodes.usage;
  }
  const report = writeReports(runDir);
  process.stdout.write(`${renderTerminalTable(report, { ascii: usesAscii(options.ascii) })}\nreports written to ${runDir}\n`);
  return exitCodes.ok;
}
