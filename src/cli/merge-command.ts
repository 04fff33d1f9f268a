import { mergeRuns } from '../run/merge-runs.js';
import { exitCodes } from './exit-codes.js';
import { printReports } from './print-reports.js';

/** `bench merge <run-dirs…> --out <dir>`: the shards of one run joined into one run directory, with its reports. */
export function mergeCommand(runDirs: string[], options: { out: string }): number {
  const merged = mergeRuns(runDirs, options.out);
  process.stdout.write(`merged shards ${merged.shards.join(', ')}: ${merged.trials} trials\n`);
  printReports(merged.runDir, {});
  return exitCodes.ok;
}
