import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { usesAscii } from '../platform/console.js';
import { renderTerminalTable } from '../report/terminal-table.js';
import { writeReports } from '../report/write-reports.js';
import { runMetaFileName } from '../records/run-meta.js';
import { exitCodes } from './exit-codes.js';

/** `bench report <run-dir>`: re-renders every report from the records; no model is called. */
export function reportCommand(runDir: string, options: { ascii?: boolean } = {}): number {
  if (!existsSync(join(runDir, runMetaFileName))) {
    process.stderr.write(`${runDir} is not a run directory (no ${runMetaFileName})\n`);
    return exitCodes.usage;
  }
  const report = writeReports(runDir);
  process.stdout.write(`${renderTerminalTable(report, { ascii: usesAscii(options.ascii) })}\nreports written to ${runDir}\n`);
  return exitCodes.ok;
}
