import { trialTime } from '../../metrics/cost.js';
import type { TestOutcome } from '../../records/outcome.js';
import { commentOf, type BehaviourRun, type JudgedVerdict, type TestRun } from '../../records/attempt.js';
import type { CommentRole } from '../../records/lists.js';
import type { GradedAttempt, TrialRecord } from '../../records/record.js';
import type { ReportInput } from '../types.js';
import type { AttemptView, TestSummary, TrialView, VerdictView } from './page-types.js';
import { rowKey } from './strategy-rows.js';
import type { MessageTable } from './message-table.js';

/** Harness text (test errors, a raw reply with no code in it) can be long; records.jsonl keeps it whole. */
const maxErrorChars = 2_000;
const maxRawChars = 4_000;

/** The trial browser's title over what the generator said about an attempt. */
const commentTitles: Record<CommentRole, string> = {
  reflect: 'Reflection',
  explain: 'Explanation (line by line, on a failed test)',
  critique: 'Critique',
  feedback: 'Feedback',
};

/** Every trial in report order, reduced to what the trial browser shows. */
export function trialData({ records, analysis }: ReportInput, messages: MessageTable): TrialView[] {
  const rowOf = new Map(analysis.results.map((result, index) => [rowKey(result.strategy, result.generator), index]));
  return records.flatMap((record) => {
    const row = rowOf.get(rowKey(record.strategyId, record.generator));
    return row === undefined ? [] : [trialView(record, row, messages)];
  });
}

function trialView(record: TrialRecord, row: number, messages: MessageTable): TrialView {
  // The call that wrote an attempt: its first generation call (a retry of it sends the same prompt).
  const promptOf = (attempt: GradedAttempt) =>
    messages.prompt(record.calls.find((call) => call.purpose.role === 'generate' && attempt.callIds.includes(call.id))?.promptHash);
  return {
    row,
    task: record.taskId,
    repeat: record.repeat,
    passed: record.passed,
    stopReason: record.stopReason,
    finalIndex: record.finalIndex,
    ...(record.error === undefined ? {} : { error: record.error }),
    notes: record.notes,
    time: trialTime(record),
    attempts: record.attempts.map((attempt) => attemptView(attempt, promptOf(attempt))),
    panel: (record.panel ?? []).map((entry) => ({ ...verdictView(entry.verdict), self: entry.self, attemptIndex: entry.attemptIndex })),
  };
}

function attemptView(attempt: GradedAttempt, prompt: number[] | undefined): AttemptView {
  return {
    ...(prompt === undefined ? {} : { prompt }),
    iteration: attempt.iteration,
    code: attempt.code,
    // The raw reply only when no code was found in it: otherwise the code is what matters.
    ...(attempt.code === null ? { raw: clip(attempt.raw, maxRawChars) } : {}),
    ...(attempt.extractionError === undefined ? {} : { extractionError: attempt.extractionError }),
    ...(attempt.grade ? { grade: testSummary(attempt.grade.status, attempt.grade.passed, attempt.grade.tests) } : {}),
    ...(attempt.feedback ? { feedback: feedbackSummary(attempt.feedback) } : {}),
    ...(attempt.behaviour ? { behaviour: behaviourView(attempt.behaviour) } : {}),
    ...(attempt.verdict ? { verdict: verdictView(attempt.verdict) } : {}),
    ...commentView(attempt),
  };
}

function commentView(attempt: GradedAttempt): Pick<AttemptView, 'comment'> {
  const comment = commentOf(attempt);
  return comment === undefined ? {} : { comment: { title: commentTitles[comment.role], text: comment.text } };
}

/** Passing tests are counted, not listed. */
function testSummary(status: string, passed: boolean, tests: readonly TestOutcome[]): TestSummary {
  return {
    status,
    passed,
    total: tests.length,
    failures: tests.filter((test) => !test.passed).map((test) => ({ name: test.name, error: test.error && clip(test.error, maxErrorChars) })),
  };
}

function feedbackSummary(run: TestRun): TestSummary & { source: string } {
  const summary = testSummary(run.status, run.passed, run.tests);
  const codeOf = new Map(run.tests.map((test) => [test.name, test.code]));
  return { ...summary, source: run.source, failures: summary.failures.map((failure) => ({ ...failure, code: codeOf.get(failure.name) ?? '' })) };
}

function behaviourView({ source, status, calls }: BehaviourRun): NonNullable<AttemptView['behaviour']> {
  return { source, status, calls: calls.map(({ call, shown }) => ({ call, shown: clip(shown, maxErrorChars) })) };
}

function verdictView(verdict: JudgedVerdict): VerdictView {
  return {
    judge: verdict.judge,
    score: verdict.score,
    parse: verdict.parse,
    criteria: verdict.criteria,
    assessment: verdict.assessment,
    issues: verdict.issues,
    suggestions: verdict.suggestions,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters in records.jsonl)`;
}
