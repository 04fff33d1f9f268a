import Table from 'cli-table3';
import { join } from 'node:path';
import { compareRuns } from '../metrics/compare.js';
import { usesAscii } from '../platform/console.js';
import { consoleTableOptions } from '../report/console-table.js';
import { decimal, percent } from '../report/format.js';
import { readRecords, recordsFileName } from '../records/record-store.js';
import { readRunMeta } from '../records/run-meta.js';
import { exitCodes } from './exit-codes.js';
import { runDirProblem } from './run-dir-argument.js';

/** `bench compare <run-a> <run-b>`: B against A on the same tasks, with paired intervals. */
export function compareCommand(runA: string, runB: string, options: { ascii?: boolean } = {}): number {
  const problems = [runDirProblem('<run-a>', runA), runDirProblem('<run-b>', runB)].filter((problem) => problem !== undefined);
  if (problems.length > 0) {
    process.stderr.write(problems.map((problem) => `${problem}\n`).join(''));
    return exitCodes.usage;
  }
  const side = (dir: string) => ({ meta: readRunMeta(dir), records: readRecords(join(dir, recordsFileName)).records });
  const comparison = compareRuns(side(runA), side(runB));
  if ('refused' in comparison) {
    process.stderr.write(`cannot compare these runs: ${comparison.refused}\n`);
    return exitCodes.usage;
  }
  const table = new Table({ head: ['strategy', 'generator', 'pass@1 A', 'pass@1 B', 'Δ (B − A) [95% CI]', 'McNemar p', 'pairs'], ...consoleTableOptions(usesAscii(options.ascii)) });
  for (const row of comparison.rows) {
    table.push([
      row.strategyId,
      row.generator,
      percent(row.baselinePassAt1),
      percent(row.strategyPassAt1),
      `${signedPoints(row.delta.value)} [${signedPoints(row.delta.low)}, ${signedPoints(row.delta.high)}]`,
      decimal(row.mcnemarP, 3),
      String(row.pairs),
    ]);
  }
  process.stdout.write(`A = ${runA}\nB = ${runB}\n${table.toString()}\n`);
  return exitCodes.ok;
}

function signedPoints(value: number): string {
  const points = value * 100;
  return `${points >= 0 ? '+' : ''}${points.toFixed(1)} pt`;
}
