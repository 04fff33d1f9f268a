import { feedbackUsed, type TrialRecord } from '../records/record.js';
import type { FeedbackKind } from '../records/lists.js';
import { costOf, modelSwitchCalls, type Cost, type CostContext } from './cost.js';
import { meanIterations } from './iterations.js';
import { passAt1, type PassAt1 } from './pass-at-k.js';
import { groupBy } from './statistics.js';

/** Headline numbers for one strategy instance on one generator. */
export interface SummaryRow {
  strategy: string;
  feedback: FeedbackKind;
  /** How many trials ran on each kind of feedback, most first: more than one when some fell back or had none. */
  feedbackUsed: { kind: FeedbackKind; trials: number }[];
  generator: string;
  model: string;
  trials: number;
  /** Code trials graded by hidden tests; open and skipped trials are not in pass@1. */
  graded: number;
  /** Wilson with one repeat; with repeats, the mean per-repeat rate with a bootstrap interval over tasks. */
  passAt1: PassAt1;
  /** Trials stopped by an infrastructure failure (model call or sandbox), not by the code. */
  errors: number;
  skipped: number;
  meanIterations: number | undefined;
  /** Model time per trial: the wall time of its live calls (a cache hit took none); queue time is apart. */
  taskMsP50: number | undefined;
  taskMsP95: number | undefined;
  /** Per trial: time its calls waited in their endpoints' queues, not in the model. */
  queueMsP50: number | undefined;
  queueMsP95: number | undefined;
  /** Per call, cached calls left out: a cache hit has no latency of its own. */
  callMsP50: number | undefined;
  callMsP95: number | undefined;
  calls: number;
  cachedCalls: number;
  /** Undefined when the server reported no token counts. */
  tokensIn: number | undefined;
  tokensOut: number | undefined;
  /** Summed over the calls this group used: wall time vs what the server reports (load + prompt + generation). */
  wallMs: number;
  modelReportedMs: number | undefined;
  /** The full cost breakdown the fields above are taken from (panel calls left out). */
  cost: Cost;
}

/** One row per strategy × generator, in `strategyOrder` (config order), then generator name. */
export function summarize(records: readonly TrialRecord[], strategyOrder: readonly string[] = []): SummaryRow[] {
  const rank = (id: string) => (strategyOrder.includes(id) ? strategyOrder.indexOf(id) : strategyOrder.length);
  const sorted = [...records].sort((a, b) => rank(a.strategyId) - rank(b.strategyId) || a.generator.localeCompare(b.generator));
  const groups = groupBy(sorted, (record) => `${record.strategyId}\u0000${record.generator}`);
  const context = { modelSwitchCalls: modelSwitchCalls(records) };
  return [...groups.values()].map((group) => summarizeGroup(group, context));
}

function summarizeGroup(records: TrialRecord[], context: CostContext): SummaryRow {
  const first = records[0] as TrialRecord;
  const cost = costOf(records, context);
  const passRate = passAt1(records);
  return {
    strategy: first.strategyId,
    feedback: first.strategy.feedback,
    feedbackUsed: feedbackMix(records),
    generator: first.generator,
    model: first.model,
    trials: records.length,
    graded: passRate.n,
    passAt1: passRate,
    errors: records.filter((record) => record.stopReason === 'error').length,
    skipped: records.length - cost.trials,
    meanIterations: meanIterations(records),
    taskMsP50: cost.taskMs.p50,
    taskMsP95: cost.taskMs.p95,
    queueMsP50: cost.taskQueueMs.p50,
    queueMsP95: cost.taskQueueMs.p95,
    callMsP50: cost.callMs.p50,
    callMsP95: cost.callMs.p95,
    calls: cost.calls,
    cachedCalls: cost.cachedCalls,
    tokensIn: cost.tokensIn,
    tokensOut: cost.tokensOut,
    wallMs: cost.wallMs,
    modelReportedMs: cost.modelTime && cost.modelTime.loadMs + cost.modelTime.promptMs + cost.modelTime.generateMs,
    cost,
  };
}

/** Tokens in and out together; undefined when the server reported neither. */
export function totalTokens(row: Pick<SummaryRow, 'tokensIn' | 'tokensOut'>): number | undefined {
  return row.tokensIn === undefined && row.tokensOut === undefined ? undefined : (row.tokensIn ?? 0) + (row.tokensOut ?? 0);
}

function feedbackMix(records: readonly TrialRecord[]): SummaryRow['feedbackUsed'] {
  const counts = groupBy(records, feedbackUsed);
  return [...counts].map(([kind, trials]) => ({ kind, trials: trials.length })).sort((a, b) => b.trials - a.trials);
}
