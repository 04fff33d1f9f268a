import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import { packageRoot } from '../../src/package-root.js';
import { readRecords } from '../../src/records/record-store.js';
import { runCli, runDirIn, type CliResult } from '../support/cli.js';
import type { FakeServer } from '../support/fake-http.js';
import { ollamaConfig, startKnowingOllama } from '../support/knowing-ollama.js';

const dataset = await loadDataset({ source: 'builtin:py-core', limit: 3 }, { packageRoot });

describe('bench --config against an Ollama server (loopback, real wire protocol)', () => {
  let server: FakeServer | undefined;
  afterEach(() => server?.close());

  const run = async (yaml: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-ollama-'));
    writeFileSync(join(dir, 'config.yaml'), yaml);
    const result = await runCli(['--config', join(dir, 'config.yaml'), '--out', join(dir, 'out')]);
    return { dir, result };
  };

  describe('a run, and the same run again', () => {
    // One server and one first run, read by both tests; the second runs again into the same directory.
    let answering: FakeServer;
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-ollama-'));
    const out = join(dir, 'out');
    let first: { result: CliResult; runDir: string };
    beforeAll(async () => {
      answering = await startKnowingOllama(dataset.tasks);
      writeFileSync(join(dir, 'config.yaml'), ollamaConfig('ollama-e2e', answering.url));
      const result = await runCli(['--config', join(dir, 'config.yaml'), '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      first = { result, runDir: runDirIn(out) };
    });
    afterAll(() => answering.close());

    it('runs end to end through the official client, with server timings in the records', () => {
      const { records } = readRecords(join(first.runDir, 'records.jsonl'));
      expect(records.map((record) => record.passed)).toEqual([true, true, true]);
      const call = records[0]?.calls[0];
      expect(call).toMatchObject({ ok: true, provider: 'ollama', model: 'coder:7b', loadMs: 2, promptMs: 30, generateMs: 450, promptTokens: 26, completionTokens: 298 });
      const chat = answering.requests.find((request) => request.path === '/api/chat')?.body as Record<string, unknown>;
      expect(chat).toMatchObject({ model: 'coder:7b', stream: false, keep_alive: '30m', options: { temperature: 0, num_ctx: 4096 } });
      expect(first.result.stdout).not.toContain('SIMULATED');
    });

    it('never asks the server twice: a repeated run answers from the disk cache, unless --no-cache', async () => {
      const chats = () => answering.requests.filter((request) => request.path === '/api/chat').length;
      expect(chats()).toBe(3);
      expect((await runCli(['--config', join(dir, 'config.yaml'), '--out', out])).code).toBe(0);
      expect(chats()).toBe(3);
      const second = readdirSync(out).filter((name) => name.startsWith('ollama-e2e-') && join(out, name) !== first.runDir);
      expect(second).toHaveLength(1);
      const { records } = readRecords(join(out, second[0]!, 'records.jsonl'));
      expect(records.flatMap((record) => record.calls.map((call) => call.cached))).toEqual([true, true, true]);
      expect((await runCli(['--config', join(dir, 'config.yaml'), '--out', out, '--no-cache'])).code).toBe(0);
      expect(chats()).toBe(6);
    });
  });

  it('stops before the run when the model is not pulled, saying how to get it', async () => {
    server = await startKnowingOllama(dataset.tasks);
    const { dir, result } = await run(ollamaConfig('ollama-e2e', server.url, { model: 'missing:1b' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`model "missing:1b" is not available on ${server.url}: run "ollama pull missing:1b"`);
    expect(readdirSync(dir)).toEqual(['config.yaml']);
    expect(server.requests.some((request) => request.path === '/api/chat')).toBe(false);
  });

  it('stops before the run when Ollama is not running', async () => {
    server = await startKnowingOllama(dataset.tasks);
    const url = server.url;
    await server.close();
    server = undefined;
    const { dir, result } = await run(ollamaConfig('ollama-e2e', url));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach Ollama at ${url}: is "ollama serve" running?`);
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });

  it('bench doctor reports each check and fails on a missing model', async () => {
    server = await startKnowingOllama(dataset.tasks);
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-doctor-'));
    writeFileSync(join(dir, 'config.yaml'), ollamaConfig('ollama-e2e', server.url, { model: 'missing:1b' }));
    const result = await runCli(['doctor', '--config', join(dir, 'config.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ok {4}python: \//m);
    expect(result.stdout).toMatch(/^ok {4}sandbox: (bwrap|unshare|process) \(a trivial program passed(, through a pool of warm workers)?\)/m);
    expect(result.stdout).toMatch(/^FAIL {2}model coder: model "missing:1b" is not available/m);
  });
});
