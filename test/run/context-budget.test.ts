/**
 * Output caps and the context budget, end to end: trials run against in-process Ollama and llama-server servers
 * through the official clients, the models registered as a run registers them (their window and cap read from
 * their config by the provider registry).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ModelGateway } from '../../src/providers/gateway.js';
import { contextWindowOf, createProviders, modelSpecSchema, outputCapOf } from '../../src/providers/registry.js';
import { SimulatedGpu } from '../../src/providers/simulated-gpu.js';
import { simulationOracle } from '../../src/providers/simulated.js';
import { loadPromptTemplates } from '../../src/prompts/templates.js';
import type { TrialRecord } from '../../src/records/record.js';
import { runTrial } from '../../src/run/runner.js';
import type { ConfiguredStrategy } from '../../src/config/load.js';
import { PromptBook } from '../../src/strategies/prompt-book.js';
import { ollamaChatBody, ollamaError, startFakeOllama } from '../support/fake-ollama.js';
import { openaiCompletionBody, startFakeOpenAI } from '../support/fake-openai.js';
import type { FakeServer } from '../support/fake-http.js';
import { processGrader } from '../support/grading.js';
import { addTask, code, instance, right, verdict, wrong } from '../support/scripted.js';

const templates = loadPromptTemplates();
const grader = processGrader();
const task = addTask();
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function ollama(models = ['coder-model', 'judge-model']): Promise<FakeServer> {
  const server = await startFakeOllama(models);
  servers.push(server);
  return server;
}

/** A gateway with each model registered as connectModels does: its window and output cap from its config. */
function gatewayOf(models: Record<string, Record<string, unknown>>): ModelGateway {
  const gateway = new ModelGateway({ retry: { retries: 0, backoffMs: 1 } });
  const deps = { env: {}, oracle: simulationOracle([]), gpu: new SimulatedGpu(Infinity, 0) };
  for (const [name, raw] of Object.entries(models)) {
    const spec = modelSpecSchema.parse({ timeoutMs: 5000, ...raw });
    gateway.register(name, createProviders(name, spec, deps), { contextWindow: contextWindowOf(spec), outputCap: outputCapOf(spec) });
  }
  return gateway;
}

function trial(strategy: ConfiguredStrategy, gateway: ModelGateway): Promise<TrialRecord> {
  return runTrial(
    { key: 'k', task, strategy, generator: 'coder', repeat: 0, seed: 1 },
    { gateway, grader, templates, onRecord: () => {}, trialWindow: 1, signal: new AbortController().signal },
  );
}

const chats = (server: FakeServer, path = '/api/chat') => server.requests.filter((request) => request.path === path).map((request) => request.body as Record<string, unknown>);
const numPredict = (body: Record<string, unknown>) => (body.options as { num_predict?: number }).num_predict;
const firstPromptCharacters = new PromptBook(templates, task.view).initial().reduce((sum, message) => sum + message.content.length, 0);

describe('output caps', () => {
  it('are set by call role — 2,048 for an answer, 768 for a verdict — when the model sets none', async () => {
    const server = await ollama();
    const gateway = gatewayOf({ coder: { provider: 'ollama', model: 'coder-model', host: server.url, options: { num_ctx: 8192 } } });
    server.enqueue({ json: ollamaChatBody({ content: right }) }, { json: ollamaChatBody({ content: verdict(9) }) });
    const record = await trial(instance('self-reflection'), gateway);
    expect(record.stopReason).toBe('threshold-met');
    expect(chats(server).map(numPredict)).toEqual([2048, 768]);
  });

  it("are the model's own when its options set one (Ollama num_predict, OpenAI-compatible max_tokens)", async () => {
    const server = await ollama();
    const openai = await startFakeOpenAI(['judge-model']);
    servers.push(openai);
    const gateway = gatewayOf({
      coder: { provider: 'ollama', model: 'coder-model', host: server.url, options: { num_predict: 300 } },
      judge: { provider: 'openai', model: 'judge-model', baseURL: openai.url, options: { max_tokens: 200 } },
    });
    server.enqueue({ json: ollamaChatBody({ content: right }) });
    openai.enqueue({ json: openaiCompletionBody({ content: verdict(9) }) });
    await trial(instance('judge-loop', { judge: 'judge' }), gateway);
    expect(chats(server).map(numPredict)).toEqual([300]);
    expect(chats(openai, '/v1/chat/completions').map((body) => body.max_tokens)).toEqual([200]);
  });
});

