import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failure, live } from '../support/provider-errors.js';
import { createOllamaProvider, ollamaModelSchema, ollamaTag } from '../../src/providers/ollama.js';
import type { ChatRequest } from '../../src/chat/types.js';
import { ollamaChatBody, ollamaError, startFakeOllama, type FakeServer } from '../support/fake-ollama.js';

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'Write fizzbuzz.' }],
  purpose: { taskId: 't1', strategy: 'baseline', role: 'generate', iteration: 1, repeat: 1 },
};

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeOllama(['test-model']);
});
afterEach(() => fake.close());

function provider(spec: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  return createOllamaProvider(
    ollamaModelSchema.parse({ provider: 'ollama', model: 'test-model', host: fake.url, ...spec }),
    env,
  );
}


describe('ollama provider: replies', () => {
  it('maps text, tokens, done reason and server timings (ns → ms)', async () => {
    const result = await provider().chat(request, live());
    expect(result).toMatchObject({
      text: 'ok',
      promptTokens: 26,
      completionTokens: 298,
      doneReason: 'stop',
      timings: { loadMs: 2, promptMs: 30, generateMs: 450 },
    });
    expect(result.thinking).toBeUndefined();
    expect(result.timings.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('sends options merged with the request (request wins), keep_alive, format and think', async () => {
    const schema = { type: 'object', properties: { score: { type: 'number' } } };
    await provider({
      options: { temperature: 0.2, num_ctx: 8192, top_k: 20, num_predict: 100 },
      keepAlive: '30m',
      think: true,
    }).chat({ ...request, temperature: 0.7, seed: 42, maxTokens: 512, jsonSchema: schema }, live());

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/chat' });
    expect(fake.requests[0]?.body).toEqual({
      model: 'test-model',
      messages: request.messages,
      stream: false,
      options: { temperature: 0.7, seed: 42, num_ctx: 8192, top_k: 20, num_predict: 512 },
      keep_alive: '30m',
      format: schema,
      think: true,
    });
  });

  it('leaves out what is not configured', async () => {
    await provider().chat(request, live());
    expect(fake.requests[0]?.body).toEqual({
      model: 'test-model',
      messages: request.messages,
      stream: false,
      options: {},
    });
  });

  it('strips <think> from the text and reports it with the thinking field', async () => {
    fake.enqueue({ json: ollamaChatBody({ content: '<think>tagged</think>\n\nanswer', thinking: 'separate' }) });
    const result = await provider().chat(request, live());
    expect(result.text).toBe('answer');
    expect(result.thinking).toBe('separate\n\ntagged');
  });
});

describe('ollama provider: failures', () => {
  it('404 → model-missing with a message saying what to do', async () => {
    const error = await failure(provider({ model: 'qwen3:8b' }).chat(request, live()));
    expect(error.kind).toBe('model-missing');
    expect(error.message).toBe(`model "qwen3:8b" is not available on ${fake.url}: run "ollama pull qwen3:8b"`);
    expect(error.retryable).toBe(false);
  });

  it('connection refused → unreachable', async () => {
    const closed = await startFakeOllama();
    await closed.close();
    const error = await failure(provider({ host: closed.url }).chat(request, live()));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`cannot reach Ollama at ${closed.url}: is "ollama serve" running?`);
    expect(error.retryable).toBe(true);
  });

  it.each([
    { status: 500, retryable: true },
    { status: 503, retryable: true },
    { status: 400, retryable: false },
  ])('HTTP $status → http error, retryable $retryable', async ({ status, retryable }) => {
    fake.enqueue(ollamaError(status, 'something broke'));
    const error = await failure(provider().chat(request, live()));
    expect(error).toMatchObject({ kind: 'http', status, retryable });
    expect(error.message).toContain('something broke');
  });

  it('a body that is not JSON → bad-response', async () => {
    fake.enqueue({ text: '{"model":', contentType: 'application/json' });
    expect((await failure(provider().chat(request, live()))).kind).toBe('bad-response');
  });

  it('a reply without a message → bad-response', async () => {
    fake.enqueue({ json: { model: 'test-model', done: true } });
    expect((await failure(provider().chat(request, live()))).kind).toBe('bad-response');
  });

  it('a call that never answers → timeout', async () => {
    fake.enqueue({ hang: true });
    const error = await failure(provider({ timeoutMs: 300 }).chat(request, live()));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('aborting the chat() signal → aborted', async () => {
    fake.enqueue({ hang: true });
    const controller = new AbortController();
    const call = provider().chat(request, controller.signal);
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    controller.abort();
    const error = await failure(call);
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
  });

  it('an already aborted signal → aborted, nothing sent', async () => {
    const error = await failure(provider().chat(request, AbortSignal.abort()));
    expect(error.kind).toBe('aborted');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('ollama provider: preflight', () => {
  it('passes when the server has the model', async () => {
    await provider().preflight(live());
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/show', body: { model: 'test-model' } });
  });

  it('fails with model-missing when it does not', async () => {
    const error = await failure(provider({ model: 'llama3:70b' }).preflight(live()));
    expect(error.kind).toBe('model-missing');
    expect(error.message).toBe(`model "llama3:70b" is not available on ${fake.url}: run "ollama pull llama3:70b"`);
  });

  it('fails with unreachable when nothing listens', async () => {
    const closed = await startFakeOllama();
    await closed.close();
    expect((await failure(provider({ host: closed.url }).preflight(live()))).kind).toBe('unreachable');
  });
});

describe('ollama provider: host', () => {
  const spec = ollamaModelSchema.parse({ provider: 'ollama', model: 'test-model' });

  it('defaults to 127.0.0.1:11434', () => {
    expect(createOllamaProvider(spec, {}).endpoint).toBe('http://127.0.0.1:11434');
  });

  it.each([
    { OLLAMA_HOST: '0.0.0.0', endpoint: 'http://0.0.0.0:11434' },
    { OLLAMA_HOST: 'gpu-box:8080', endpoint: 'http://gpu-box:8080' },
    { OLLAMA_HOST: ':8080', endpoint: 'http://127.0.0.1:8080' },
    { OLLAMA_HOST: 'https://ollama.example.com/', endpoint: 'https://ollama.example.com' },
  ])('reads OLLAMA_HOST=$OLLAMA_HOST as Ollama does', ({ OLLAMA_HOST, endpoint }) => {
    expect(createOllamaProvider(spec, { OLLAMA_HOST }).endpoint).toBe(endpoint);
  });

  it('talks to OLLAMA_HOST given without a scheme', async () => {
    const hostPort = fake.url.replace('http://', '');
    const result = await createOllamaProvider(spec, { OLLAMA_HOST: hostPort }).chat(request, live());
    expect(result.text).toBe('ok');
  });

  it('prefers the configured host over OLLAMA_HOST', () => {
    const configured = { ...spec, host: fake.url };
    expect(createOllamaProvider(configured, { OLLAMA_HOST: 'elsewhere:1' }).endpoint).toBe(fake.url);
  });
});

describe('ollama provider: loaded models', () => {
  it("reads /api/ps through the client: each model's bytes, and those in VRAM", async () => {
    expect(await provider().loadedModels?.(live())).toEqual([]);
    await provider().chat(request, live());
    expect(await provider().loadedModels?.(live())).toEqual([{ name: 'test-model', sizeBytes: 1e9, vramBytes: 1e9 }]);
    expect(fake.requests.filter((sent) => sent.path === '/api/ps').map((sent) => sent.method)).toEqual(['GET', 'GET']);
  });

  it('fails as a chat does when nothing listens', async () => {
    const closed = await startFakeOllama();
    await closed.close();
    expect((await failure(provider({ host: closed.url }).loadedModels!(live()))).kind).toBe('unreachable');
  });

  it.each([
    ['llama3', 'llama3:latest'],
    ['qwen2.5-coder:7b', 'qwen2.5-coder:7b'],
    ['registry.local:5000/team/coder', 'registry.local:5000/team/coder:latest'],
    ['hf.co/bartowski/Qwen2.5-Coder-7B-GGUF:Q4_K_M', 'hf.co/bartowski/Qwen2.5-Coder-7B-GGUF:Q4_K_M'],
  ])('names %s as /api/ps lists it: %s', (model, listed) => {
    expect(ollamaTag(model)).toBe(listed);
  });
});
