import type { StrategyResult } from '../metrics/analysis.js';
import type { GradingMethods } from '../metrics/grading-method.js';
import type { AnswerClass } from '../metrics/judges-vs-plus.js';
import { MIN_VERDICTS_PER_CLASS, type JudgeQuality } from '../metrics/judges.js';
import type { FeedbackKind, ParseStatus } from '../records/lists.js';

/** Text every report puts on rows whose feedback came from the hidden tests. */
export const oracleWarning = 'oracle — upper bound, not a fair comparison';

export function strategyLabel(result: StrategyResult, baseline: string | undefined): string {
  return result.strategy === baseline ? `${result.strategy} (baseline)` : result.strategy;
}

/**
 * The feedback the row's trials ran on: the kind, or the mix with counts when some fell back or had none
 * (`self-tests 12 / visible-tests 149`); oracle rows say what they are (`compact` for narrow tables).
 */
export function feedbackLabel(result: StrategyResult, compact = false): string {
  if (!result.oracle) {
    const used = result.summary.feedbackUsed;
    if (used.length === 0) return result.feedback;
    return used.length === 1 ? (used[0]?.kind ?? result.feedback) : used.map(({ kind, trials }) => `${kind} ${trials}`).join(' / ');
  }
  return compact ? 'oracle (upper bound)' : oracleWarning;
}

export function generatorLabel(result: StrategyResult): string {
  return `${result.generator} (${result.model})`;
}

export function judgeLabel(judge: string, self: boolean): string {
  return self ? `${judge} (self)` : judge;
}

/**
 * The run's grading method as one sentence: a warning when any task was graded assert-style, a
 * statement when all were differential; undefined when no graded program ran.
 */
export function gradingLabel(grading: GradingMethods): { warning: boolean; text: string } | undefined {
  const { tasks, byMethod, unrecorded } = grading;
  if (tasks === 0) return undefined;
  if (byMethod.asserts === 0) {
    return {
      warning: false,
      text: `Differential grading on all ${tasks} tasks: each answer's return values were compared with the reference solution's outside the candidate's process.`,
    };
  }
  const older =
    unrecorded === 0
      ? ''
      : unrecorded === byMethod.asserts
        ? ' (records written before differential grading name no method: they were graded this way)'
        : ` (${unrecorded} of them by records written before differential grading, which name no method)`;
  return {
    warning: true,
    text: `Assert-style grading on ${byMethod.asserts} of ${tasks} tasks${older}: the dataset's own test code decided these answers, in a process of its own that calls the candidate over a pipe (runs made before 2026-12-01 ran it inside the candidate's process, where a determined program could fake a pass).`,
  };
}

/** What each class of answer graded with plus inputs is, for table heads. */
export const answerClassLabels: Record<AnswerClass, string> = {
  failsBase: 'fails base',
  weakTestMiss: 'passes base, fails plus',
  passesBoth: 'passes both',
};

/** How a judge's reply was read, one line each: reports count verdicts by it. */
export const parseStatusMeanings: Record<ParseStatus, string> = {
  json: 'the reply was the rubric JSON as asked, and nothing else',
  repaired: 'one complete, valid rubric object, read with its own values after the wrappers around it were taken off (a code fence, prose, a thinking block); nothing in it was changed',
  failed: 'no score: the reply was cut off, held a score out of range or written as text, held two objects, or was not JSON — never a default score',
};

/** What drives a strategy's retries, one line per feedback kind: every report row names one. */
export const feedbackKindMeanings: Record<FeedbackKind, string> = {
  none: 'no retries (one-shot), or none it could make',
  'self-judge': 'the generator scores its own answer with a rubric',
  'cross-judge': 'another model scores the answer with the same rubric',
  'self-critique': "the generator's own free-text critique or feedback, no score",
  'visible-tests': "the tests shown in the task's prompt",
  'self-tests': 'tests the generator wrote for itself',
  oracle: 'the hidden tests themselves: an upper bound, not a fair comparison',
};

/** What a score-inflation pair is, and why their count exceeds the tasks: where the figure is shown, and in the glossary. */
export const inflationPairsMeaning =
  "an answer scored by both the generator itself and a cross judge, one pair per cross judge and each distinct answer once: a strategy's pairs are its first answers and the final answers that differ from them, so they can outnumber its trials, and all strategies together count the first answer they share once";

/** Why a calibration figure is not printed: `too few verdicts (4 passing, 12 failing)`. */
export function tooFewVerdicts({ scoredPassing, scoredFailing }: Pick<JudgeQuality, 'scoredPassing' | 'scoredFailing'>): string {
  return `too few verdicts (${scoredPassing} passing, ${scoredFailing} failing)`;
}

/** The rule behind `tooFewVerdicts`, for the text above a calibration table. */
export const calibrationMinimum = `AUROC, Brier and false accept/reject are printed only from at least ${MIN_VERDICTS_PER_CLASS} scored verdicts on passing answers and ${MIN_VERDICTS_PER_CLASS} on failing ones; with fewer the cell says "too few verdicts" and how many there were.`;
