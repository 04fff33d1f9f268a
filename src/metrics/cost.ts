import { panelStrategy, type TrialRecord } from '../records/record.js';
import type { CallRecord } from '../records/call.js';
import { groupBy, quantile, sum } from './statistics.js';

export interface Latency {
  p50: number | undefined;
  p95: number | undefined;
}

/** Time the model server reports, summed over the calls that report it. */
export interface ModelTime {
  loadMs: number;
  promptMs: number;
  generateMs: number;
}

export interface CostContext {
  /** Live calls estimated to have made their endpoint switch models: `modelSwitchCalls` over the whole run. */
  modelSwitchCalls: ReadonlySet<string>;
  /** A live call whose server-reported load time exceeds this loaded the model (a cold start); 500 ms by default. */
  coldLoadMs?: number;
}

/**
 * What one strategy × generator spent. Calls are the successful calls the strategy made, panel calls left out.
 * Cached ones count at their original tokens, because that is what the answer cost whoever asked first, but never
 * as time: a cache hit took no model time, so every time figure is over live calls (the compute-matched budget
 * alone, `computeMs`, counts them at their original time, as it counts their tokens). Queue time — a call waiting
 * for its endpoint's slot and its model's turn — is apart from the model's time.
 */
export interface Cost {
  /** Trials that ran (not skipped). */
  trials: number;
  calls: number;
  cachedCalls: number;
  /** Failed tries, retried or not; in no other figure. */
  failedCalls: number;
  /** Undefined when the server reported no token counts (shown as n/a, not 0). */
  tokensIn: number | undefined;
  tokensOut: number | undefined;
  /** Model time: the summed wall time of the live calls, from leaving the queue to the reply. */
  wallMs: number;
  /** What the answers took to compute, cached calls at their original time: the compute-matched budget's time, like tokens. */
  computeMs: number;
  /** Summed time the live tries (failed ones too) waited in their endpoint's queue. */
  queueMs: number;
  /** Per trial that ran: the model time of its live calls. */
  taskMs: Latency;
  /** Per trial that ran: the time its live tries waited in queues. */
  taskQueueMs: Latency;
  /**
   * Summed time the sandbox took to grade the attempts against the hidden tests (`grade.durationMs`). Grades are
   * memoized by content, so an answer several strategies share counts for each at the time its one grading took.
   */
  gradingMs: number;
  /** Per trial that ran: its attempts' grading time. */
  taskGradingMs: Latency;
  /** Per live call: a cache hit has no latency of its own. */
  callMs: Latency;
  /** Live calls split by whether the server loaded the model first, so load time does not pass for answer latency. */
  warmCallMs: Latency;
  coldCalls: number;
  coldCallMs: Latency;
  /** Undefined when no call reported server timings (e.g. an OpenAI endpoint without `timings`). */
  modelTime: ModelTime | undefined;
  /** Estimated model loads caused by this group's calls (see `modelSwitchCalls`). */
  modelSwitches: number;
}

export function costOf(records: readonly TrialRecord[], { modelSwitchCalls, coldLoadMs = 500 }: CostContext): Cost {
  const ran = records.filter((record) => record.stopReason !== 'skipped');
  const tried = records.flatMap(strategyCalls);
  const calls = tried.filter((call) => call.ok);
  const live = calls.filter((call) => !call.cached);
  const isCold = (call: CallRecord) => (call.loadMs ?? 0) > coldLoadMs;
  const cold = live.filter(isCold);
  const warm = live.filter((call) => !isCold(call));
  const times = ran.map(trialTime);
  return {
    trials: ran.length,
    calls: calls.length,
    cachedCalls: calls.length - live.length,
    failedCalls: tried.length - calls.length,
    tokensIn: reportedSum(calls.map((call) => call.promptTokens)),
    tokensOut: reportedSum(calls.map((call) => call.completionTokens)),
    wallMs: sum(live.map((call) => call.wallMs)),
    computeMs: sum(calls.map((call) => call.wallMs)),
    queueMs: sum(tried.map((call) => call.queueMs ?? 0)),
    taskMs: latency(times.map((time) => time.modelMs)),
    taskQueueMs: latency(times.map((time) => time.queueMs)),
    gradingMs: sum(times.map((time) => time.gradingMs)),
    taskGradingMs: latency(times.map((time) => time.gradingMs)),
    callMs: latency(live.map((call) => call.wallMs)),
    warmCallMs: latency(warm.map((call) => call.wallMs)),
    coldCalls: cold.length,
    coldCallMs: latency(cold.map((call) => call.wallMs)),
    modelTime: modelTime(live),
    modelSwitches: live.filter((call) => modelSwitchCalls.has(call.id)).length,
  };
}

/**
 * Live calls that followed a call to another model on the same endpoint, i.e. probable model
 * loads. An estimate from call order: calls are ordered by `startedAt`, which is taken before
 * the endpoint's queue, so with concurrency > 1 the order the server saw may differ; the
 * endpoint is approximated by `provider`, the only server identity a call record keeps; the
 * first call on an endpoint is not counted (the model may already have been loaded).
 * Pass every record of the run: other strategies' and the panel's calls interleave.
 */
export function modelSwitchCalls(records: readonly TrialRecord[]): Set<string> {
  const live = records.flatMap((record) => record.calls.filter((call) => call.ok && !call.cached));
  const switches = new Set<string>();
  for (const calls of groupBy(live, (call) => call.endpoint).values()) {
    const ordered = [...calls].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    ordered.slice(1).forEach((call, index) => {
      if (call.model !== ordered[index]?.model) switches.add(call.id);
    });
  }
  return switches;
}

/** Where one trial's time went: its strategy's model time (live calls), their queue time, and grading its attempts. */
export interface TrialTime {
  modelMs: number;
  queueMs: number;
  gradingMs: number;
}

export function trialTime(record: TrialRecord): TrialTime {
  const calls = strategyCalls(record);
  return {
    modelMs: modelMs(calls),
    queueMs: sum(calls.map((call) => call.queueMs ?? 0)),
    gradingMs: sum(record.attempts.map((attempt) => attempt.grade?.durationMs ?? 0)),
  };
}

/** The model time of these calls: live successful calls' wall time; a cache hit took none. */
export function modelMs(calls: readonly CallRecord[]): number {
  return sum(calls.flatMap((call) => (call.ok && !call.cached ? [call.wallMs] : [])));
}

/** Every call a strategy made for its own answers, failed tries included; post-hoc panel calls are not its cost. */
export function strategyCalls(record: TrialRecord): CallRecord[] {
  return record.calls.filter((call) => call.purpose.strategy !== panelStrategy);
}

function latency(values: readonly number[]): Latency {
  return { p50: quantile(values, 0.5), p95: quantile(values, 0.95) };
}

function modelTime(calls: readonly CallRecord[]): ModelTime | undefined {
  const reported = calls.filter((call) => call.loadMs !== undefined || call.promptMs !== undefined || call.generateMs !== undefined);
  if (reported.length === 0) return undefined;
  return {
    loadMs: sum(reported.map((call) => call.loadMs ?? 0)),
    promptMs: sum(reported.map((call) => call.promptMs ?? 0)),
    generateMs: sum(reported.map((call) => call.generateMs ?? 0)),
  };
}

/** The sum of the values a server reported; undefined when it reported none. */
function reportedSum(values: readonly (number | undefined)[]): number | undefined {
  const reported = values.filter((value): value is number => value !== undefined);
  return reported.length === 0 ? undefined : sum(reported);
}
