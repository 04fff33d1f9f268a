/**
 * Self-recognition in words and a table, shared by report.md and report.html: how often each generator named its own
 * answer when shown it beside another generator's, against the 50% of a guess.
 */
import type { RecognitionResult } from '../metrics/recognition.js';
import { significanceLevel } from '../metrics/statistics.js';
import { plural, proportionWithInterval, pValue, pValueText } from './format.js';
import type { TextTable } from './types.js';

export const recognitionLead =
  "Each generator is shown its final answer and another generator's to the same task (same strategy and repeat) and asked which one it wrote. Judges favour a position, so each question is asked in both orders, and each order is one trial: a model that always names the first answer scores 50%, as guessing does. Accuracy is over the orders whose reply could be read, with a 95% Wilson interval and an exact binomial test against 50%; unreadable replies are counted, never scored, and two identical answers are asked of no one. Panickssery et al. (2024) found self-recognition and self-preference rise together: where the run measures self-preference, read the two side by side.";

export function recognitionTable(results: readonly RecognitionResult[]): TextTable {
  return {
    head: ['generator asked', 'orders read', 'named its own [95% CI]', 'p vs 50%', 'unreadable', 'identical (not asked)'],
    rows: results.map((result) => [result.judge, String(result.trials), proportionWithInterval(result.accuracy), pValue(result.pValue), String(result.unreadable), String(result.identical)]),
  };
}

/** One clause per generator: whether it tells its own answers apart from another model's better than a guess. */
export function recognitionSentence(results: readonly RecognitionResult[]): string {
  const clauses = results.map((result) => {
    const verdict =
      result.trials === 0
        ? 'no readable reply'
        : result.pValue < significanceLevel
          ? result.accuracy.value !== undefined && result.accuracy.value > 0.5
            ? 'tells its own answers apart, better than a guess'
            : 'names the other model\'s answer as its own more often than a guess would'
          : 'not distinguishable from a guess';
    return `${result.judge} named its own answer in ${proportionWithInterval(result.accuracy)} of ${plural(result.trials, 'order')} (${verdict}, p ${pValueText(result.pValue)})`;
  });
  return `self-recognition: ${clauses.join('; ')}.`;
}
