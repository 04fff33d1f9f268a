import { compareRuns } from '../metrics/compare.js';
import { usesAscii } from '../platform/console.js';
import { renderComparison } from '../report/comparison-table.js';
import { exitCodes } from './exit-codes.js';
import { readRunSide, runDirProblem } from '../run/run-dir.js';

/** `bench compare <run-a> <run-b>`: B against A on the same tasks, with paired intervals. */
export function compareCommand(runA: string, runB: string, options: { ascii?: boolean } = {}): number {
  const problems = [runDirProblem('<run-a>', runA), runDirProblem('<run-b>', runB)].filter((problem) => problem !== undefined);
  if (problems.length > 0) {
    process.stderr.write(problems.map((problem) => `${problem}\n`).join(''));
    return exitCodes.usage;
  }
  const comparison = compareRuns(readRunSide(runA), readRunSide(runB));
  if ('refused' in comparison) {
    process.stderr.write(`cannot compare these runs: ${comparison.refused}\n`);
    return exitCodes.usage;
  }
  process.stdout.write(`A = ${runA}\nB = ${runB}\n${renderComparison(comparison.rows, { ascii: usesAscii(options.ascii) })}\n`);
  return exitCodes.ok;
}
