import type { GradedAttempt, TrialRecord } from '../../records/record.js';
import { csvNumber } from '../format.js';
import { gradeColumns, type CsvRow } from './columns.js';

/**
 * attempts.csv: one row per attempt with every signal about it side by side: the hidden
 * tests, the feedback tests, the loop's verdict, and each panel judge's score in its own
 * columns (`panel_<judge>_score`, `panel_<judge>_parse`; empty where that judge did not score it).
 */
export function attemptRows(records: readonly TrialRecord[]): CsvRow[] {
  const judges = panelJudges(records);
  return records.flatMap((record) =>
    record.attempts.map((attempt, index) => ({ ...attemptColumns(record, attempt, index), ...panelColumns(record, index, judges) })),
  );
}

/** Panel judges of the whole run, by name, so every row has the same columns. */
function panelJudges(records: readonly TrialRecord[]): string[] {
  return [...new Set(records.flatMap((record) => (record.panel ?? []).map((entry) => entry.judge)))].sort();
}

function attemptColumns(record: TrialRecord, attempt: GradedAttempt, index: number): CsvRow {
  const { verdict, feedback, grade } = attempt;
  return {
    key: record.key,
    strategy: record.strategyId,
    feedback: record.strategy.feedback,
    generator: record.generator,
    task_id: record.taskId,
    repeat: record.repeat,
    iteration: attempt.iteration,
    final: index === record.finalIndex,
    extracted: attempt.code !== null,
    hidden_status: grade?.status ?? '',
    hidden_passed: grade?.passed ?? '',
    ...gradeColumns(grade),
    feedback_source: feedback?.source ?? '',
    feedback_status: feedback?.status ?? '',
    feedback_passed: feedback?.passed ?? '',
    loop_judge: verdict?.judge ?? '',
    loop_score: csvNumber(verdict?.score),
    loop_parse: verdict?.parse ?? '',
  };
}

function panelColumns(record: TrialRecord, index: number, judges: readonly string[]): CsvRow {
  const verdictOf = (judge: string) => record.panel?.find((entry) => entry.judge === judge && entry.attemptIndex === index)?.verdict;
  return Object.fromEntries(
    judges.flatMap((judge) => [
      [`panel_${judge}_score`, csvNumber(verdictOf(judge)?.score)],
      [`panel_${judge}_parse`, verdictOf(judge)?.parse ?? ''],
    ]),
  );
}
