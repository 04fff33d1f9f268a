import { compareRuns, regressionAlpha, regressions } from '../metrics/compare.js';
import { renderComparison } from '../report/comparison-table.js';
import { usesAscii } from '../platform/console.js';
import { exitCodes } from './exit-codes.js';
import { readRunSide } from '../run/run-dir.js';

/**
 * `--fail-on-regression <baseline-run>`: after the run, each strategy against the same strategy in the baseline on the
 * same tasks. Exit 3 when any is significantly worse (Δ < 0 and McNemar p < 0.05), listing them; 2 when the runs cannot
 * be compared (other tasks); 0 otherwise.
 */
export function checkRegressions(baselineDir: string, runDir: string, { ascii }: { ascii?: boolean | undefined } = {}): number {
  const comparison = compareRuns(readRunSide(baselineDir), readRunSide(runDir));
  if ('refused' in comparison) {
    process.stderr.write(`--fail-on-regression: cannot compare with ${baselineDir}: ${comparison.refused}\n`);
    return exitCodes.usage;
  }
  const worse = regressions(comparison);
  const rule = `Δ < 0 and McNemar p < ${regressionAlpha}`;
  if (worse.length === 0) {
    process.stdout.write(`no regression against ${baselineDir} (none with ${rule}), on ${comparison.rows.length} strategy × generator rows\n`);
    return exitCodes.ok;
  }
  process.stdout.write(`regression against ${baselineDir}: ${worse.length} significantly worse (${rule}); A = the baseline, B = this run\n${renderComparison(worse, { ascii: usesAscii(ascii) })}\n`);
  return exitCodes.regression;
}
