import { detectionPower } from '../../metrics/power.js';
import { percent, plusMinusPoints, pointsWithInterval, pValue } from '../format.js';
import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';

/** Baseline → strategy outcome counts on the same trials: where the Δ comes from. */
export function pairedOutcomes({ analysis }: ReportInput): string {
  const baseline = analysis.baseline ?? 'one-shot';
  const compared = analysis.results.flatMap((result) => (result.vsBaseline ? [{ result, comparison: result.vsBaseline }] : []));
  const title = `Task by task against ${baseline}`;
  if (compared.length === 0) {
    return section(title, analysis.baseline ? `No strategy has trials paired with ${baseline}.` : 'This run has no one-shot strategy, so there is no baseline to pair with.');
  }
  return section(
    title,
    `Each trial of a strategy is paired with the ${baseline} trial on the same task, generator and repeat. "pass→fail" counts pairs where ${baseline} passed and the strategy failed. Only the two discordant columns (pass→fail, fail→pass) move Δ and McNemar's p. The last column is the smallest true Δ this comparison would detect with ${percent(detectionPower, 0)} power (see the caveats).`,
    markdownTable(
      ['strategy', 'generator', 'pairs', 'pass→pass', 'pass→fail', 'fail→pass', 'fail→fail', 'Δ [95% CI]', 'p (McNemar)', 'min. detectable Δ'],
      compared.map(({ result, comparison }) => [
        result.strategy,
        result.generator,
        String(comparison.pairs),
        String(comparison.outcomes.passPass),
        String(comparison.outcomes.passFail),
        String(comparison.outcomes.failPass),
        String(comparison.outcomes.failFail),
        pointsWithInterval(comparison.delta),
        pValue(comparison.mcnemarP),
        plusMinusPoints(comparison.minimumDetectableDelta),
      ]),
    ),
  );
}
