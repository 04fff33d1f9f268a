/**
 * Training data from a run's trajectories (issue 12: STaR's successes, DPO/ORPO preference pairs), in TRL's
 * standard (plain-string) format: `{prompt, completion}` for SFTTrainer, `{prompt, chosen, rejected}` for
 * DPOTrainer. Pure over records: no model is called and no code is run; the hidden-test grades in the records
 * decide what passed.
 *
 * Every row's prompt is the task's *first* generation prompt, the one every strategy asks first: a fix the
 * model reached after feedback becomes an answer it should have given at once (STaR's rationalisation).
 * Every answer is the model's reply as recorded (`Attempt.raw`: prose and the ```python block the prompt
 * asks for, a reasoning model's `<think>` part already split off), not the extracted code: the prompt asks
 * for that reply, a trainer learns the continuation of the prompt, and a reply with no code in it is a
 * rejected answer too.
 */
import { compareTrials } from '../metrics/analysis.js';
import type { GradedAttempt, TrialRecord } from '../records/record.js';
import type { RunMeta } from '../records/run-meta.js';
import type { ExportFormat } from './formats.js';

/** TRL's standard preference row (DPOTrainer, ORPOTrainer). */
export interface PreferenceRow {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** TRL's standard prompt-completion row (SFTTrainer). */
export interface CompletionRow {
  prompt: string;
  completion: string;
}

export interface TrainingDataInput {
  records: readonly TrialRecord[];
  meta: RunMeta;
  /** Each code task's first generation prompt, by task id (run/first-prompts.ts rebuilds them from a run directory). */
  prompts: ReadonlyMap<string, string>;
  /** Keep trials of strategies whose feedback is the hidden tests (`oracle`); left out by default. */
  includeOracle: boolean;
}

export interface TrainingData<Row> {
  rows: Row[];
  /** Trials left out before any row was drawn from them, and why: shown by the CLI. */
  leftOut: { oracleTrials: number; openTrials: number };
}

/**
 * One pair per failing attempt of a trial whose final answer passed the hidden tests: chosen is that final
 * answer, rejected the failing attempt. An attempt whose grading itself failed (`infra-error`) neither passed
 * nor failed and gives no pair. Pairs are not de-duplicated: strategies share their first answer through the
 * cache, so two strategies that fixed it differently give two pairs with the same rejected answer.
 */
export function preferencePairs(input: TrainingDataInput): TrainingData<PreferenceRow> {
  const { trials, leftOut } = usableTrials(input);
  const rows = trials.flatMap(({ record, prompt }) => {
    const final = record.attempts[record.finalIndex];
    if (record.passed !== true || final === undefined) return [];
    return record.attempts.filter(failedHiddenTests).map((attempt) => ({ prompt, chosen: final.raw, rejected: attempt.raw }));
  });
  return { rows, leftOut };
}

/**
 * Every attempt that passed the hidden tests — a final answer or not, first try or after feedback — once per
 * distinct reply per task, in trial order. Rejection-sampling fine-tuning (STaR, RFT) keeps each correct
 * solution it found; only the finals would drop a passing answer a loop went on to revise (and break), and
 * one row per trial would repeat the first answer every strategy shares once per strategy, weighting a task
 * by how many strategies ran rather than by how many correct answers the model found.
 */
export function successCompletions(input: TrainingDataInput): TrainingData<CompletionRow> {
  const { trials, leftOut } = usableTrials(input);
  const seen = new Set<string>();
  const rows = trials.flatMap(({ record, prompt }) =>
    record.attempts
      .filter((attempt) => attempt.grade?.passed === true)
      .flatMap((attempt) => {
        const key = JSON.stringify([record.taskId, attempt.raw]);
        if (seen.has(key)) return [];
        seen.add(key);
        return [{ prompt, completion: attempt.raw }];
      }),
  );
  return { rows, leftOut };
}

export function trainingData(format: ExportFormat, input: TrainingDataInput): TrainingData<PreferenceRow | CompletionRow> {
  return format === 'dpo' ? preferencePairs(input) : successCompletions(input);
}

function failedHiddenTests(attempt: GradedAttempt): boolean {
  return attempt.grade !== undefined && !attempt.grade.passed && attempt.grade.status !== 'infra-error';
}

/**
 * Code trials in report order with their prompt. Open-ended trials have no hidden tests, so nothing says
 * which answer is better: they are left out. Oracle trials are left out unless asked for: their answers were
 * steered by the hidden tests the data is judged by.
 */
function usableTrials(input: TrainingDataInput): { trials: { record: TrialRecord; prompt: string }[]; leftOut: TrainingData<unknown>['leftOut'] } {
  const oracleIds = new Set(input.meta.strategies.filter((strategy) => strategy.feedback === 'oracle').map((strategy) => strategy.id));
  const isOracle = (record: TrialRecord) => record.strategy.feedback === 'oracle' || oracleIds.has(record.strategyId);
  const ordered = [...input.records].sort(compareTrials(input.meta.strategies.map((strategy) => strategy.id)));
  const leftOut = { oracleTrials: 0, openTrials: 0 };
  const trials = ordered.flatMap((record) => {
    if (record.taskKind !== 'code') {
      leftOut.openTrials++;
      return [];
    }
    if (!input.includeOracle && isOracle(record)) {
      leftOut.oracleTrials++;
      return [];
    }
    const prompt = input.prompts.get(record.taskId);
    if (prompt === undefined) throw new Error(`no first prompt for task ${record.taskId}: the records and the dataset differ`);
    return [{ record, prompt }];
  });
  return { trials, leftOut };
}
