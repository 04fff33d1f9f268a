import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/cli/doctor-command.js';
import type { DoctorHost } from '../../src/cli/doctor-host.js';
import { startFakeOllama, type FakeOllamaOptions, type FakeServer } from '../support/fake-ollama.js';
import { repoRoot } from '../support/cli.js';

const CODER = 'coder-model:7b';
const JUDGE = 'judge-model:8b';
const READABLE_VERDICT = JSON.stringify({
  overall: 8,
  criteria: { completeness: 8, correctness: 9, best_practices: 7, error_handling: 6 },
  issues: [],
  suggestions: [],
  assessment: 'Correct and idiomatic.',
});

/** Plain Linux: no platform note, OLLAMA_HOST unset (every model names its host). */
const linuxHost: DoctorHost = { platform: 'linux', env: {}, homedir: '/home/me', procVersion: '', routeTable: '' };

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function ollama(options: FakeOllamaOptions = {}, models = [CODER, JUDGE]): Promise<FakeServer> {
  const server = await startFakeOllama(models, { structuredReply: READABLE_VERDICT, ...options });
  servers.push(server);
  return server;
}

/** A run whose generator `coder` is judged by `judge` (a judge loop), each model line given as its flow mapping. */
function configFile(models: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-doctor-ollama-'));
  const file = join(dir, 'config.yaml');
  const entries = Object.entries(models).map(([name, spec]) => `  ${name}: { provider: ollama, timeoutMs: 5000, ${spec} }`);
  writeFileSync(file, ['name: doctor', 'dataset: { source: builtin:py-core }', 'models:', ...entries, 'generators: [coder]', 'strategies: [{ use: judge-loop, judge: judge }]', ''].join('\n'));
  return file;
}

async function doctor(file: string): Promise<{ code: number; lines: string[] }> {
  let out = '';
  const code = await doctorCommand(file, linuxHost, (text) => (out += text));
  return { code, lines: out.split('\n').filter((line) => line !== '') };
}

const chatsTo = (server: FakeServer, model: string) =>
  server.requests.filter((request) => request.path === '/api/chat' && (request.body as { model: string }).model === model).map((request) => request.body as Record<string, unknown>);