describe('the context budget', () => {
  it('never sends a first prompt that would not fit window − cap: the trial stops context-full, counted as not passed', async () => {
    const server = await ollama();
    // 2,100 − 2,048 leaves 52 tokens, fewer than the first prompt's characters ÷ 3.
    expect(firstPromptCharacters / 3).toBeGreaterThan(52);
    const gateway = gatewayOf({ coder: { provider: 'ollama', model: 'coder-model', host: server.url, options: { num_ctx: 2100 } } });
    const record = await trial(instance('one-shot'), gateway);
    expect(server.requests).toEqual([]);
    expect(record).toMatchObject({ stopReason: 'context-full', passed: false, attempts: [], calls: [] });
    expect(record.error).toBe(
      `not sent to "coder": the prompt (about ${Math.ceil(firstPromptCharacters / 3)} tokens, estimated) does not fit the context of 2100 tokens beside an output cap of 2048`,
    );
  });

  it("fits the same prompt once the model's own cap leaves room", async () => {
    const server = await ollama();
    const gateway = gatewayOf({ coder: { provider: 'ollama', model: 'coder-model', host: server.url, options: { num_ctx: 2100, num_predict: 1500 } } });
    server.enqueue({ json: ollamaChatBody({ content: right }) });
    const record = await trial(instance('one-shot'), gateway);
    expect(record).toMatchObject({ stopReason: 'max-iterations', passed: true });
    expect(chats(server).map(numPredict)).toEqual([1500]);
  });

  it('stops a loop whose revision outgrows the window, counting prompt tokens as the server reported them; the answer so far stands', async () => {
    const server = await ollama();
    // The first prompt fits at 3 characters a token (a third of its length ≤ twice it), and so would the revision,
    // which repeats an answer three times that long. But the server reports one token a character: it does not fit.
    const gateway = gatewayOf({
      coder: { provider: 'ollama', model: 'coder-model', host: server.url, options: { num_ctx: 2048 + 2 * firstPromptCharacters } },
      judge: { provider: 'ollama', model: 'judge-model', host: server.url },
    });
    const longWrong = code(`return a - b  # ${'x'.repeat(3 * firstPromptCharacters)}`);
    server.enqueue({ json: ollamaChatBody({ content: longWrong }, { prompt_eval_count: firstPromptCharacters }) }, { json: ollamaChatBody({ content: verdict(3) }) });
    const record = await trial(instance('judge-loop', { judge: 'judge' }), gateway);
    expect(chats(server).map((body) => body.model)).toEqual(['coder-model', 'judge-model']);
    expect(record).toMatchObject({ stopReason: 'context-full', finalIndex: 0, passed: false });
    expect(record.attempts).toHaveLength(1);
    expect(record.error).toMatch(/^not sent to "coder": the prompt \(about \d+ tokens, estimated\) does not fit the context/);
    expect(record.calls.map((call) => call.ok)).toEqual([true, true]);
  });

  it('stops the trial context-full, not as an error --resume would repeat, when the server says the prompt is too long', async () => {
    const server = await ollama();
    const gateway = gatewayOf({ coder: { provider: 'ollama', model: 'coder-model', host: server.url } });
    server.enqueue(ollamaError(400, 'the input length exceeds the context length'));
    const record = await trial(instance('one-shot'), gateway);
    expect(record).toMatchObject({ stopReason: 'context-full', passed: false, attempts: [] });
    expect(record.calls).toMatchObject([{ ok: false, error: expect.stringContaining('exceeds the context length') }]);
  });

  it("makes a judge's question that would not fit a failed verdict saying so, never sent", async () => {
    const server = await ollama();
    const openai = await startFakeOpenAI(['judge-model']);
    servers.push(openai);
    // llama-server started with --ctx-size 900: 900 − 768 leaves 132 tokens, too few for the task and the answer.
    const gateway = gatewayOf({
      coder: { provider: 'ollama', model: 'coder-model', host: server.url },
      judge: { provider: 'openai', model: 'judge-model', baseURL: openai.url, contextSize: 900 },
    });
    server.enqueue({ json: ollamaChatBody({ content: wrong }) });
    const record = await trial(instance('judge-loop', { judge: 'judge' }), gateway);
    expect(chats(openai, '/v1/chat/completions')).toEqual([]);
    expect(record.stopReason).toBe('judge-error');
    expect(record.attempts[0]?.verdict).toMatchObject({ parse: 'failed', judge: 'judge', replies: [] });
    expect(record.attempts[0]?.verdict?.notes[0]).toMatch(/^context full: not sent to "judge": .* context of 900 tokens beside an output cap of 768$/);
  });
});
