import { feedbackUsed, type TrialRecord } from '../../records/record.js';
import { modelMs, trialTime } from '../../metrics/cost.js';
import { csvNumber } from '../format.js';
import { gradeColumns, type CsvRow } from './columns.js';

/** trials.csv: one row per trial, with its final answer's grading method and suites; its calls include the panel's. */
export function trialRow(record: TrialRecord): CsvRow {
  const ok = record.calls.filter((call) => call.ok);
  const final = record.attempts[record.finalIndex];
  const total = (pick: (call: (typeof ok)[number]) => number) => ok.reduce((sum, call) => sum + pick(call), 0);
  return {
    key: record.key,
    strategy: record.strategyId,
    use: record.strategy.use,
    feedback: record.strategy.feedback,
    feedback_used: feedbackUsed(record),
    generator: record.generator,
    model: record.model,
    task_id: record.taskId,
    task_kind: record.taskKind,
    repeat: record.repeat,
    seed: record.seed,
    passed: record.passed ?? '',
    final_status: final?.grade?.status ?? '',
    ...gradeColumns(final?.grade),
    attempts: record.attempts.length,
    stop_reason: record.stopReason,
    error: record.error ?? '',
    calls: ok.length,
    failed_calls: record.calls.length - ok.length,
    cached_calls: ok.filter((call) => call.cached).length,
    tokens_in: total((call) => call.promptTokens ?? 0),
    tokens_out: total((call) => call.completionTokens ?? 0),
    model_wall_ms: csvNumber(modelMs(record.calls), 1),
    queue_ms: csvNumber(record.calls.reduce((sum, call) => sum + (call.queueMs ?? 0), 0), 1),
    grading_ms: csvNumber(trialTime(record).gradingMs, 1),
    duration_ms: csvNumber(record.durationMs, 1),
  };
}
