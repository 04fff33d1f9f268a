import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import { packageRoot } from '../../src/package-root.js';
import type { TrialRecord } from '../../src/records/record.js';
import { readRecords } from '../../src/records/record-store.js';
import { runCli, runDirIn, type CliResult } from '../support/cli.js';
import type { FakeReply } from '../support/fake-http.js';
import { ollamaConfig, startKnowingOllama } from '../support/knowing-ollama.js';

/** [fault, the reply the server gives every call for the faulty task, text the recorded error must contain]. */
const faults: [string, FakeReply, RegExp][] = [
  ['an error object instead of a reply', { json: { error: 'an error was encountered while running the model: GGML_ASSERT failed' } }, /without a message|GGML_ASSERT/],
  ['a streamed reply with an error line mid-stream', { text: '{"message":{"role":"assistant","content":"def"},"done":false}\n{"error":"unexpected EOF"}\n', contentType: 'application/x-ndjson' }, /not JSON|unexpected EOF/],
  ['a connection reset', { reset: true }, /cannot reach Ollama/],
  ['an empty body', { text: '', contentType: 'application/json' }, /not JSON|without a message/],
  ['a truncated body', { truncated: '{"model":"coder:7b","message":{"role":"assistant","content":"def add' }, /cannot reach Ollama|not JSON/],
  ['a server that accepts and never answers', { hang: true }, /no reply from .* within 1500 ms/],
];

/**
 * One run meets every fault, each on a task of its own between healthy ones: a fault is seen to end its own trial and no
 * other. The first task is healthy: its answer tells the early stop (the last test) that the server is alive.
 */
const dataset = await loadDataset({ source: 'builtin:py-core', limit: 2 * faults.length + 1 }, { packageRoot });
const faultyTasks = faults.map((_, index) => dataset.tasks[2 * index + 1]!.view.id);

describe('faults on the model side: the run finishes, records are complete, the error is visible', () => {
  let run: { result: CliResult; records: TrialRecord[]; tornLine: boolean; trialsCsv: string; report: string };
  beforeAll(async () => {
    const server = await startKnowingOllama(dataset.tasks, (task) => faults[faultyTasks.indexOf(task?.view.id ?? '')]?.[1]);
    try {
      const dir = mkdtempSync(join(tmpdir(), 'selfbench-fault-'));
      // 1.5 s per call: enough for the preflight and the healthy tasks on a loaded machine, and a hang still ends soon.
      writeFileSync(join(dir, 'config.yaml'), ollamaConfig('faults', server.url, { timeoutMs: 1500, limit: dataset.tasks.length }));
      const result = await runCli(['--config', join(dir, 'config.yaml'), '--out', join(dir, 'out')]);
      expect(result.code, result.stderr).toBe(0);
      const runDir = runDirIn(join(dir, 'out'));
      const read = (file: string) => readFileSync(join(runDir, file), 'utf8');
      run = { result, ...readRecords(join(runDir, 'records.jsonl')), trialsCsv: read('trials.csv'), report: read('report.md') };
    } finally {
      await server.close();
    }
  }, 120_000);

  it.each(faults.map(([name, , error], index) => [name, error, faultyTasks[index]!] as const))('%s', (_, error, faultyTask) => {
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.tornLine).toBe(false);
    expect(run.records.map((record) => record.taskId).sort()).toEqual(dataset.tasks.map((task) => task.view.id).sort());
    const failed = run.records.find((record) => record.taskId === faultyTask)!;
    expect(failed).toMatchObject({ stopReason: 'error', passed: null });
    expect(failed.error).toMatch(error);
    // Both tries (the first and one retry) are on record.
    expect(failed.calls.map((call) => call.ok)).toEqual([false, false]);
    expect(run.records.filter((record) => !faultyTasks.includes(record.taskId)).every((record) => record.passed === true)).toBe(true);
    // Its own line of trials.csv, and its message in the report's table of errors (alike messages share a row).
    expect(run.trialsCsv.split('\n').find((line) => line.startsWith(`${failed.key},`))).toMatch(error);
    expect(run.report).toContain(`| ${failed.error} |`);
  });

  it('stops early with one clear message when every call fails, and --resume retries those trials once the server is back', async () => {
    let broken = true;
    // The tasks of the faults' run (13), whose expected values are cached by now.
    const server = await startKnowingOllama(dataset.tasks, () => (broken ? { status: 500, json: { error: 'CUDA error: out of memory' } } : undefined));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'selfbench-fault-'));
      writeFileSync(join(dir, 'config.yaml'), ollamaConfig('dead', server.url, { limit: dataset.tasks.length }));
      const result = await runCli(['--config', join(dir, 'config.yaml'), '--out', join(dir, 'out'), '--concurrency', '1']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('stopping early: the first 5 trials all failed and no model call has succeeded');
      expect(result.stderr).toContain('CUDA error: out of memory');
      const runDir = runDirIn(join(dir, 'out'));
      expect(result.stderr).toContain(`check the server with:\n  node dist/cli/main.js doctor --config ${join(dir, 'config.yaml')}\n`);
      expect(result.stderr).toContain(`continue with:\n  node dist/cli/main.js --resume ${runDir}\n`);
      expect(readRecords(join(runDir, 'records.jsonl')).records).toHaveLength(5);

      broken = false;
      const resumed = await runCli(['--resume', runDir]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain('5 trials that ended in an infrastructure error run again');
      const records = readRecords(join(runDir, 'records.jsonl')).records;
      expect(records).toHaveLength(dataset.tasks.length);
      expect(new Set(records.map((record) => record.key)).size).toBe(dataset.tasks.length);
      expect(records.every((record) => record.passed === true)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
