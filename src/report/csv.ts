import { stringify } from 'csv-stringify/sync';
import type { TrialRecord } from '../run/record.js';
import { csvNumber } from './format.js';
import type { Reporter } from './types.js';

/** Stable column names: scripts downstream read these. */
export const csvReporter: Reporter = {
  name: 'csv',
  render({ meta, records, summary }) {
    const summaryRows = summary.map((row) => ({
      strategy: row.strategy,
      feedback: row.feedback,
      generator: row.generator,
      model: row.model,
      simulated: meta.simulated,
      trials: row.trials,
      graded: row.graded,
      passed: row.passAt1.successes,
      pass_at_1: csvNumber(row.passAt1.value),
      pass_at_1_low: csvNumber(row.passAt1.low),
      pass_at_1_high: csvNumber(row.passAt1.high),
      errors: row.errors,
      skipped: row.skipped,
      mean_iterations: csvNumber(row.meanIterations),
      task_ms_p50: csvNumber(row.taskMsP50, 1),
      task_ms_p95: csvNumber(row.taskMsP95, 1),
      call_ms_p50: csvNumber(row.callMsP50, 1),
      call_ms_p95: csvNumber(row.callMsP95, 1),
      calls: row.calls,
      cached_calls: row.cachedCalls,
      tokens_in: row.tokensIn,
      tokens_out: row.tokensOut,
      wall_ms: csvNumber(row.wallMs, 1),
      model_reported_ms: csvNumber(row.modelReportedMs, 1),
    }));
    return [
      { fileName: 'summary.csv', content: stringify(summaryRows, { header: true }) },
      { fileName: 'trials.csv', content: stringify(records.map(trialRow), { header: true }) },
    ];
  },
};

function trialRow(record: TrialRecord) {
  const ok = record.calls.filter((call) => call.ok);
  const final = record.attempts[record.finalIndex];
  return {
    key: record.key,
    strategy: record.strategyId,
    use: record.strategy.use,
    feedback: record.strategy.feedback,
    generator: record.generator,
    model: record.model,
    task_id: record.taskId,
    task_kind: record.taskKind,
    repeat: record.repeat,
    seed: record.seed,
    passed: record.passed === null ? '' : record.passed,
    final_status: final?.grade?.status ?? '',
    attempts: record.attempts.length,
    stop_reason: record.stopReason,
    error: record.error ?? '',
    calls: ok.length,
    failed_calls: record.calls.length - ok.length,
    cached_calls: ok.filter((call) => call.cached).length,
    tokens_in: ok.reduce((total, call) => total + (call.promptTokens ?? 0), 0),
    tokens_out: ok.reduce((total, call) => total + (call.completionTokens ?? 0), 0),
    model_wall_ms: csvNumber(ok.reduce((total, call) => total + call.wallMs, 0), 1),
    duration_ms: csvNumber(record.durationMs, 1),
  };
}
