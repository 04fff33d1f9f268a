/**
 * Everything the reports show, computed once from the records: csv, markdown, the terminal
 * table and any later report read this instead of recomputing. Pure and deterministic: records
 * are put in a canonical order first, and every bootstrap is seeded.
 */
import type { TrialRecord } from '../records/record.js';
import type { RunMeta } from '../records/run-meta.js';
import type { FeedbackKind, TrajectoryShape } from '../records/lists.js';
import { shapeOf } from '../records/shape.js';
import { computeMatch, resamplingFrontier, type ComputeMatch, type ResamplingFrontier } from './compute-matched.js';
import { gradingMethods, type GradingMethods } from './grading-method.js';
import { inflationBySelection, judgeBias, scoreInflation, type InflationBySelection, type JudgeBias, type ScoreInflation, type SelfPreference } from './inflation.js';
import { iterationStats, type IterationStats } from './iterations.js';
import { judgeQuality, loopJudgements, panelJudgements, stopPrecision, type JudgedAnswer, type JudgeQuality } from './judges.js';
import { judgeVsPlus, type JudgeVsPlus } from './judges-vs-plus.js';
import { pairedGain, type PairedGain } from './paired.js';
import { pairwiseAnalysis, type PairwiseAnalysis } from './pairwise.js';
import { recognitionAnalysis, type RecognitionResult } from './recognition.js';
import type { RecognitionRecord } from '../records/recognition.js';
import { passAtK, type PassAtK } from './pass-at-k.js';
import { selectionAccuracy } from './selection.js';
import { minimumDetectableDelta, pairsToDetect, worthwhileDelta } from './power.js';
import { excludesZero, groupBy, mean, significanceLevel, type BootstrapOptions, type Proportion } from './statistics.js';
import { summarize, type SummaryRow } from './summary.js';
import {
  fixAndBreak,
  passRateByIteration,
  retryTransitions,
  type FixAndBreak,
  type IterationPassRate,
  type RetryTransitions,
} from './transitions.js';
import { plusTaskCount, weakTests, type WeakTests } from './weak-tests.js';

export interface AnalysisOptions {
  /** The panel's operating threshold (config `panel.threshold`); without it panel judges get no false-accept/reject. */
  panelThreshold?: number;
  bootstrap?: BootstrapOptions;
  /** The run's self-recognition questions (`panel.recognition`, recognition.jsonl). */
  recognition?: readonly RecognitionRecord[];
}

/** Baseline → strategy outcomes on the same (generator, task, repeat): the paired 2 × 2 table. */
export interface PairedOutcomes {
  passPass: number;
  passFail: number;
  failPass: number;
  failFail: number;
}

export interface BaselineComparison extends PairedGain {
  outcomes: PairedOutcomes;
  /**
   * Smallest true Δ this comparison would detect (`minimumDetectableDelta`, at α = `significanceLevel`), d the observed
   * share of discordant pairs. Undefined without discordant pairs.
   */
  minimumDetectableDelta: number | undefined;
  /** Paired trials this comparison would need to detect a gain of `delta` (`worthwhileDelta`) by the same formula (`pairsToDetect`). */
  pairsToDetect: { delta: number; pairs: number };
  /**
   * The bootstrap interval of Δ and the exact McNemar test disagree on whether there is a difference (one excludes
   * 0, the other not at α = `significanceLevel`), as they can with few discordant pairs: the difference is unconfirmed.
   */
  testsDisagree: boolean;
}

/** Panel scores on the same answers: the self judge's, each cross judge's, and their difference. */
export type PanelInflation = ScoreInflation;

/** One strategy instance on one generator. */
export interface StrategyResult {
  strategy: string;
  use: string;
  feedback: FeedbackKind;
  /** Feedback from the hidden tests: an upper bound, never a fair comparison. */
  oracle: boolean;
  generator: string;
  model: string;
  /** The strategy's own judge threshold, if it has one. */
  threshold: number | undefined;
  /** pass@1 and the cost figures. */
  summary: SummaryRow;
  /** With k = the number of repeats, when there is more than one. */
  passAtK: PassAtK | undefined;
  /** Undefined for the baseline itself, or when the run has no baseline. */
  vsBaseline: BaselineComparison | undefined;
  /** How its attempts relate; fix/break, pass by iteration and transitions are empty for `samples`. */
  shape: TrajectoryShape;
  fixAndBreak: FixAndBreak;
  /** For `samples`: how often the pick passed when some sample did (selection.ts); undefined for `revisions`. */
  selectionAccuracy: Proportion | undefined;
  iterations: IterationStats;
  passByIteration: IterationPassRate[];
  transitions: RetryTransitions;
  /** Undefined when no answer has both a self and a cross panel score. */
  inflation: PanelInflation | undefined;
  /** The same on its first attempts (unselected) and on its final answers (selected, for a loop that stops on a score). */
  inflationBySelection: InflationBySelection;
  /** Base tests alone vs base + plus (HumanEval+); undefined when the run has no plus inputs. */
  weakTests: WeakTests | undefined;
  /** What it spent per trial, and resampling at the same generations; undefined when no trial ran. */
  computeMatch: ComputeMatch | undefined;
}

