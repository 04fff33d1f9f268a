import { PARSE_STATUSES, type ParseStatus } from '../records/lists.js';
import type { Grade, TrialRecord } from '../records/record.js';
import { mean, wilson, type Proportion } from './statistics.js';
import { basePassed, suiteResult } from './weak-tests.js';

/** One verdict on one attempt, with the attempt's hidden-test result. */
export interface JudgedAnswer {
  judge: string;
  /** How the judge's reply was read. */
  parse: ParseStatus;
  /** Absent when the verdict failed to parse. */
  score: number | undefined;
  /** Undefined for open-ended tasks, which have no tests. */
  passed: boolean | undefined;
  /** Only on answers graded with plus inputs (HumanEval+): the base tests' result alone; `passed` is base + plus. */
  basePassed?: boolean;
}

/**
 * Calibration figures (AUROC, Brier, false accept and reject) need at least this many scored verdicts on passing
 * answers and as many on failing ones; with fewer they are left out, not printed from noise (a Brier of 0.000 from
 * three verdicts says nothing about a judge).
 */
export const MIN_VERDICTS_PER_CLASS = 10;

/** How well one judge's scores track hidden tests, at operating threshold τ. */
export interface JudgeQuality {
  verdicts: number;
  /** Verdicts by how their reply was read. */
  parses: Record<ParseStatus, number>;
  /** Failed verdicts / all verdicts; failed ones have no score and are in no other metric. */
  parseFailures: Proportion;
  /** Verdicts with a score on a graded answer: the base of everything below. */
  scored: number;
  /** Of those, on passing and on failing answers. */
  scoredPassing: number;
  scoredFailing: number;
  /** Both counts reach MIN_VERDICTS_PER_CLASS; without it the four calibration figures below are undefined. */
  calibrated: boolean;
  meanScorePassing: number | undefined;
  meanScoreFailing: number | undefined;
  /** P(score ≥ τ | fails). */
  falseAccept: Proportion | undefined;
  /** P(score < τ | passes). */
  falseReject: Proportion | undefined;
  /** P(a passing answer outscores a failing one), ties ½ (Mann–Whitney U / n₊n₋). */
  auroc: number | undefined;
  /** Mean of (score/10 − passed)²: 0 is perfect, 0.25 is a constant 5. */
  brier: number | undefined;
}

/** The verdicts a judge-driven loop gave its own attempts. */
export function loopJudgements(records: readonly TrialRecord[]): JudgedAnswer[] {
  return records.flatMap((record) =>
    record.attempts.flatMap(({ verdict, grade }) => (verdict ? [{ judge: verdict.judge, parse: verdict.parse, score: verdict.score, passed: grade?.passed, ...onBase(grade) }] : [])),
  );
}

/** Post-hoc panel verdicts; `self` marks the judge scoring its own answer. */
export function panelJudgements(records: readonly TrialRecord[]): (JudgedAnswer & { self: boolean })[] {
  return records.flatMap((record) =>
    (record.panel ?? []).map((entry) => {
      const grade = record.attempts[entry.attemptIndex]?.grade;
      return { judge: entry.judge, parse: entry.verdict.parse, score: entry.verdict.score, passed: grade?.passed, ...onBase(grade), self: entry.self };
    }),
  );
}

/** `basePassed` where the attempt has a plus result, nothing elsewhere. */
function onBase(grade: Grade | undefined): Pick<JudgedAnswer, 'basePassed'> {
  const base = basePassed(grade);
  return suiteResult(grade, 'plus') === undefined || base === undefined ? {} : { basePassed: base };
}

/** Pass the answers of one judge (filter by `judge`); τ is the loop's threshold, or the panel's for panel judges. */
export function judgeQuality(answers: readonly JudgedAnswer[], threshold: number): JudgeQuality {
  const scored = answers.flatMap(({ score, passed }) => (score === undefined || passed === undefined ? [] : [{ score, passed }]));
  const passing = scored.filter((answer) => answer.passed).map((answer) => answer.score);
  const failing = scored.filter((answer) => !answer.passed).map((answer) => answer.score);
  const calibrated = enoughToCalibrate(passing, failing);
  return {
    verdicts: answers.length,
    parses: Object.fromEntries(PARSE_STATUSES.map((status) => [status, answers.filter((answer) => answer.parse === status).length])) as Record<ParseStatus, number>,
    parseFailures: wilson(answers.filter((answer) => answer.score === undefined).length, answers.length),
    scored: scored.length,
    scoredPassing: passing.length,
    scoredFailing: failing.length,
    calibrated,
    meanScorePassing: mean(passing),
    meanScoreFailing: mean(failing),
    falseAccept: calibrated ? wilson(failing.filter((score) => score >= threshold).length, failing.length) : undefined,
    falseReject: calibrated ? wilson(passing.filter((score) => score < threshold).length, passing.length) : undefined,
    auroc: calibrated ? auroc(passing, failing) : undefined,
    brier: calibrated ? mean(scored.map(({ score, passed }) => (score / 10 - Number(passed)) ** 2)) : undefined,
  };
}

/** Scores on passing and on failing answers, MIN_VERDICTS_PER_CLASS of each at least. */
export function enoughToCalibrate(passing: readonly number[], failing: readonly number[]): boolean {
  return passing.length >= MIN_VERDICTS_PER_CLASS && failing.length >= MIN_VERDICTS_PER_CLASS;
}

/** P(final passes | the loop stopped because the judge's score reached its threshold). */
export function stopPrecision(records: readonly TrialRecord[]): Proportion {
  const stopped = records.filter((record) => record.stopReason === 'threshold-met' && record.passed !== null);
  return wilson(stopped.filter((record) => record.passed).length, stopped.length);
}

/** Mann–Whitney form of the AUROC: the share of (passing, failing) pairs ranked right, ties counted ½. */
export function auroc(positives: readonly number[], negatives: readonly number[]): number | undefined {
  if (positives.length === 0 || negatives.length === 0) return undefined;
  let wins = 0;
  for (const positive of positives) {
    for (const negative of negatives) wins += positive > negative ? 1 : positive === negative ? 0.5 : 0;
  }
  return wins / (positives.length * negatives.length);
}
