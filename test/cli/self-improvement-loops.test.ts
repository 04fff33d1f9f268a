import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StopReason } from '../../src/records/lists.js';
import type { TrialRecord } from '../../src/records/record.js';
import { readRecords } from '../../src/records/record-store.js';
import { runCli, runDirIn } from '../support/cli.js';
import { readCsv } from '../report/csv-table.js';

const loops = ['self-debug', 'critique-revise', 'self-refine'];
/** Not a loop: independent samples, one picked by agreement; it rides along in the same runs. */
const sampling = 'self-consistency';

/** The three loops and self-consistency beside one-shot, on the simulated model, from the command line as a user runs them. */
function config(source: string, limit: number): string {
  return `
name: loops
dataset: { source: ${source}, limit: ${limit} }
models:
  coder: { provider: simulated, model: sim-coder-7b, accuracy: 0.5, fixRate: 0.5 }
generators: [coder]
strategies: [one-shot, ${loops.join(', ')}, ${sampling}]
seed: 3
execution: { allowUntrustedCode: false, timeoutMs: 10000, memoryMb: 2048, concurrency: 2 }
concurrency: 4
`;
}

async function run(source: string, limit: number): Promise<{ runDir: string; records: TrialRecord[]; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-loops-'));
  writeFileSync(join(dir, 'loops.yaml'), config(source, limit));
  const result = await runCli(['--config', join(dir, 'loops.yaml'), '--out', join(dir, 'out'), '--allow-code-execution']);
  expect(result.code, result.stderr).toBe(0);
  const runDir = runDirIn(join(dir, 'out'));
  return { runDir, records: readRecords(join(runDir, 'records.jsonl')).records, stdout: result.stdout };
}

const stopsOf = (records: TrialRecord[], strategy: string) => new Set(records.filter((record) => record.strategyId === strategy).map((record) => record.stopReason));
const rolesOf = (records: TrialRecord[], strategy: string) =>
  new Set(records.filter((record) => record.strategyId === strategy).flatMap((record) => record.calls.map((call) => call.purpose.role)));

describe('self-debug, critique-revise, self-refine and self-consistency from the CLI on builtin:py-core (simulated)', () => {
  it('run end to end, each trial stopping for a reason of its loop, and each row in every report', async () => {
    const tasks = 8;
    const { runDir, records, stdout } = await run('builtin:py-core', tasks);
    expect(records).toHaveLength(tasks * (2 + loops.length));
    // Every trial answered and was graded: no model call, sandbox or simulated reply failed on the way.
    expect(records.every((record) => record.passed !== null && record.attempts.every((attempt) => attempt.grade?.status === 'passed' || attempt.grade?.status === 'failed'))).toBe(true);
    const allowed: Record<string, StopReason[]> = {
      'self-debug': ['tests-passed', 'max-iterations', 'no-change'],
      'critique-revise': ['max-iterations', 'no-change'],
      'self-refine': ['feedback-stop', 'max-iterations', 'no-change'],
    };
    for (const loop of loops) for (const reason of stopsOf(records, loop)) expect(allowed[loop], `${loop}: ${reason}`).toContain(reason);
    expect(stopsOf(records, 'self-refine')).toContain('feedback-stop');
    expect(rolesOf(records, 'self-debug')).toEqual(new Set(['generate', 'explain']));
    expect(rolesOf(records, 'critique-revise')).toEqual(new Set(['generate', 'critique']));
    expect(rolesOf(records, 'self-refine')).toEqual(new Set(['generate', 'feedback']));
    // Revisions happened, and each attempt but the last kept what the model said about it.
    const revised = records.filter((record) => loops.includes(record.strategyId) && record.attempts.length > 1);
    expect(revised.length).toBeGreaterThan(0);
    for (const record of revised) expect(record.attempts.slice(0, -1).every((attempt) => attempt.comment !== undefined), record.key).toBe(true);
    // Self-consistency: its four samples (the default n) each called on the inputs of the tests the model wrote, and
    // a sample of the largest cluster of alike behaviours picked.
    const consistent = records.filter((record) => record.strategyId === sampling);
    expect(stopsOf(records, sampling)).toEqual(new Set(['max-iterations']));
    expect(rolesOf(records, sampling)).toEqual(new Set(['generate', 'write-tests']));
    for (const record of consistent) {
      expect(record).toMatchObject({ shape: 'samples', feedbackUsed: 'self-tests' });
      expect(record.attempts.map((attempt) => attempt.behaviour?.calls.length ?? 0).every((calls) => calls > 0), record.key).toBe(true);
      const keyOf = (index: number) => JSON.stringify(record.attempts[index]?.behaviour?.calls.map((call) => call.key));
      const sizes = record.attempts.map((_, index) => record.attempts.filter((__, other) => keyOf(other) === keyOf(index)).length);
      expect(sizes[record.finalIndex], record.key).toBe(Math.max(...sizes));
    }
    expect(consistent.some((record) => record.finalIndex > 0)).toBe(true);
    // One first generation per task, shared by all four strategies through the cache.
    const firstCalls = records.flatMap((record) => record.calls.filter((call) => call.purpose.role === 'generate' && call.purpose.iteration === 1 && !call.cached));
    expect(firstCalls).toHaveLength(tasks);

    const summary = readCsv(readFileSync(join(runDir, 'summary.csv'), 'utf8')).rows;
    expect(summary.map((row) => [row.strategy, row.feedback])).toEqual([
      ['one-shot', 'none'],
      ['self-debug', 'visible-tests'],
      ['critique-revise', 'self-critique'],
      ['self-refine', 'self-critique'],
      ['self-consistency', 'self-tests'],
    ]);
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    for (const loop of [...loops, sampling]) {
      expect(report, loop).toContain(`| ${loop}`);
      expect(stdout, loop).toContain(loop);
    }
    expect(report).toContain('**stop: feedback-stop**');
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toContain('self-refine');
  }, 120_000);

  it('revise open-ended answers too (critique-revise, self-refine), while self-debug and self-consistency, which need tests, skip them', async () => {
    const { records } = await run('builtin:open-ended', 3);
    expect(stopsOf(records, 'self-debug')).toEqual(new Set(['skipped']));
    expect(stopsOf(records, sampling)).toEqual(new Set(['skipped']));
    for (const loop of ['critique-revise', 'self-refine']) {
      const trials = records.filter((record) => record.strategyId === loop);
      expect(trials, loop).toHaveLength(3);
      expect(trials.every((record) => record.passed === null && record.feedbackUsed === 'self-critique' && record.stopReason !== 'error'), loop).toBe(true);
    }
  }, 120_000);
});
