/**
 * The data report.html embeds: only what the page shows, already reduced from ReportInput, so
 * the browser does no statistics and a 2,500-trial run stays a few megabytes (no call lists,
 * no raw judge replies, no assembled programs). Types only, so that each builder of a part
 * (judge-data.ts, strategy-rows.ts, trial-data.ts) reads them without importing page-data.ts,
 * and the browser scripts read them through browser/globals.d.ts.
 */
import type { JudgeResult } from '../../metrics/analysis.js';
import type { TrialTime } from '../../metrics/cost.js';
import type { AnswerClass } from '../../metrics/judges-vs-plus.js';
import type { ParseStatus, StopReason } from '../../records/lists.js';

/** A value with its 95% interval. */
export interface IntervalValue {
  value: number;
  low: number;
  high: number;
}

/** A rate with its 95% interval and the counts it rests on. */
export type CountedRate = IntervalValue & { successes: number; n: number };

/** One strategy instance on one generator; every chart colours and labels it the same way. */
export interface StrategyRow {
  /** Index into `rows`, which is how trials refer to it. */
  index: number;
  label: string;
  strategy: string;
  generator: string;
  baseline: boolean;
  /** Feedback from the hidden tests: an upper bound, drawn apart. */
  oracle: boolean;
  /** The generator is a simulated model. */
  simulated: boolean;
  /** With plus inputs (HumanEval+) this is base + plus. */
  passAt1: CountedRate | undefined;
  /**
   * Runs with plus inputs only: pass@1 on the base tests alone, and the weak-test false passes (final
   * answers passing base that fail plus, among those passing base); each undefined when it does not exist.
   */
  weakTests?: { base: CountedRate | undefined; falsePass: CountedRate | undefined };
  /** Final-answer pass rate after each iteration, stopped trials keeping their answer (so it ends at pass@1). */
  passByIteration: (number | null)[];
  stopReasons: { reason: StopReason; trials: number }[];
  cost: {
    callsPerTrial: number | undefined;
    /** Mean generations (attempts) per trial. */
    generationsPerTrial: number | undefined;
    tokensInPerTrial: number | undefined;
    tokensOutPerTrial: number | undefined;
    /** Server-reported model time per trial; undefined when no call reported it. */
    modelMsPerTrial: { load: number; prompt: number; generation: number } | undefined;
  };
}

/** Share of one judge kind's scores at each rounded score 0–10, on passing and on failing answers. */
export interface ScoreDistribution {
  judges: string;
  passing: { counts: number[]; answers: number };
  failing: { counts: number[]; answers: number };
}

export interface InflationBar {
  label: string;
  pairs: number;
  all: IntervalValue;
  passing: IntervalValue | undefined;
  failing: IntervalValue | undefined;
}

export interface RocCurve {
  label: string;
  role: JudgeResult['role'];
  auroc: number | undefined;
  /** (false-positive rate, true-positive rate) as the acceptance threshold falls from the top score. */
  points: { fpr: number; tpr: number }[];
  /** Where the judge operates: accepts a score ≥ τ. */
  operatingPoint: { threshold: number; fpr: number; tpr: number } | undefined;
  passing: number;
  failing: number;
}

/** One judge on answers graded with plus inputs: its AUROC against base alone and base + plus, and its "wrong" per answer class. */
export interface JudgeVsPlusRow {
  label: string;
  threshold: number | undefined;
  scored: number;
  aurocBase: number | undefined;
  aurocBasePlus: number | undefined;
  /** Score below τ, per class; undefined without a threshold. */
  saidWrong: Record<AnswerClass, { successes: number; n: number }> | undefined;
}

/** One judge on one strategy's answers: its verdicts by how the replies were read, and its AUROC and Brier where there are enough. */
export interface VerdictCountRow {
  label: string;
  parses: Record<ParseStatus, number>;
  scoredPassing: number;
  scoredFailing: number;
  /** Enough scored verdicts of both classes for AUROC and Brier (metrics/judges.ts); they are undefined otherwise. */
  calibrated: boolean;
  auroc: number | undefined;
  brier: number | undefined;
}

export interface JudgeData {
  /** Same-model judge vs cross-model judges on the same (panel-scored) answers. */
  distributions: { self: ScoreDistribution; cross: ScoreDistribution } | undefined;
  /** Self − cross score per cross judge: pooled over strategies, then per strategy. */
  inflation: InflationBar[];
  selfPreference: { judges: string; difference: IntervalValue; answers: [number, number] }[];
  roc: RocCurve[];
  verdicts: VerdictCountRow[];
  /** Empty when the run has no plus inputs. */
  vsPlus: JudgeVsPlusRow[];
}

export interface TestFailure {
  name: string;
  error: string | undefined;
  /** The feedback test's source, so the reader sees what was asserted. */
  code?: string;
}

export interface TestSummary {
  status: string;
  passed: boolean;
  total: number;
  failures: TestFailure[];
}

export interface VerdictView {
  judge: string;
  score: number | undefined;
  parse: ParseStatus;
  criteria: Record<string, number>;
  assessment: string;
  issues: string[];
  suggestions: string[];
}

export interface AttemptView {
  iteration: number;
  /** Extracted code; when none was found, the model's raw reply instead (`raw`). */
  code: string | null;
  raw?: string;
  extractionError?: string;
  grade?: TestSummary;
  feedback?: TestSummary & { source: string };
  /** What it did on the inputs of tests (self-consistency): one line per call, nothing expected of it. */
  behaviour?: { source: string; status: string; calls: { call: string; shown: string }[] };
  verdict?: VerdictView;
  /** What the generator said about the attempt (a reflection, an explanation, a critique, feedback), under its title. */
  comment?: { title: string; text: string };
  /** The prompt that produced it, as indices into `PageData.messages`; absent where the run kept no prompts. */
  prompt?: number[];
}

/** One message of a prompt as sent; attempts refer to messages by their index in `PageData.messages`. */
export interface MessageView {
  role: string;
  content: string;
}

export interface TrialView {
  /** Index into `rows`. */
  row: number;
  task: string;
  repeat: number;
  passed: boolean | null;
  stopReason: StopReason;
  finalIndex: number;
  error?: string;
  notes: string[];
  /** Its strategy's model and queue time, and grading its attempts (metrics/cost.ts). */
  time: TrialTime;
  attempts: AttemptView[];
  panel: (VerdictView & { self: boolean; attemptIndex: number })[];
}

/** A stop reason as the charts draw it. */
export interface StopReasonView {
  reason: StopReason;
  meaning: string;
  color: string;
}

/** Resampling on one generator as the compute-matched chart draws it: pass@k at k samples' output tokens. */
export interface FrontierView {
  generator: string;
  /** The strategy whose samples (or repeats) it is drawn from. */
  source: string;
  points: { k: number; tokens: number; value: number }[];
}

/** Glossary definitions (glossary-terms.ts) the trial browser shows on hover. */
export interface BrowserHovers {
  /** How a judge's reply was read, by status. */
  reply: Record<ParseStatus, string>;
  modelTime: string;
  queueTime: string;
  gradingTime: string;
}

export interface PageData {
  title: string;
  simulated: boolean;
  baseline: string | undefined;
  rows: StrategyRow[];
  /** Only generators whose samples report token counts. */
  frontiers: FrontierView[];
  /** Every stop reason, in report order. */
  stopReasons: StopReasonView[];
  hovers: BrowserHovers;
  judges: JudgeData;
  tasks: string[];
  trials: TrialView[];
  /** Every distinct message of the prompts the trial browser shows. */
  messages: MessageView[];
}
