import type { TrialRecord } from '../records/record.js';
import { bootstrap, clusteredMean, groupBy, mean, type BootstrapOptions, type Estimate } from './statistics.js';

/** Self-judge score − cross-judge score on the same answers (trial × attempt), one pair per cross judge. */
export interface ScoreInflation {
  pairs: number;
  /** Mean self and cross scores over the pairs: the inflation is their difference. */
  selfMean: number;
  crossMean: number;
  /** Mean difference, with a percentile bootstrap interval over tasks; split by the answer's hidden-test result. */
  all: Estimate;
  passing: Estimate | undefined;
  failing: Estimate | undefined;
}

/** Judges A and B that are also generators, each scoring answers by both (A before B by name). */
export interface SelfPreference {
  judges: [string, string];
  /** Answers by A and by B that both judges scored. */
  answers: [number, number];
  /**
   * Difference in differences [s_A(A's) − s_B(A's)] − [s_A(B's) − s_B(B's)]: answer quality and a
   * judge's overall harshness cancel, so > 0 means the judges favour their own answers.
   */
  difference: Estimate;
}

/**
 * Which answers a figure reads: every panel-scored one, the first attempts alone, or the final answers of strategies
 * that choose them (every strategy but one-shot, whose final answer is its first) alone. First
 * attempts are unselected (every strategy's shared first answer), so their inflation is the judge's bias alone; a loop
 * that stops on its own score submits the answers that score scored high, so on final answers the self score is
 * inflated by that selection too, by construction.
 */
export type AnswerSelection = 'all' | 'first' | 'final';

/** Inflation on first attempts (unselected) and on final answers (selected by the loops that stop on a score). */
export interface InflationBySelection {
  first: ScoreInflation | undefined;
  final: ScoreInflation | undefined;
}

export interface JudgeBias {
  /** What the panel can measure: `crossed` both, `self-and-cross` inflation only, `none` neither. */
  design: 'crossed' | 'self-and-cross' | 'none';
  inflation: ScoreInflation | undefined;
  bySelection: InflationBySelection;
  selfPreference: SelfPreference[];
}

/** Panel scores on one answer, by judge; verdicts without a score are left out. */
interface ScoredAnswer {
  taskId: string;
  author: string;
  passed: boolean | undefined;
  selfJudge: string | undefined;
  scores: Map<string, number>;
}

export function judgeBias(records: readonly TrialRecord[], options?: BootstrapOptions): JudgeBias {
  const inflation = scoreInflation(records, options);
  const preference = selfPreference(records, options);
  const design = preference.length > 0 ? 'crossed' : inflation ? 'self-and-cross' : 'none';
  return { design, inflation, bySelection: inflationBySelection(records, options), selfPreference: preference };
}

export function inflationBySelection(records: readonly TrialRecord[], options?: BootstrapOptions): InflationBySelection {
  return { first: scoreInflation(records, options, 'first'), final: scoreInflation(records, options, 'final') };
}

/** Undefined when no answer (of the `selection`) has both a self and a cross score. */
export function scoreInflation(records: readonly TrialRecord[], options?: BootstrapOptions, selection: AnswerSelection = 'all'): ScoreInflation | undefined {
  const pairs = scoredAnswers(records, selection).flatMap(({ taskId, passed, selfJudge, scores }) => {
    const self = selfJudge === undefined ? undefined : scores.get(selfJudge);
    if (self === undefined) return [];
    return [...scores].filter(([judge]) => judge !== selfJudge).map(([, cross]) => ({ taskId, passed, self, cross, difference: self - cross }));
  });
  const estimate = (selected: typeof pairs) =>
    clusteredMean(
      [...groupBy(selected, (pair) => pair.taskId).values()].map((task) => task.map((pair) => pair.difference)),
      options,
    );
  const all = estimate(pairs);
  if (!all) return undefined;
  return {
    pairs: pairs.length,
    // Pairs exist, so both means do.
    selfMean: mean(pairs.map((pair) => pair.self)) as number,
    crossMean: mean(pairs.map((pair) => pair.cross)) as number,
    all,
    passing: estimate(pairs.filter((pair) => pair.passed === true)),
    failing: estimate(pairs.filter((pair) => pair.passed === false)),
  };
}

/** One entry per pair of generators that are also panel judges and scored each other's answers. */
export function selfPreference(records: readonly TrialRecord[], options?: BootstrapOptions): SelfPreference[] {
  const answers = scoredAnswers(records);
  const judges = new Set(answers.flatMap((answer) => [...answer.scores.keys()]));
  const judgingAuthors = [...new Set(answers.map((answer) => answer.author))].filter((author) => judges.has(author)).sort();
  return judgingAuthors.flatMap((a, index) =>
    judgingAuthors.slice(index + 1).flatMap((b) => {
      const measured = selfPreferenceBetween(answers, a, b, options);
      return measured ? [measured] : [];
    }),
  );
}

function selfPreferenceBetween(answers: readonly ScoredAnswer[], a: string, b: string, options?: BootstrapOptions): SelfPreference | undefined {
  const differences = answers.flatMap(({ taskId, author, scores }) => {
    const byA = scores.get(a);
    const byB = scores.get(b);
    if ((author !== a && author !== b) || byA === undefined || byB === undefined) return [];
    return [{ taskId, byA: author === a, difference: byA - byB }];
  });
  const meanOn = (sample: typeof differences, byA: boolean) =>
    mean(sample.filter((entry) => entry.byA === byA).map((entry) => entry.difference));
  const differenceInDifferences = (sample: typeof differences) => {
    const onA = meanOn(sample, true);
    const onB = meanOn(sample, false);
    return onA === undefined || onB === undefined ? undefined : onA - onB;
  };
  const byTask = [...groupBy(differences, (entry) => entry.taskId).values()];
  const difference = bootstrap(byTask, (tasks) => differenceInDifferences(tasks.flat()), options);
  if (!difference) return undefined;
  const answersBy = (byA: boolean) => differences.filter((entry) => entry.byA === byA).length;
  return { judges: [a, b], answers: [answersBy(true), answersBy(false)], difference };
}

/**
 * Each distinct answer once: strategies share their first answer (and its cached verdicts),
 * so pooling records would count it once per strategy that submitted it.
 */
function scoredAnswers(records: readonly TrialRecord[], selection: AnswerSelection = 'all'): ScoredAnswer[] {
  const seen = new Set<string>();
  // A final answer is selected only where the strategy chose it (one-shot's, its first answer, nothing chose).
  const selected = (record: TrialRecord, attemptIndex: number) =>
    selection === 'all' ||
    (selection === 'first' ? attemptIndex === 0 : attemptIndex === record.finalIndex && record.strategy.feedback !== 'none');
  return records.flatMap((record) =>
    [...groupBy(record.panel ?? [], (entry) => entry.attemptIndex)].flatMap(([attemptIndex, verdicts]) => {
      if (!selected(record, attemptIndex)) return [];
      const identity = JSON.stringify([record.generator, record.taskId, record.repeat, record.attempts[attemptIndex]?.raw]);
      if (seen.has(identity)) return [];
      seen.add(identity);
      return [
        {
          taskId: record.taskId,
          author: record.generator,
          passed: record.attempts[attemptIndex]?.grade?.passed,
          selfJudge: verdicts.find((entry) => entry.self)?.judge,
          scores: new Map(verdicts.flatMap((entry) => (entry.verdict.score === undefined ? [] : [[entry.judge, entry.verdict.score] as const]))),
        },
      ];
    }),
  );
}
