import type { CallRecord, TrialRecord } from '../run/record.js';
import type { FeedbackKind } from '../strategies/types.js';
import { quantile, sum, wilson, type Proportion } from './statistics.js';

/** Headline numbers for one strategy instance on one generator. */
export interface SummaryRow {
  strategy: string;
  feedback: FeedbackKind;
  generator: string;
  model: string;
  trials: number;
  /** Code trials graded by hidden tests; open and skipped trials are not in pass@1. */
  graded: number;
  passAt1: Proportion;
  /** Trials stopped by an infrastructure failure (model call or sandbox), not by the code. */
  errors: number;
  skipped: number;
  meanIterations: number | undefined;
  /** Model time per trial: the wall time of every call it used (cached ones at their original cost). */
  taskMsP50: number | undefined;
  taskMsP95: number | undefined;
  /** Per call, cached calls left out: a cache hit has no latency of its own. */
  callMsP50: number | undefined;
  callMsP95: number | undefined;
  calls: number;
  cachedCalls: number;
  tokensIn: number;
  tokensOut: number;
  /** Summed over the calls this group used: wall time vs what the server reports (load + prompt + generation). */
  wallMs: number;
  modelReportedMs: number | undefined;
}

/** One row per strategy × generator, in `strategyOrder` (config order), then generator name. */
export function summarize(records: readonly TrialRecord[], strategyOrder: readonly string[] = []): SummaryRow[] {
  const rank = (id: string) => (strategyOrder.includes(id) ? strategyOrder.indexOf(id) : strategyOrder.length);
  const sorted = [...records].sort((a, b) => rank(a.strategyId) - rank(b.strategyId) || a.generator.localeCompare(b.generator));
  const groups = new Map<string, TrialRecord[]>();
  for (const record of sorted) {
    const key = `${record.strategyId}\u0000${record.generator}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()].map(summarizeGroup);
}

function summarizeGroup(records: TrialRecord[]): SummaryRow {
  const first = records[0] as TrialRecord;
  const graded = records.filter((record) => record.passed !== null);
  const worked = records.filter((record) => record.stopReason !== 'skipped');
  const calls = records.flatMap((record) => record.calls.filter((call) => call.ok));
  const liveCalls = calls.filter((call) => !call.cached);
  const taskMs = worked.map((record) => sum(record.calls.filter((call) => call.ok).map((call) => call.wallMs)));
  const callMs = liveCalls.map((call) => call.wallMs);
  return {
    strategy: first.strategyId,
    feedback: first.strategy.feedback,
    generator: first.generator,
    model: first.model,
    trials: records.length,
    graded: graded.length,
    passAt1: wilson(graded.filter((record) => record.passed).length, graded.length),
    errors: records.filter((record) => record.stopReason === 'error').length,
    skipped: records.length - worked.length,
    meanIterations: worked.length === 0 ? undefined : sum(worked.map((record) => record.attempts.length)) / worked.length,
    taskMsP50: quantile(taskMs, 0.5),
    taskMsP95: quantile(taskMs, 0.95),
    callMsP50: quantile(callMs, 0.5),
    callMsP95: quantile(callMs, 0.95),
    calls: calls.length,
    cachedCalls: calls.length - liveCalls.length,
    tokensIn: sum(calls.map((call) => call.promptTokens ?? 0)),
    tokensOut: sum(calls.map((call) => call.completionTokens ?? 0)),
    wallMs: sum(calls.map((call) => call.wallMs)),
    modelReportedMs: modelReportedMs(calls),
  };
}

/** Undefined when no call reported any server timing (e.g. an OpenAI endpoint without `timings`). */
function modelReportedMs(calls: readonly CallRecord[]): number | undefined {
  const reported = calls.filter((call) => call.loadMs !== undefined || call.promptMs !== undefined || call.generateMs !== undefined);
  if (reported.length === 0) return undefined;
  return sum(reported.map((call) => (call.loadMs ?? 0) + (call.promptMs ?? 0) + (call.generateMs ?? 0)));
}
