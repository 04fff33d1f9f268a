import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failure, live } from '../support/provider-errors.js';
import { createOpenAIProvider, openaiModelSchema } from '../../src/providers/openai.js';
import type { ChatRequest } from '../../src/chat/types.js';
import {
  LLAMA_SERVER_TIMINGS,
  openaiCompletionBody,
  openaiError,
  startFakeOpenAI,
  type FakeServer,
} from '../support/fake-openai.js';

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are a judge.' },
    { role: 'user', content: 'Score this.' },
  ],
  purpose: { taskId: 't1', strategy: 'panel', role: 'judge', iteration: 1, repeat: 1 },
};

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeOpenAI(['test-model']);
});
afterEach(() => fake.close());

function provider(spec: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  return createOpenAIProvider(
    openaiModelSchema.parse({ provider: 'openai', model: 'test-model', baseURL: fake.url, ...spec }),
    env,
  );
}


describe('openai provider: replies', () => {
  it('maps text, tokens and done reason; no server timings from a plain server', async () => {
    const result = await provider().chat(request, live());
    expect(result).toMatchObject({ text: 'ok', promptTokens: 26, completionTokens: 298, doneReason: 'stop' });
    expect(result.timings.promptMs).toBeUndefined();
    expect(result.timings.generateMs).toBeUndefined();
    expect(result.timings.wallMs).toBeGreaterThanOrEqual(0);
  });

  it("maps llama-server's timings and reasoning token count", async () => {
    fake.enqueue({
      json: openaiCompletionBody(
        { content: 'ok' },
        {
          timings: LLAMA_SERVER_TIMINGS,
          usage: {
            prompt_tokens: 26,
            completion_tokens: 298,
            total_tokens: 324,
            completion_tokens_details: { reasoning_tokens: 120 },
          },
        },
      ),
    });
    const result = await provider().chat(request, live());
    expect(result.timings).toMatchObject({ promptMs: 31.5, generateMs: 4210.25 });
    expect(result.thinkingTokens).toBe(120);
  });

  it('sends options merged with the request (request wins) and the JSON schema as response_format', async () => {
    const schema = { type: 'object', properties: { score: { type: 'number' } } };
    await provider({ options: { temperature: 0.2, top_p: 0.9, max_tokens: 100, min_p: 0.05 } }).chat(
      { ...request, temperature: 0, seed: 7, maxTokens: 256, jsonSchema: schema },
      live(),
    );

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(fake.requests[0]?.body).toEqual({
      model: 'test-model',
      messages: request.messages,
      temperature: 0,
      seed: 7,
      max_tokens: 256,
      top_p: 0.9,
      min_p: 0.05,
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema, strict: false } },
    });
  });

  it('leaves out what is not configured and sends the API key', async () => {
    await provider({ apiKey: 'sk-local' }).chat(request, live());
    expect(fake.requests[0]?.body).toEqual({ model: 'test-model', messages: request.messages });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-local');
  });

  it('strips <think> from the content and takes reasoning_content as thinking', async () => {
    fake.enqueue({
      json: openaiCompletionBody({ content: '<think>tagged</think>\nanswer', reasoning_content: 'separate' }),
    });
    const result = await provider().chat(request, live());
    expect(result.text).toBe('answer');
    expect(result.thinking).toBe('separate\n\ntagged');
  });

  it('a reply cut off while reasoning has null content and still reports the thinking', async () => {
    fake.enqueue({ json: openaiCompletionBody({ content: null, reasoning_content: 'so far', finish_reason: 'length' }) });
    const result = await provider().chat(request, live());
    expect(result).toMatchObject({ text: '', thinking: 'so far', doneReason: 'length' });
  });
});

describe('openai provider: failures', () => {
  it('404 → model-missing', async () => {
    const error = await failure(provider({ model: 'gpt-oss:20b' }).chat(request, live()));
    expect(error.kind).toBe('model-missing');
    expect(error.message).toBe(`model "gpt-oss:20b" is not available on ${fake.url}`);
    expect(error.retryable).toBe(false);
  });

  it('connection refused → unreachable', async () => {
    const closed = await startFakeOpenAI();
    await closed.close();
    const error = await failure(provider({ baseURL: closed.url }).chat(request, live()));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`cannot reach ${closed.url}: is the server running?`);
    expect(error.retryable).toBe(true);
  });

  it.each([
    { status: 500, retryable: true },
    { status: 429, retryable: true },
    { status: 400, retryable: false },
  ])('HTTP $status → http error, retryable $retryable, not retried by the client', async ({ status, retryable }) => {
    fake.enqueue(openaiError(status, 'something broke', 'server_error'));
    const error = await failure(provider().chat(request, live()));
    expect(error).toMatchObject({ kind: 'http', status, retryable });
    expect(error.message).toContain('something broke');
    expect(fake.requests).toHaveLength(1);
  });

  it('a body that is not JSON → bad-response', async () => {
    fake.enqueue({ text: '{"id":', contentType: 'application/json' });
    expect((await failure(provider().chat(request, live()))).kind).toBe('bad-response');
  });

  it('a reply without choices → bad-response', async () => {
    fake.enqueue({ json: { id: 'chatcmpl-1', object: 'chat.completion' } });
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
});

describe('openai provider: preflight', () => {
  it('passes when the server lists the model', async () => {
    await provider().preflight(live());
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
  });

  it('fails with model-missing, naming what the server has, when the list lacks it', async () => {
    const error = await failure(provider({ model: 'qwen3:8b' }).preflight(live()));
    expect(error.kind).toBe('model-missing');
    expect(error.message).toBe(`model "qwen3:8b" is not available on ${fake.url}; it serves test-model`);
  });

  it('passes when the server lists no models at all', async () => {
    fake.enqueue({ json: { object: 'list', data: [] } });
    await provider({ model: 'anything' }).preflight(live());
  });

  it('fails with unreachable when nothing listens', async () => {
    const closed = await startFakeOpenAI();
    await closed.close();
    expect((await failure(provider({ baseURL: closed.url }).preflight(live()))).kind).toBe('unreachable');
  });
});

describe('openai provider: endpoint', () => {
  const spec = openaiModelSchema.parse({ provider: 'openai', model: 'test-model' });

  it('defaults to the OpenAI API', () => {
    expect(createOpenAIProvider(spec, {}).endpoint).toBe('https://api.openai.com/v1');
  });

  it('reads OPENAI_BASE_URL and drops a trailing slash', () => {
    const env = { OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1/' };
    expect(createOpenAIProvider(spec, env)).toMatchObject({
      kind: 'openai',
      endpoint: 'http://127.0.0.1:8080/v1',
      model: 'test-model',
    });
  });

  it('takes OPENAI_API_KEY when the config has none', async () => {
    await provider({}, { OPENAI_API_KEY: 'sk-env' }).chat(request, live());
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-env');
  });
});
