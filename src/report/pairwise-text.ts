/**
 * Pairwise judging in words and tables, shared by report.md and report.html: each strategy's final answers against its
 * first (the one-shot answer), win / tie / loss by each judge with 95% Wilson intervals, and each judge's position
 * consistency (and, on code tasks, how often it preferred the answer failing the hidden tests).
 */
import type { RunAnalysis } from '../metrics/analysis.js';
import type { PairwiseAnalysis, PairwiseRates } from '../metrics/pairwise.js';
import { PARSE_STATUSES } from '../records/lists.js';
import { notAvailable, plural, proportionWithInterval, rateWithCounts, scoreDifference } from './format.js';
import { judgeLabel } from './labels.js';
import type { TextTable } from './types.js';

export const pairwiseLead =
  "Each trial's final answer against its first answer — the one-shot answer of the same task and repeat — asked of each judge: which better serves the request, or a tie? Judges favour a position, so each pair is asked twice with the order swapped; when the two orders disagree the pair is a tie, and how often they agree is the judge's position consistency (1 for a judge that ignores the order). A final answer that is the first one is a tie asked of no one (counted as *same answer*); a pair with an unreadable reply has no outcome and is counted, never guessed. Rates are over the pairs with an outcome, with 95% Wilson intervals.";

/** A strategy's pairs as a reader names them: the strategy, its generator when the run has several. */
export interface PairwiseSentence {
  name: string;
  text: string;
}

export function pairwiseRatesTable(pairwise: PairwiseAnalysis): TextTable {
  return {
    head: ['strategy', 'generator', 'judge', 'pairs', 'win [95% CI]', 'tie [95% CI]', 'loss [95% CI]', 'same answer', 'orders disagreed', 'unreadable', 'self score rise (final − first)'],
    rows: pairwise.rates.map((row) => [
      row.strategy,
      row.generator,
      judgeLabel(row.judge, row.self),
      String(row.pairs),
      proportionWithInterval(row.win),
      proportionWithInterval(row.tie),
      proportionWithInterval(row.loss),
      String(row.identical),
      String(row.inconsistent),
      String(row.failed),
      scoreDifference(riseOf(pairwise, row)?.rise),
    ]),
  };
}

export function pairwiseJudgesTable(pairwise: PairwiseAnalysis): TextTable {
  return {
    head: ['judge', 'pairs asked', 'position consistency [95% CI]', `readings ${PARSE_STATUSES.join(' / ')}`, 'preferred the failing answer (one of two passes)', 'ties there'],
    rows: pairwise.judges.map((judge) => [
      judgeLabel(judge.judge, judge.self),
      String(judge.consistency.n),
      proportionWithInterval(judge.consistency),
      PARSE_STATUSES.map((status) => judge.readings[status]).join(' / '),
      judge.vsTests ? rateWithCounts(judge.vsTests.wrong) : notAvailable,
      judge.vsTests ? String(judge.vsTests.ties) : notAvailable,
    ]),
  };
}

/**
 * One sentence per strategy that changed some answer: how often its final answer beat its first by each judge, and
 * the self score's rise over the same trials; then one on the judges' position consistency. Strategies whose final
 * answer was always the first (one-shot itself) say nothing pairwise.
 */
export function pairwiseSentences(analysis: RunAnalysis): PairwiseSentence[] {
  const pairwise = analysis.pairwise;
  if (!pairwise) return [];
  const manyGenerators = new Set(pairwise.rates.map((row) => row.generator)).size > 1;
  const strategies = [...new Set(pairwise.rates.map((row) => `${row.strategy}\u0000${row.generator}`))];
  const sentences = strategies.flatMap((key) => {
    const rows = pairwise.rates.filter((row) => `${row.strategy}\u0000${row.generator}` === key);
    const [first] = rows as [PairwiseRates, ...PairwiseRates[]];
    if (rows.every((row) => row.identical === row.pairs + row.failed)) return [];
    const byJudge = rows.map(
      (row) =>
        `by ${judgeLabel(row.judge, row.self)} its final answer beat its first in ${proportionWithInterval(row.win)} of ${plural(row.pairs, 'pair')}, tied in ${proportionWithInterval(row.tie)} (${row.identical} the same answer, ${row.inconsistent} with the orders disagreeing) and lost in ${proportionWithInterval(row.loss)}${row.failed > 0 ? `; ${row.failed} unreadable` : ''}`,
    );
    const rise = riseOf(pairwise, first);
    const selfScore = rise?.rise ? ` Over the same trials its own (self-judge) score rose ${scoreDifference(rise.rise)} points from the first answer to the final one.` : '';
    return [{ name: `${first.strategy}${manyGenerators ? ` on ${first.generator}` : ''}`, text: `pairwise, both orders: ${byJudge.join('; ')}.${selfScore}` }];
  });
  const consistency = pairwise.judges.map((judge) => `${judgeLabel(judge.judge, judge.self)} ${proportionWithInterval(judge.consistency)} of ${plural(judge.consistency.n, 'pair')}`).join(', ');
  return [...sentences, { name: 'Position consistency', text: `with the order swapped, the judges agreed with themselves on ${consistency} (the pairs of all strategies together whose final answer differs from the first, both orders read); a disagreeing pair counts as a tie.` }];
}

function riseOf(pairwise: PairwiseAnalysis, row: Pick<PairwiseRates, 'strategy' | 'generator'>) {
  return pairwise.scoreRises.find((rise) => rise.strategy === row.strategy && rise.generator === row.generator);
}
