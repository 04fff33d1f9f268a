import { compareRuns } from '../metrics/compare.js';
import { renderComparison } from '../report/comparison-table.js';
import { exitCodes } from './exit-codes.js';
import { isRunDir, notRunDir, readRunSide } from './run-side.js';

/** `bench compare <run-a> <run-b>`: B against A on the same tasks, with paired intervals. */
export function compareCommand(runA: string, runB: string): number {
  const missing = [runA, runB].find((dir) => !isRunDir(dir));
  if (missing !== undefined) {
    process.stderr.write(`${notRunDir(missing)}\n`);
    return exitCodes.usage;
  }
  const comparison = compareRuns(readRunSide(runA), readRunSide(runB));
  if ('refused' in comparison) {
    process.stderr.write(`cannot compare these runs: ${comparison.refused}\n`);
    return exitCodes.usage;
  }
  process.stdout.write(`A = ${runA}\nB = ${runB}\n${renderComparison(comparison.rows)}\n`);
  return exitCodes.ok;
}
