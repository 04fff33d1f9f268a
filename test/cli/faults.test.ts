import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import { packageRoot } from '../../src/package-root.js';
import { readRecords } from '../../src/records/record-store.js';
import { runCli, runDirIn } from '../support/cli.js';
import type { FakeReply } from '../support/fake-http.js';
import { ollamaConfig, startKnowingOllama } from '../support/knowing-ollama.js';

const dataset = await loadDataset({ source: 'builtin:py-core', limit: 3 }, { packageRoot });
const faultyTask = dataset.tasks[1]!.view.id;
const many = await loadDataset({ source: 'builtin:py-core', limit: 20 }, { packageRoot });

/** [fault, the reply the server gives every call for the faulty task, text the recorded error must contain]. */
const faults: [string, FakeReply, RegExp][] = [
  ['an error object instead of a reply', { json: { error: 'an error was encountered while running the model: GGML_ASSERT failed' } }, /without a message|GGML_ASSERT/],
  ['a streamed reply with an error line mid-stream', { text: '{"message":{"role":"assistant","content":"def"},"done":false}\n{"error":"unexpected EOF"}\n', contentType: 'application/x-ndjson' }, /not JSON|unexpected EOF/],
  ['a connection reset', { reset: true }, /cannot reach Ollama/],
  ['an empty body', { text: '', contentType: 'application/json' }, /not JSON|without a message/],
  ['a truncated body', { truncated: '{"model":"coder:7b","message":{"role":"assistant","content":"def add' }, /cannot reach Ollama|not JSON/],
  ['a server that accepts and never answers', { hang: true }, /no reply from .* within 1500 ms/],
];

describe('faults on the model side: the run finishes, records are complete, the error is visible', () => {
  it.each(faults)('%s', async (_, reply, error) => {
    const server = await startKnowingOllama(dataset.tasks, (task) => (task?.view.id === faultyTask ? reply : undefined));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'selfbench-fault-'));
      // 1.5 s per call: enough for the preflight and the healthy tasks on a loaded machine, and a hang still ends soon.
      writeFileSync(join(dir, 'config.yaml'), ollamaConfig('faults', server.url, { timeoutMs: 1500 }));
      const result = await runCli(['--config', join(dir, 'config.yaml'), '--out', join(dir, 'out')]);
      expect(result.code, result.stderr).toBe(0);
      const runDir = runDirIn(join(dir, 'out'));
      const { records, tornLine } = readRecords(join(runDir, 'records.jsonl'));
      expect(tornLine).toBe(false);
      expect(records.map((record) => record.taskId).sort()).toEqual(dataset.tasks.map((task) => task.view.id).sort());
      const failed = records.find((record) => record.taskId === faultyTask)!;
      expect(failed).toMatchObject({ stopReason: 'error', passed: null });
      expect(failed.error).toMatch(error);
      // Both tries (the first and one retry) are on record.
      expect(failed.calls.map((call) => call.ok)).toEqual([false, false]);
      expect(records.filter((record) => record.taskId !== faultyTask).every((record) => record.passed === true)).toBe(true);
      expect(readFileSync(join(runDir, 'trials.csv'), 'utf8')).toMatch(error);
      expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toMatch(error);
    } finally {
      await server.close();
    }
  });

  it('stops early with one clear message when every call fails, and --resume retries those trials once the server is back', async () => {
    let broken = true;
    const server = await startKnowingOllama(many.tasks, () => (broken ? { status: 500, json: { error: 'CUDA error: out of memory' } } : undefined));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'selfbench-fault-'));
      writeFileSync(join(dir, 'config.yaml'), ollamaConfig('dead', server.url, { limit: 20 }));
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
      expect(records).toHaveLength(20);
      expect(new Set(records.map((record) => record.key)).size).toBe(20);
      expect(records.every((record) => record.passed === true)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
