import type { StrategyResult } from '../../metrics/analysis.js';
import { decimal, notAvailable, percent, points, rateWithCounts } from '../format.js';
import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';
import { STOP_REASONS } from '../../records/lists.js';

/** What retrying did: fixes and breaks of the first answer, step-to-step transitions, and how often the feedback misled. */
export function retrying({ analysis }: ReportInput): string {
  return section(
    'Retrying: fixes, breaks and the feedback signal',
    'Fix rate: of trials whose first answer failed the hidden tests, the share whose final answer passes; break rate: of those whose first answer passed, the share whose final answer fails. Recover / regress are the same per retry step (attempt i → i+1), pooled. Feedback false positives: attempts whose feedback tests passed but whose hidden tests failed.',
    markdownTable(
      ['strategy', 'generator', 'fix rate', 'break rate', 'net gain', 'recover (i→i+1)', 'regress (i→i+1)', 'feedback false positives'],
      analysis.results.map((result) => [
        result.strategy,
        result.generator,
        rateWithCounts(result.fixAndBreak.fixRate),
        rateWithCounts(result.fixAndBreak.breakRate),
        points(result.fixAndBreak.netGain),
        rateWithCounts(result.transitions.pooled.recover),
        rateWithCounts(result.transitions.pooled.regress),
        rateWithCounts(result.iterations.feedbackFalsePositive),
      ]),
    ),
  );
}

/** pass@1 as it would be if every trial stopped after i attempts; with plus inputs, base vs plus per attempt. */
export function passByIteration({ analysis }: ReportInput): string {
  const longest = Math.max(0, ...analysis.results.map((result) => result.passByIteration.length));
  if (longest === 0) return '';
  const iterations = Array.from({ length: longest }, (_, index) => index + 1);
  const cell = (result: StrategyResult, iteration: number) => {
    const rate = result.passByIteration[iteration - 1];
    return rate ? `${percent(rate.carriedForward.value)} (${rate.reached.n})` : notAvailable;
  };
  return section(
    'Pass rate by iteration',
    "Each trial's answer at iteration i — the i-th attempt while it was still going, its submitted answer once it had stopped — so the last column is the final pass@1. In parentheses: trials that made an i-th attempt.",
    markdownTable(
      ['strategy', 'generator', ...iterations.map((iteration) => `iteration ${iteration}`)],
      analysis.results.map((result) => [result.strategy, result.generator, ...iterations.map((iteration) => cell(result, iteration))]),
    ),
    weakTestsByIteration(analysis.results),
  );
}

/** Whether later attempts fool the original tests more: base, base + plus and false passes of attempt i itself. */
function weakTestsByIteration(results: readonly StrategyResult[]): string {
  const rows = results.flatMap((result) =>
    (result.weakTests?.byIteration ?? []).map((entry) => [
      result.strategy,
      result.generator,
      String(entry.iteration),
      String(entry.base.n),
      rateWithCounts(entry.base),
      rateWithCounts(entry.basePlus),
      rateWithCounts(entry.falsePass),
    ]),
  );
  if (rows.length === 0) return '';
  return [
    '### Base vs plus tests by attempt',
    "Attempt i itself, among the trials that made an i-th attempt (unlike the table above, a stopped trial is not carried forward): the share passing the base tests, the share passing base + plus, and the weak-test false passes — of the attempts passing base that ran on plus inputs, the share failing plus. A loop whose later attempts fool the original tests more shows a rising last column.",
    markdownTable(['strategy', 'generator', 'attempt', 'attempts', 'pass base', 'pass base + plus', 'weak-test false pass'], rows),
  ].join('\n\n');
}

/** Why trials stopped, and how many attempts they made. */
export function stopReasons({ analysis }: ReportInput): string {
  const reasons = STOP_REASONS.filter((reason) => analysis.results.some((result) => result.iterations.stopReasons[reason] !== undefined));
  return section(
    'Stop reasons',
    'Trials per reason a strategy stopped (see the glossary), mean attempts per trial, and how many trials made 1, 2, … attempts.',
    markdownTable(
      ['strategy', 'generator', ...reasons, 'mean iterations', 'attempts: trials'],
      analysis.results.map((result) => [
        result.strategy,
        result.generator,
        ...reasons.map((reason) => String(result.iterations.stopReasons[reason] ?? 0)),
        decimal(result.iterations.meanIterations),
        result.iterations.distribution.map((entry) => `${entry.attempts}: ${entry.trials}`).join(', '),
      ]),
    ),
  );
}
