import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../src/records/record.js';
import { readRecords } from '../../src/records/record-store.js';
import { repoRoot, runCli, runDirIn } from '../support/cli.js';
import { demoWithoutLatency } from '../support/demo-config.js';

const dir = mkdtempSync(join(tmpdir(), 'selfbench-export-'));
// The demo with an oracle row beside its strategies, so the flag has something to keep.
const config = demoWithoutLatency().replace('  - reflexion  ', '  - reflexion-oracle\n  - reflexion  ');
/** Enough tasks for passing answers, failing ones, and trials whose final answer passed after a failing one. */
const tasks = 4;
let runDir = '';
let records: TrialRecord[] = [];

/** The first user message as the run sent it: the shipped template filled with the dataset's own prompt. */
const template = readFileSync(join(repoRoot, 'prompts/en/initial-code.md'), 'utf8');
const taskByPrompt = new Map(
  readFileSync(join(repoRoot, 'datasets/py-core.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; prompt: string })
    .map((task) => [template.replace('{{prompt}}', task.prompt.trimEnd()).trimEnd(), task.id]),
);

beforeAll(async () => {
  writeFileSync(join(dir, 'demo.yaml'), config);
  const result = await runCli(['--config', join(dir, 'demo.yaml'), '--out', join(dir, 'out'), '--limit', String(tasks)]);
  expect(result.code, result.stderr).toBe(0);
  runDir = runDirIn(join(dir, 'out'));
  records = readRecords(join(runDir, 'records.jsonl')).records;
  expect(new Set(records.map((record) => record.strategyId))).toContain('reflexion-oracle');
}, 120_000);

/** Runs `bench export` and reads back its lines, each of which must be exactly one JSON object. */
async function exported(args: string[], file: string): Promise<{ stdout: string; rows: Record<string, unknown>[] }> {
  const result = await runCli(['export', runDir, ...args]);
  expect(result.code, result.stderr).toBe(0);
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  const rows = lines.map((line) => JSON.parse(line) as unknown);
  for (const row of rows) expect(typeof row === 'object' && row !== null && !Array.isArray(row)).toBe(true);
  return { stdout: result.stdout, rows: rows as Record<string, unknown>[] };
}

/** Each task's replies by whether they passed the hidden tests. */
function repliesOf(passed: boolean): Map<string, Set<string>> {
  const replies = new Map<string, Set<string>>();
  for (const record of records) {
    for (const attempt of record.attempts) {
      if (attempt.grade?.passed === passed) replies.set(record.taskId, (replies.get(record.taskId) ?? new Set()).add(attempt.raw));
    }
  }
  return replies;
}

const isOracle = (record: TrialRecord) => record.strategy.feedback === 'oracle';
const failingAttemptsOfPassedTrials = (keep: (record: TrialRecord) => boolean) =>
  records.filter((record) => record.passed === true && keep(record)).reduce((sum, record) => sum + record.attempts.filter((attempt) => attempt.grade?.passed === false).length, 0);

function expectPairs(rows: Record<string, unknown>[]): void {
  const [passing, failing] = [repliesOf(true), repliesOf(false)];
  for (const row of rows) {
    expect(Object.keys(row).sort()).toEqual(['chosen', 'prompt', 'rejected']);
    for (const key of ['prompt', 'chosen', 'rejected']) expect(typeof row[key] === 'string' && row[key] !== '', key).toBe(true);
    const task = taskByPrompt.get(row['prompt'] as string);
    expect(task, 'the prompt is a task\'s first user message').toBeDefined();
    expect(passing.get(task!)?.has(row['chosen'] as string), 'chosen passed the hidden tests').toBe(true);
    expect(failing.get(task!)?.has(row['rejected'] as string), 'rejected failed them').toBe(true);
  }
}

describe('bench export', () => {
  it('--format dpo writes a pair per failing attempt of each trial whose final answer passed, oracle rows left out', async () => {
    const file = join(runDir, 'dpo.jsonl');
    const { stdout, rows } = await exported(['--format', 'dpo'], file);
    const expected = failingAttemptsOfPassedTrials((record) => !isOracle(record));
    expect(expected).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected);
    expect(stdout).toContain(`wrote ${expected} dpo lines to ${file}`);
    expect(stdout).toContain(`${tasks} oracle trials left out (--include-oracle keeps them)`);
    expectPairs(rows);
  });

  it('--include-oracle keeps the oracle rows', async () => {
    const file = join(dir, 'with-oracle', 'pairs.jsonl');
    const { rows } = await exported(['--format', 'dpo', '--include-oracle', '--out', file], file);
    const expected = failingAttemptsOfPassedTrials(() => true);
    expect(expected).toBeGreaterThan(failingAttemptsOfPassedTrials((record) => !isOracle(record)));
    expect(rows).toHaveLength(expected);
    expectPairs(rows);
  });

  it('--format sft writes each passing answer once per task', async () => {
    const file = join(dir, 'sft.jsonl');
    const { rows } = await exported(['--format', 'sft', '--out', file], file);
    const passing = repliesOf(true);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['completion', 'prompt']);
      expect(row['completion']).not.toBe('');
      expect(passing.get(taskByPrompt.get(row['prompt'] as string)!)?.has(row['completion'] as string)).toBe(true);
    }
    const distinct = new Set(
      records.filter((record) => !isOracle(record)).flatMap((record) => record.attempts.filter((attempt) => attempt.grade?.passed === true).map((attempt) => `${record.taskId}\n${attempt.raw}`)),
    );
    expect(rows).toHaveLength(distinct.size);
    expect(new Set(rows.map((row) => JSON.stringify(row))).size).toBe(rows.length);
  });

  it.each([
    ['a missing run directory', (run: string) => ['export', join(run, 'nowhere'), '--format', 'dpo'], '<run-dir>'],
    ['an unknown format', (run: string) => ['export', run, '--format', 'kto'], "--format <format>' argument 'kto' is invalid"],
    ['no format', (run: string) => ['export', run], "required option '--format <format>'"],
  ])('refuses %s with exit 2, naming the argument', async (_, args, message) => {
    const result = await runCli(args(runDir));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['a first prompt template that changed since the run', (meta: { promptHashes: Record<string, string> }) => (meta.promptHashes['initial-code'] = '0'.repeat(64)), 'the prompt template initial-code is not the one the run used'],
    ['a dataset file that changed since the run', (meta: { dataset: { sha256: string } }) => (meta.dataset.sha256 = '0'.repeat(64)), 'is not the file the run read'],
  ])('refuses with exit 2 %s: the prompts could not be the ones sent', async (_, change, message) => {
    const copy = join(dir, `copy-${Math.random().toString(36).slice(2)}`);
    cpSync(runDir, copy, { recursive: true });
    rmSync(join(copy, 'dpo.jsonl'), { force: true });
    const meta = JSON.parse(readFileSync(join(copy, 'run.json'), 'utf8'));
    change(meta);
    writeFileSync(join(copy, 'run.json'), JSON.stringify(meta));
    const result = await runCli(['export', copy, '--format', 'dpo']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(copy, 'dpo.jsonl'))).toBe(false);
  });
});