/** JudgeQuality where false accept/reject exist only with a threshold to judge at. */
export interface Calibration extends JudgeQuality {
  meanScore: number | undefined;
}

/** One judge on the answers of one strategy × generator. */
export interface JudgeResult {
  /** `loop`: the verdicts that drove the strategy; `panel`: post-hoc scores of its answers. */
  role: 'loop' | 'panel';
  judge: string;
  /** The judge is the model that wrote the answers. */
  self: boolean;
  strategy: string;
  generator: string;
  threshold: number | undefined;
  thresholdSource: 'strategy' | 'panel' | undefined;
  calibration: Calibration;
  /** Loop judges of strategies that stop on a threshold: P(final passes | stopped on the threshold). */
  stopPrecision: Proportion | undefined;
  /** Against base alone vs base + plus, on answers graded with plus inputs; undefined when it scored none. */
  vsPlus: JudgeVsPlus | undefined;
}

export interface RunAnalysis {
  /** Strategy instance every other is compared with: the first `one-shot` in config order. */
  baseline: string | undefined;
  /** Distinct tasks and repeats among the records. */
  tasks: number;
  repeats: number;
  /** Tasks graded assert-style (test code inside the candidate's process) vs differentially. */
  grading: GradingMethods;
  /** Tasks with plus inputs (HumanEval+); 0: no base vs plus figures anywhere. */
  plusTasks: number;
  /** Config strategy order, then generator. */
  results: StrategyResult[];
  judges: JudgeResult[];
  /** What the panel can measure: `crossed` inflation and self-preference, `self-and-cross` inflation only, `none` neither. */
  judgeDesign: JudgeBias['design'];
  /** Per generator with samples (a sampling strategy, or the baseline's repeats): pass@k of resampling, k = 1 … n. */
  frontiers: ResamplingFrontier[];
  /** Over every answer the panel scored, all strategies and generators pooled. */
  inflation: PanelInflation | undefined;
  /** The same on first attempts alone (unselected: the judge's bias) and on final answers alone (selection added). */
  inflationBySelection: InflationBySelection;
  selfPreference: SelfPreference[];
  /** Final answers against first ones, judged pairwise in both orders (`panel.pairwise`); undefined without it. */
  pairwise: PairwiseAnalysis | undefined;
  /** Each generator asked which of two answers it wrote (`panel.recognition`); undefined without it. */
  recognition: RecognitionResult[] | undefined;
}

export function analyzeRun(records: readonly TrialRecord[], meta: RunMeta, options: AnalysisOptions = {}): RunAnalysis {
  const strategyOrder = meta.strategies.map((strategy) => strategy.id);
  // A canonical order, so every figure (bootstrap draws included) depends on the records, not on the order trials finished in.
  const ordered = [...records].sort(compareTrials(strategyOrder));
  const baseline = meta.strategies.find((strategy) => strategy.use === 'one-shot')?.id;
  const bias = judgeBias(ordered, options.bootstrap);
  const plusTasks = plusTaskCount(ordered);
  const frontiers = [...groupBy(ordered, (record) => record.generator).values()].flatMap((ofGenerator) => {
    const frontier = resamplingFrontier(ofGenerator, strategyOrder, baseline, options.bootstrap);
    return frontier === undefined ? [] : [frontier];
  });
  const groups = summarize(ordered, strategyOrder).map((summary) => {
    const group = ordered.filter((record) => record.strategyId === summary.strategy && record.generator === summary.generator);
    const sameGenerator = ordered.filter((record) => record.generator === summary.generator);
    const threshold = meta.strategies.find((strategy) => strategy.id === summary.strategy)?.stopThreshold;
    const frontier = frontiers.find((candidate) => candidate.generator === summary.generator);
    return { group, result: strategyResult(group, sameGenerator, summary, { ...options, baseline, threshold, plus: plusTasks > 0, frontier }) };
  });
  return {
    baseline,
    tasks: new Set(ordered.map((record) => record.taskId)).size,
    repeats: new Set(ordered.map((record) => record.repeat)).size,
    grading: gradingMethods(ordered),
    plusTasks,
    results: groups.map(({ result }) => result),
    judges: groups.flatMap(({ group, result }) => judgeResults(group, result, options.panelThreshold)),
    judgeDesign: bias.design,
    frontiers,
    inflation: bias.inflation,
    inflationBySelection: bias.bySelection,
    selfPreference: bias.selfPreference,
    pairwise: pairwiseAnalysis(ordered, options.bootstrap),
    recognition: options.recognition?.length ? recognitionAnalysis(options.recognition) : undefined,
  };
}

