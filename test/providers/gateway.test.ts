import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, GatewayError, ModelGateway } from '../../src/providers/gateway.js';
import { createOllamaProvider, ollamaModelSchema } from '../../src/providers/ollama.js';
import { createOpenAIProvider, openaiModelSchema } from '../../src/providers/openai.js';
import type { Provider } from '../../src/providers/types.js';
import type { ChatRequest } from '../../src/chat/types.js';
import { ollamaChatBody, ollamaError, startFakeOllama, type FakeServer } from '../support/fake-ollama.js';
import { openaiCompletionBody, openaiError, startFakeOpenAI } from '../support/fake-openai.js';

const request = (overrides: Partial<ChatRequest['purpose']> = {}, seed = 7): ChatRequest => ({
  messages: [{ role: 'user', content: 'write add(a, b)' }],
  seed,
  purpose: { taskId: 't1', strategy: 'one-shot', role: 'generate', iteration: 1, repeat: 0, ...overrides },
});

describe('ModelGateway against the Ollama wire protocol', () => {
  let server: FakeServer;
  let gateway: ModelGateway;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    server = await startFakeOllama();
    const spec = ollamaModelSchema.parse({ provider: 'ollama', model: 'test-model', host: server.url, timeoutMs: 2000 });
    gateway = new ModelGateway({ retry: { retries: 2, backoffMs: 1 } });
    gateway.register('coder', createOllamaProvider(spec, {}));
  });
  afterEach(() => server.close());

  it('retries a 500 and records both tries', async () => {
    server.enqueue(ollamaError(500, 'llama runner process has terminated'), { json: ollamaChatBody({ content: 'def add(a, b): return a + b' }) });
    const reply = await gateway.chat('coder', request(), signal);
    expect(reply.result.text).toBe('def add(a, b): return a + b');
    expect(reply.calls.map((call) => [call.try, call.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(reply.calls[0]?.error).toMatch(/terminated/);
    expect(server.requests.filter((r) => r.path === '/api/chat')).toHaveLength(2);
  });

  it('does not retry a 400, and hands every try to the caller on failure', async () => {
    server.enqueue(ollamaError(400, 'invalid options'));
    const failure = await gateway.chat('coder', request(), signal).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect((failure as GatewayError).calls).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the retry budget on a server that keeps failing', async () => {
    server.enqueue(ollamaError(503, 'server busy'), ollamaError(503, 'server busy'), ollamaError(503, 'server busy'));
    const failure = (await gateway.chat('coder', request(), signal).catch((error: unknown) => error)) as GatewayError;
    expect(failure.calls.map((call) => call.ok)).toEqual([false, false, false]);
    expect(failure.reason.status).toBe(503);
  });

  it('computes identical concurrent requests once (single flight) and marks the joiners cached', async () => {
    const [a, b, c] = await Promise.all([
      gateway.chat('coder', request({ strategy: 'one-shot' }), signal),
      gateway.chat('coder', request({ strategy: 'self-reflection' }), signal),
      gateway.chat('coder', request({ strategy: 'reflexion' }), signal),
    ]);
    expect(server.requests.filter((r) => r.path === '/api/chat')).toHaveLength(1);
    expect([a, b, c].map((reply) => reply.calls[0]?.cached)).toEqual([false, true, true]);
    // A cached call keeps the original's cost, and its own purpose.
    expect(b?.calls[0]?.completionTokens).toBe(a?.calls[0]?.completionTokens);
    expect(c?.calls[0]?.purpose.strategy).toBe('reflexion');
  });

  it('asks again after a failure instead of caching it', async () => {
    server.enqueue(ollamaError(400, 'bad'));
    await expect(gateway.chat('coder', request(), signal)).rejects.toBeInstanceOf(GatewayError);
    const reply = await gateway.chat('coder', request(), signal);
    expect(reply.calls[0]?.cached).toBe(false);
    expect(reply.result.text).toBe('ok');
  });
});

describe('cacheKey', () => {
  const provider: Provider = {
    kind: 'ollama',
    endpoint: 'http://127.0.0.1:11434',
    model: 'm',
    settings: { options: { temperature: 0 } },
    chat: async () => ({ text: '', timings: { wallMs: 0 } }),
    preflight: async () => {},
  };
  const base = cacheKey(provider, request());

  it('ignores which strategy asks, so first generations are shared', () => {
    expect(cacheKey(provider, request({ strategy: 'reflexion' }))).toBe(base);
  });

  it.each([
    ['iteration', request({ iteration: 2 })],
    ['repeat', request({ repeat: 1 })],
    ['role', request({ role: 'judge' })],
    ['answer author', request({ role: 'judge', answerBy: 'coder' })],
    ['seed', request({}, 8)],
    ['options', { ...request(), temperature: 0.7 }],
  ])('changes with the %s', (_, changed) => {
    expect(cacheKey(provider, changed)).not.toBe(base);
  });

  it('changes with the model', () => {
    expect(cacheKey({ ...provider, model: 'other' }, request())).not.toBe(base);
  });

  it('changes with the model settings the config gives the provider (options, planted odds)', () => {
    expect(cacheKey({ ...provider, settings: { options: { temperature: 0.8 } } }, request())).not.toBe(base);
  });
});

describe('ModelGateway against the OpenAI wire protocol', () => {
  it('retries a 500 and a hung call cut by the timeout, then succeeds', async () => {
    const server = await startFakeOpenAI();
    try {
      const spec = openaiModelSchema.parse({ provider: 'openai', model: 'test-model', baseURL: server.url, timeoutMs: 300 });
      const gateway = new ModelGateway({ retry: { retries: 2, backoffMs: 1 } });
      gateway.register('judge', createOpenAIProvider(spec, {}));
      server.enqueue(openaiError(500, 'server exploded', 'server_error'), { hang: true }, { json: openaiCompletionBody({ content: '{"overall": 8}' }) });
      const reply = await gateway.chat('judge', request({ role: 'judge' }), new AbortController().signal);
      expect(reply.result.text).toBe('{"overall": 8}');
      expect(reply.calls.map((call) => call.ok)).toEqual([false, false, true]);
      expect(reply.calls[0]?.error).toContain('500');
      expect(reply.calls[1]?.error).toMatch(/within 300 ms/);
    } finally {
      await server.close();
    }
  });
});

describe('single flight after a failure', () => {
  it('lets one waiter ask again and the others join it, so every caller gets the same answer', async () => {
    const server = await startFakeOllama();
    try {
      const spec = ollamaModelSchema.parse({ provider: 'ollama', model: 'test-model', host: server.url });
      const gateway = new ModelGateway({ retry: { retries: 0, backoffMs: 1 } });
      gateway.register('coder', createOllamaProvider(spec, {}));
      server.enqueue(ollamaError(400, 'bad request'), { json: ollamaChatBody({ content: 'second try' }) });
      const signal = new AbortController().signal;
      const [first, ...waiters] = await Promise.allSettled([0, 1, 2].map(() => gateway.chat('coder', request(), signal)));
      expect(first?.status).toBe('rejected');
      expect(waiters.map((waiter) => waiter.status === 'fulfilled' && waiter.value.result.text)).toEqual(['second try', 'second try']);
      expect(server.requests.filter((r) => r.path === '/api/chat')).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
