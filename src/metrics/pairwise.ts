/**
 * Pairwise judging over records (`panel.pairwise`, judges/pairwise.ts): how often each strategy's final answer beat its
 * first — the one-shot answer — by each judge, how often each judge agreed with itself when the order was swapped, and,
 * where hidden tests exist, whether it preferred the answer that passes them. Pure; intervals are Wilson's over pairs.
 */
import { PARSE_STATUSES, type ParseStatus } from '../records/lists.js';
import type { PanelComparison } from '../records/pairwise.js';
import type { TrialRecord } from '../records/record.js';
import { clusteredMean, groupBy, wilson, type BootstrapOptions, type Estimate, type Proportion } from './statistics.js';

/** One strategy × generator's final answers against their first, by one judge. */
export interface PairwiseRates {
  strategy: string;
  generator: string;
  judge: string;
  /** The judge is the generator. */
  self: boolean;
  /** Pairs with an outcome (identical ones included): the rates' denominator. */
  pairs: number;
  win: Proportion;
  tie: Proportion;
  loss: Proportion;
  /** Ties without a call: the final answer was the first (a loop that stopped at once, or one-shot itself). */
  identical: number;
  /** Ties because the two orders disagreed. */
  inconsistent: number;
  /** Pairs without an outcome: a reply could not be read (never a guessed winner; out of the rates, counted here). */
  failed: number;
}

/** On code tasks: the pairs where exactly one of the two answers passes the hidden tests. */
export interface PairwiseVsTests {
  /** Such pairs with an outcome. */
  pairs: number;
  /** The judge preferred the passing answer. */
  right: number;
  ties: number;
  /** It preferred the failing answer: share of `pairs`. */
  wrong: Proportion;
}

/** One judge over every pair it compared. */
export interface PairwiseJudgeResult {
  judge: string;
  /** It judged only answers it wrote itself. */
  self: boolean;
  /** Pairs asked of it (both orders read): the share whose two orders gave the same preference. */
  consistency: Proportion;
  /** How each order's reply was read. */
  readings: Record<ParseStatus, number>;
  /** Undefined when no pair had exactly one passing answer (open-ended datasets: always). */
  vsTests: PairwiseVsTests | undefined;
}

/**
 * What the generator's own rubric score says of the same trials: its panel score of the final answer minus that of the
 * first, mean over trials with a 95% bootstrap interval over tasks. Beside the pairwise rates it answers the blog's
 * question twice: did the answer get better (a judge comparing both), and did the model think so (its score rose).
 */
export interface SelfScoreRise {
  strategy: string;
  generator: string;
  /** Trials whose first and final answers both have a read self score. */
  trials: number;
  rise: Estimate | undefined;
}

export interface PairwiseAnalysis {
  /** Strategy × generator × judge, in record order. */
  rates: PairwiseRates[];
  judges: PairwiseJudgeResult[];
  /** Strategy × generator, in record order; needs `self` among the panel's rubric judges. */
  scoreRises: SelfScoreRise[];
}

interface Compared {
  record: TrialRecord;
  comparison: PanelComparison;
}

/** Undefined when no record was judged pairwise. */
export function pairwiseAnalysis(records: readonly TrialRecord[], options?: BootstrapOptions): PairwiseAnalysis | undefined {
  const compared = records.flatMap((record) => (record.pairwise ?? []).map((comparison) => ({ record, comparison })));
  if (compared.length === 0) return undefined;
  const byRow = groupBy(compared, ({ record, comparison }) => `${record.strategyId}\u0000${record.generator}\u0000${comparison.judge}`);
  const byStrategy = groupBy(
    records.filter((record) => record.pairwise !== undefined),
    (record) => `${record.strategyId}\u0000${record.generator}`,
  );
  return {
    rates: [...byRow.values()].map(pairwiseRates),
    judges: [...groupBy(compared, ({ comparison }) => comparison.judge).values()].map(judgeResult),
    scoreRises: [...byStrategy.values()].map((group) => selfScoreRise(group, options)),
  };
}

function selfScoreRise(group: readonly TrialRecord[], options: BootstrapOptions | undefined): SelfScoreRise {
  const rises = group.flatMap((record) => {
    const selfScore = (attemptIndex: number) => record.panel?.find((entry) => entry.self && entry.attemptIndex === attemptIndex)?.verdict.score;
    const [first, final] = [selfScore(0), selfScore(record.finalIndex)];
    return first === undefined || final === undefined ? [] : [{ task: record.taskId, rise: final - first }];
  });
  const clusters = [...groupBy(rises, ({ task }) => task).values()].map((ofTask) => ofTask.map(({ rise }) => rise));
  const [record] = group as [TrialRecord, ...TrialRecord[]];
  return { strategy: record.strategyId, generator: record.generator, trials: rises.length, rise: clusteredMean(clusters, options) };
}

function pairwiseRates(group: readonly Compared[]): PairwiseRates {
  const [{ record, comparison }] = group as [Compared, ...Compared[]];
  const outcomes = group.flatMap(({ comparison: { outcome } }) => (outcome === undefined ? [] : [outcome]));
  const share = (outcome: string) => wilson(outcomes.filter((value) => value === outcome).length, outcomes.length);
  return {
    strategy: record.strategyId,
    generator: record.generator,
    judge: comparison.judge,
    self: group.every(({ comparison: { self } }) => self),
    pairs: outcomes.length,
    win: share('win'),
    tie: share('tie'),
    loss: share('loss'),
    identical: group.filter(({ comparison: { identical } }) => identical).length,
    inconsistent: group.filter(({ comparison: { consistent } }) => consistent === false).length,
    failed: group.length - outcomes.length,
  };
}

function judgeResult(group: readonly Compared[]): PairwiseJudgeResult {
  const asked = group.flatMap(({ comparison: { consistent } }) => (consistent === undefined ? [] : [consistent]));
  const readings = Object.fromEntries(PARSE_STATUSES.map((status) => [status, 0])) as Record<ParseStatus, number>;
  for (const { comparison } of group) for (const reading of comparison.readings) readings[reading.parse]++;
  return {
    judge: group[0]?.comparison.judge ?? '',
    self: group.every(({ comparison: { self } }) => self),
    consistency: wilson(asked.filter(Boolean).length, asked.length),
    readings,
    vsTests: vsTests(group),
  };
}

/** A judge that prefers the answer failing the hidden tests over the one passing them is wrong. */
function vsTests(group: readonly Compared[]): PairwiseVsTests | undefined {
  const split = group.flatMap(({ record, comparison }) => {
    const answer = record.attempts[comparison.attemptIndex]?.grade?.passed;
    const baseline = record.attempts[0]?.grade?.passed;
    if (answer === undefined || baseline === undefined || answer === baseline || comparison.outcome === undefined) return [];
    const passing = answer ? 'win' : 'loss';
    return [comparison.outcome === 'tie' ? 'tie' : comparison.outcome === passing ? 'right' : 'wrong'];
  });
  if (split.length === 0) return undefined;
  const count = (kind: string) => split.filter((value) => value === kind).length;
  return { pairs: split.length, right: count('right'), ties: count('tie'), wrong: wilson(count('wrong'), split.length) };
}
