/**
 * An in-process Ollama server speaking the real wire protocol, scriptable per request.
 */
import { startFakeServer, type FakeReply, type FakeServer } from './fake-http.js';

export type { FakeReply, FakeServer } from './fake-http.js';

/** Durations in nanoseconds, as Ollama reports them. */
export const OLLAMA_DURATIONS = {
  load_duration: 2_000_000,
  prompt_eval_duration: 30_000_000,
  eval_duration: 450_000_000,
  total_duration: 482_000_000,
};

/** The body of a successful non-streaming `POST /api/chat`. */
export function ollamaChatBody(
  message: { content: string; thinking?: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    model: 'test-model',
    created_at: new Date(0).toISOString(),
    message: { role: 'assistant', ...message },
    done: true,
    done_reason: 'stop',
    ...OLLAMA_DURATIONS,
    prompt_eval_count: 26,
    eval_count: 298,
    ...overrides,
  };
}

/** An error as Ollama sends it. */
export function ollamaError(status: number, error: string): FakeReply {
  return { status, json: { error } };
}

/** Serves `models`; unknown models get Ollama's 404, chat answers "ok". */
export function startFakeOllama(models: string[] = ['test-model']): Promise<FakeServer> {
  return startFakeServer(({ method, path, body }) => {
    const model = (body as { model?: unknown } | undefined)?.model;
    const known = typeof model === 'string' && models.includes(model);
    const notFound = ollamaError(404, `model "${String(model)}" not found, try pulling it first`);
    if (method === 'GET' && path === '/api/tags') {
      return { json: { models: models.map((name) => ({ name, model: name, size: 1, digest: 'sha256:0' })) } };
    }
    if (method === 'POST' && path === '/api/show') {
      return known ? { json: { details: { format: 'gguf' }, capabilities: ['completion'] } } : notFound;
    }
    if (method === 'POST' && path === '/api/chat') {
      return known ? { json: ollamaChatBody({ content: 'ok' }, { model }) } : notFound;
    }
    return { status: 404, text: '404 page not found' };
  });
}