describe('bench doctor on Ollama', () => {
  it('sends each model of the run a tiny chat and a structured rubric question on every server, and prints what each server holds; no warning when both stay loaded', async () => {
    const first = await ollama({ sizes: { [CODER]: { size: 5.1e9, size_vram: 5.1e9 }, [JUDGE]: { size: 6.2e9, size_vram: 6.2e9 } } });
    const second = await ollama({}, [CODER]);
    const file = configFile({
      coder: `model: "${CODER}", host: ["${first.url}", "${second.url}"]`,
      judge: `model: "${JUDGE}", host: "${first.url}"`,
      spare: `model: "${JUDGE}", host: "${first.url}"`,
    });
    const { code, lines } = await doctor(file);

    expect(code).toBe(0);
    const coder = lines.find((line) => line.startsWith('ok    model coder: '));
    expect(coder).toMatch(new RegExp(`^ok {4}model coder: ${CODER} on ${first.url} \\(a chat in \\d+ ms, 2 ms of it loading; a rubric verdict read as json\\), ${second.url} \\(`));
    expect(lines).toContain(`ok    model spare: ${JUDGE} on ${first.url} (the run does not call it: not asked)`);
    expect(lines).toContain(`ok    ollama ${first.url}: loaded: ${CODER} (coder) 5.1 GB, all in VRAM; ${JUDGE} (judge) 6.2 GB, all in VRAM`);
    expect(lines).toContain(`ok    ollama ${second.url}: loaded: ${CODER} (coder) 1.0 GB, all in VRAM`);
    expect(lines.filter((line) => line.startsWith('warn'))).toEqual([]);

    // One tiny chat (cut to 16 tokens) and one rubric question with its JSON Schema, to each server of each model the run calls.
    for (const server of [first, second]) {
      const asked = chatsTo(server, CODER);
      expect(asked.map((body) => (body.options as { num_predict: number }).num_predict)).toEqual([16, 768]);
      expect(asked[0]?.format).toBeUndefined();
      expect(asked[1]?.format).toMatchObject({ type: 'object', required: expect.arrayContaining(['overall', 'criteria', 'issues', 'suggestions', 'assessment']) });
    }
    expect(chatsTo(first, JUDGE)).toHaveLength(2); // the judge's; spare (the same tag) is not asked
  });

  it('warns when the generator and the judge cannot both stay loaded, naming both and the loads measured', async () => {
    const server = await ollama({ capacity: 1, loadNs: { [CODER]: 3_200_000_000, [JUDGE]: 4_100_000_000 } });
    const file = configFile({ coder: `model: "${CODER}", host: "${server.url}"`, judge: `model: "${JUDGE}", host: "${server.url}"` });
    const { code, lines } = await doctor(file);

    expect(code).toBe(0); // it will run, at a cost
    expect(lines).toContain(`ok    ollama ${server.url}: loaded: ${JUDGE} (judge) 1.0 GB, all in VRAM`);
    const warnings = lines.filter((line) => line.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`warn  ollama ${server.url}: coder (${CODER}) and judge (${JUDGE}) cannot all stay loaded: after a chat with each in turn, coder (${CODER}) was no longer loaded.`);
    expect(warnings[0]).toContain("doctor's chats measured these loads: coder 3200 ms, judge 4100 ms");
    expect(warnings[0]).toMatch(/OLLAMA_MAX_LOADED_MODELS of at least 2 on the server, and keepAlive/);
    // The evicted generator was asked once more: its reload is what a switch costs.
    expect(chatsTo(server, CODER)).toHaveLength(3);
  });

  it('measures a reload even when the evicted model was loaded before doctor asked it', async () => {
    const server = await ollama({ capacity: 1, loadNs: { [CODER]: 3_200_000_000, [JUDGE]: 4_100_000_000 } });
    // coder is resident already: its first chat loads nothing (2 ms); only the chat after its eviction measures a load.
    await fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: CODER, messages: [], stream: false }) });
    const { lines } = await doctor(configFile({ coder: `model: "${CODER}", host: "${server.url}"`, judge: `model: "${JUDGE}", host: "${server.url}"` }));
    const coderLine = lines.find((line) => line.startsWith('ok    model coder: '));
    expect(coderLine).toContain('2 ms of it loading');
    expect(lines.find((line) => line.startsWith('warn'))).toContain('coder 3200 ms, judge 4100 ms');
  });

  it('says what share of a partly offloaded model is on the CPU', async () => {
    const server = await ollama({ sizes: { [CODER]: { size: 5.1e9, size_vram: 5.1e9 }, [JUDGE]: { size: 6.2e9, size_vram: 4.9e9 } } });
    const { lines } = await doctor(configFile({ coder: `model: "${CODER}", host: "${server.url}"`, judge: `model: "${JUDGE}", host: "${server.url}"` }));
    expect(lines).toContain(`ok    ollama ${server.url}: loaded: ${CODER} (coder) 5.1 GB, all in VRAM; ${JUDGE} (judge) 6.2 GB, 4.9 GB in VRAM, 21% on the CPU (slower generation)`);
  });

  it('fails a model whose structured rubric verdict the judges cannot read, saying why', async () => {
    const server = await ollama({ structuredReply: 'The code looks correct: 8/10.' });
    const { code, lines } = await doctor(configFile({ coder: `model: "${CODER}", host: "${server.url}"`, judge: `model: "${JUDGE}", host: "${server.url}"` }));
    expect(code).toBe(1);
    const judge = lines.find((line) => line.startsWith('FAIL  model judge: '));
    expect(judge).toBe(
      'FAIL  model judge: a chat answered, but the rubric verdict it wrote could not be read (no JSON object; asked with the JSON Schema as structured output): ' +
        'every verdict of the run asked of it would fail the same way, counted with no score',
    );
    // Both models answered the chat, so the server's memory is still reported.
    expect(lines).toContain(`ok    ollama ${server.url}: loaded: ${CODER} (coder) 1.0 GB, all in VRAM; ${JUDGE} (judge) 1.0 GB, all in VRAM`);
  });

  it('warns when one model on one server is asked with two context windows', async () => {
    const server = await ollama({}, [CODER]);
    const file = configFile({
      coder: `model: "${CODER}", host: "${server.url}", options: { num_ctx: 8192 }`,
      judge: `model: "${CODER}", host: "${server.url}", options: { num_ctx: 16384 }`,
    });
    const { code, lines } = await doctor(file);
    expect(code).toBe(0);
    expect(lines.filter((line) => line.startsWith('warn'))).toEqual([
      `warn  num_ctx: ${CODER} on ${server.url} is asked with different context windows (coder 8192, judge 16384): Ollama reloads a model whenever num_ctx changes, so a run would reload it at every switch between them; give them one options.num_ctx`,
    ]);
  });

  it('prints no Ollama lines for simulated models, which answer both questions', async () => {
    const { code, lines } = await doctor(join(repoRoot, 'configs/demo.yaml'));
    expect(code).toBe(0);
    expect(lines.map((line) => line.split(':')[0])).toEqual(['ok    python', 'ok    sandbox', 'ok    model coder', 'ok    model judge']);
    expect(lines[3]).toMatch(/^ok {4}model judge: sim-judge-8b on simulated:\/\/gpu \(a chat in \d+ ms, 0 ms of it loading; a rubric verdict read as (json|repaired)\)$/);
  });
});
