import { auroc, enoughToCalibrate, type JudgedAnswer } from './judges.js';
import { mean, wilson, type Proportion } from './statistics.js';

/**
 * Answers graded with plus inputs, by what the tests say: fails the base tests; passes base but
 * fails plus (the original tests missed its bug); passes both.
 */
export const ANSWER_CLASSES = ['failsBase', 'weakTestMiss', 'passesBoth'] as const;
export type AnswerClass = (typeof ANSWER_CLASSES)[number];

/** One judge against base alone and against base + plus, on the same answers: those graded with plus inputs. */
export interface JudgeVsPlus {
  /** Verdicts with a score on answers graded with plus inputs: the base of every figure here. */
  scored: number;
  /** The same scores ranked against the base tests alone, and against base + plus; undefined with too few of a class (judges.ts). */
  aurocBase: number | undefined;
  aurocBasePlus: number | undefined;
  meanScore: Record<AnswerClass, number | undefined>;
  /**
   * P(score < τ) on each class: the judge said "wrong". On `weakTestMiss` it was right where the
   * original tests were not; on `passesBoth` it is the false-reject rate. Undefined without a threshold.
   */
  saidWrong: Record<AnswerClass, Proportion> | undefined;
}

/** Pass the answers of one judge; undefined when none of them was graded with plus inputs. */
export function judgeVsPlus(answers: readonly JudgedAnswer[], threshold: number | undefined): JudgeVsPlus | undefined {
  const scored = answers.flatMap(({ score, passed, basePassed }) =>
    score === undefined || passed === undefined || basePassed === undefined ? [] : [{ score, passed, basePassed }],
  );
  if (scored.length === 0) return undefined;
  const classOf = (answer: (typeof scored)[number]): AnswerClass => (answer.passed ? 'passesBoth' : answer.basePassed ? 'weakTestMiss' : 'failsBase');
  const scoresOf = (kind: AnswerClass) => scored.filter((answer) => classOf(answer) === kind).map((answer) => answer.score);
  const byClass = <T>(value: (scores: number[]) => T) => Object.fromEntries(ANSWER_CLASSES.map((kind) => [kind, value(scoresOf(kind))])) as Record<AnswerClass, T>;
  const ranked = (pass: (answer: (typeof scored)[number]) => boolean) => {
    const [passing, failing] = [scored.filter(pass), scored.filter((answer) => !pass(answer))].map((part) => part.map((answer) => answer.score)) as [number[], number[]];
    return enoughToCalibrate(passing, failing) ? auroc(passing, failing) : undefined;
  };
  return {
    scored: scored.length,
    aurocBase: ranked((answer) => answer.basePassed),
    aurocBasePlus: ranked((answer) => answer.passed),
    meanScore: byClass(mean),
    saidWrong: threshold === undefined ? undefined : byClass((scores) => wilson(scores.filter((score) => score < threshold).length, scores.length)),
  };
}
