import type { StrategyResult } from '../../metrics/analysis.js';
import { decimal, notAvailable, percent, points, rateWithCounts } from '../format.js';
import { stopReasonOrder } from '../labels.js';
import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';

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

/** pass@1 as it would be if every trial stopped after i attempts. */
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
  );
}

/** Why trials stopped, and how many attempts they made. */
export function stopReasons({ analysis }: ReportInput): string {
  const reasons = stopReasonOrder.filter((reason) => analysis.results.some((result) => result.iterations.stopReasons[reason] !== undefined));
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
