import { compareRuns, incomparability, outlineOf, regressions, type RunOutline } from '../metrics/compare.js';
import { significanceLevel } from '../metrics/statistics.js';
import { renderComparison } from '../report/comparison-table.js';
import { usesAscii } from '../platform/console.js';
import { exitCodes } from './exit-codes.js';
import { readRunSide } from '../run/run-dir.js';

/** The rule `--fail-on-regression` applies to each strategy × generator, as its messages state it. */
export const regressionRule = `Δ < 0 and McNemar p < ${significanceLevel}`;

/** Why the baseline and this run cannot be compared, in `compareRuns`' words (the baseline is its first run). */
const cannotCompare = (baselineDir: string, reason: string) =>
  `--fail-on-regression: cannot compare with ${baselineDir} (the first run; this run is the second): ${reason}`;

/**
 * Before the run: why the baseline could not be compared with the run as planned (another dataset, tasks only in one,
 * no strategy × generator in common), or undefined. Checked again after the run, whose trials may fail otherwise.
 */
export function incomparableBaseline(baselineDir: string, planned: RunOutline): string | undefined {
  const reason = incomparability(outlineOf(readRunSide(baselineDir)), planned);
  return reason === undefined ? undefined : cannotCompare(baselineDir, reason);
}

/**
 * `--fail-on-regression <baseline-run>`: after the run, each strategy against the same strategy in the baseline on the
 * same tasks. Exit 3 when any is significantly worse (`regressionRule`), listing them; 2 when the runs cannot be
 * compared (other tasks); 0 otherwise.
 */
export function checkRegressions(baselineDir: string, runDir: string, { ascii }: { ascii?: boolean | undefined } = {}): number {
  const comparison = compareRuns(readRunSide(baselineDir), readRunSide(runDir));
  if ('refused' in comparison) {
    process.stderr.write(`${cannotCompare(baselineDir, comparison.refused)}\n`);
    return exitCodes.usage;
  }
  const worse = regressions(comparison);
  if (worse.length === 0) {
    process.stdout.write(`no regression against ${baselineDir} (none with ${regressionRule}), on ${comparison.rows.length} strategy × generator rows\n`);
    return exitCodes.ok;
  }
  process.stdout.write(`regression against ${baselineDir}: ${worse.length} significantly worse (${regressionRule}); A = the baseline, B = this run\n${renderComparison(worse, { ascii: usesAscii(ascii) })}\n`);
  return exitCodes.regression;
}
