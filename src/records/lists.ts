/**
 * Every closed list that records hold, once: a type is read off its list, and every table keyed by one is a
 * `Record<…>`, so a new member is a type error wherever it needs a row (a label, a colour, a column).
 */

/** Why a strategy's loop ended, in the order reports list them (the CSV's columns follow it). */
export const STOP_REASONS = ['threshold-met', 'tests-passed', 'feedback-stop', 'max-iterations', 'no-change', 'judge-error', 'no-feedback', 'context-full', 'skipped', 'error'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/**
 * How a judge's reply was read (judges/parse-verdict.ts): `json` — the rubric object as asked and nothing else;
 * `repaired` — one complete, valid object inside wrappers that were taken off (a thinking block, a code fence,
 * prose), its values as written; `failed` — no score. Reports count each per judge.
 */
export const PARSE_STATUSES = ['json', 'repaired', 'failed'] as const;
export type ParseStatus = (typeof PARSE_STATUSES)[number];

/**
 * A pairwise judgment of an answer against the baseline answer, from the answer's side (judges/pairwise.ts): `win` —
 * preferred in both orders; `loss` — the baseline preferred in both; `tie` — said so, or the two orders disagree.
 */
export const PAIRWISE_OUTCOMES = ['win', 'tie', 'loss'] as const;
export type PairwiseOutcome = (typeof PAIRWISE_OUTCOMES)[number];

/** What kind of signal drives a strategy's retries; printed in every report row. */
export const FEEDBACK_KINDS = ['none', 'self-judge', 'cross-judge', 'self-critique', 'visible-tests', 'self-tests', 'oracle'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/**
 * The generator's free-text words about one of its own answers, by what they are: Reflexion's reflection on a failure,
 * Self-Debug's line-by-line explanation, a critique against a principle, Self-Refine's feedback. Each is a call role.
 */
export const COMMENT_ROLES = ['reflect', 'explain', 'critique', 'feedback'] as const;
export type CommentRole = (typeof COMMENT_ROLES)[number];

/** Where the tests a strategy's feedback ran came from: the feedback kinds that run tests. */
export const TEST_SOURCES = ['visible-tests', 'self-tests', 'oracle'] as const satisfies readonly FeedbackKind[];
export type TestSource = (typeof TEST_SOURCES)[number];
/** The test sources a fair strategy may use (not the hidden tests); the first is Reflexion's default, as in the paper. */
export const FAIR_TEST_SOURCES = ['self-tests', 'visible-tests'] as const satisfies readonly TestSource[];
export type FairTestSource = (typeof FAIR_TEST_SOURCES)[number];

/** `code`: graded by hidden tests. `open`: no tests, judged only, left out of pass@1. */
export const TASK_KINDS = ['code', 'open'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Input suites of differential grading, in the order they run: the original tests' inputs, then HumanEval+'s extra ones. */
export const SUITE_NAMES = ['base', 'plus'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

/** How hidden tests decide (datasets/task.ts): return values compared with the reference's, or the dataset's asserts. */
export const GRADING_STYLES = ['differential', 'asserts'] as const;
export type GradingStyle = (typeof GRADING_STYLES)[number];

/**
 * How a trial's attempts relate: `revisions` — each builds on the last (every loop that retries); `samples` —
 * independent draws from the first prompt, one of which is picked. Fix/break and per-iteration figures read
 * only revisions; samples have a selection accuracy instead.
 */
export const TRAJECTORY_SHAPES = ['revisions', 'samples'] as const;
export type TrajectoryShape = (typeof TRAJECTORY_SHAPES)[number];
