import { renderTerminalTable } from '../report/terminal-table.js';
import { writeReports } from '../report/write-reports.js';
import { mergeRuns } from '../run/merge-runs.js';
import { exitCodes } from './exit-codes.js';

/** `bench merge <run-dirs…> --out <dir>`: the shards of one run joined into one run directory, with its reports. */
export function mergeCommand(runDirs: string[], options: { out: string }): number {
  const merged = mergeRuns(runDirs, options.out);
  const report = writeReports(merged.runDir);
  process.stdout.write(`${renderTerminalTable(report)}\n`);
  process.stdout.write(`merged shards ${merged.shards.join(', ')}: ${merged.trials} trials; reports written to ${merged.runDir}\n`);
  return exitCodes.ok;
}