/** Sorts trials by config strategy order, then generator, task and repeat. */
export function compareTrials(strategyOrder: readonly string[]): (a: TrialRecord, b: TrialRecord) => number {
  const rank = (id: string) => (strategyOrder.includes(id) ? strategyOrder.indexOf(id) : strategyOrder.length);
  // Code-unit order, not localeCompare: the same on every machine.
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return (a, b) =>
    rank(a.strategyId) - rank(b.strategyId) ||
    text(a.strategyId, b.strategyId) ||
    text(a.generator, b.generator) ||
    text(a.taskId, b.taskId) ||
    a.repeat - b.repeat;
}

interface GroupContext extends AnalysisOptions {
  baseline: string | undefined;
  threshold: number | undefined;
  /** The run has plus inputs. */
  plus: boolean;
  /** Resampling on this group's generator, if the run has samples to draw it from. */
  frontier: ResamplingFrontier | undefined;
}

function strategyResult(group: TrialRecord[], sameGenerator: TrialRecord[], summary: SummaryRow, context: GroupContext): StrategyResult {
  const first = group[0] as TrialRecord;
  // One strategy instance's trials share its shape.
  const shape = shapeOf(first);
  const repeats = new Set(group.map((record) => record.repeat)).size;
  const isBaseline = context.baseline === undefined || summary.strategy === context.baseline;
  return {
    strategy: summary.strategy,
    use: first.strategy.use,
    feedback: summary.feedback,
    oracle: summary.feedback === 'oracle',
    generator: summary.generator,
    model: summary.model,
    threshold: context.threshold,
    summary,
    passAtK: repeats > 1 ? passAtK(group, repeats) : undefined,
    vsBaseline: isBaseline ? undefined : baselineComparison(sameGenerator, summary.strategy, context),
    shape,
    fixAndBreak: fixAndBreak(group),
    selectionAccuracy: shape === 'samples' ? selectionAccuracy(group) : undefined,
    iterations: iterationStats(group),
    passByIteration: passRateByIteration(group),
    transitions: retryTransitions(group),
    inflation: scoreInflation(group, context.bootstrap),
    inflationBySelection: inflationBySelection(group, context.bootstrap),
    weakTests: context.plus ? weakTests(group, context.bootstrap) : undefined,
    computeMatch: computeMatch(summary, context.frontier),
  };
}

function baselineComparison(records: TrialRecord[], strategy: string, context: GroupContext): BaselineComparison | undefined {
  const gain = pairedGain(records, strategy, { ...context.bootstrap, baseline: context.baseline });
  if (!gain) return undefined;
  // pairedGain gives the strategy's pass rate over the pairs; times the pairs it is a count (rounded against float error).
  const strategyPasses = Math.round(gain.strategyPassAt1 * gain.pairs);
  const passPass = strategyPasses - gain.b;
  const discordance = (gain.b + gain.c) / gain.pairs;
  return {
    ...gain,
    outcomes: { passPass, passFail: gain.c, failPass: gain.b, failFail: gain.pairs - passPass - gain.b - gain.c },
    minimumDetectableDelta: minimumDetectableDelta(discordance, gain.pairs),
    pairsToDetect: { delta: worthwhileDelta, pairs: pairsToDetect(worthwhileDelta, discordance) },
    testsDisagree: excludesZero(gain.delta) !== gain.mcnemarP < significanceLevel,
  };
}

/** The loop's own judge(s), then each panel judge, on the answers of one strategy × generator. */
function judgeResults(group: TrialRecord[], result: StrategyResult, panelThreshold: number | undefined): JudgeResult[] {
  const judged = (role: JudgeResult['role'], answers: JudgedAnswer[]): JudgeResult[] => {
    // A loop's judge is read at the loop's threshold; the panel at the panel's, whichever strategy it judged.
    const threshold = role === 'loop' ? (result.threshold ?? panelThreshold) : panelThreshold;
    const thresholdSource = role === 'loop' && result.threshold !== undefined ? 'strategy' : panelThreshold !== undefined ? 'panel' : undefined;
    return [...groupBy(answers, (answer) => answer.judge)].map(([judge, ofJudge]) => ({
      role,
      judge,
      self: judge === result.generator,
      strategy: result.strategy,
      generator: result.generator,
      threshold,
      thresholdSource,
      calibration: calibration(ofJudge, threshold),
      stopPrecision: role === 'loop' && result.threshold !== undefined ? stopPrecision(group) : undefined,
      vsPlus: judgeVsPlus(ofJudge, threshold),
    }));
  };
  return [...judged('loop', loopJudgements(group)), ...judged('panel', panelJudgements(group))];
}

function calibration(answers: JudgedAnswer[], threshold: number | undefined): Calibration {
  // Any τ gives the threshold-free metrics; false accept/reject are kept only for a real one.
  const quality = judgeQuality(answers, threshold ?? 0);
  return {
    ...quality,
    meanScore: mean(answers.flatMap((answer) => (answer.score === undefined ? [] : [answer.score]))),
    falseAccept: threshold === undefined ? undefined : quality.falseAccept,
    falseReject: threshold === undefined ? undefined : quality.falseReject,
  };
}
