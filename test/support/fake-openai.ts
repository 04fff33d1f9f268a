/** An in-process OpenAI-compatible server (as llama-server and vLLM speak it), scriptable per request. */
import { startFakeServer, type FakeReply, type FakeServer } from './fake-http.js';

export type { FakeReply, FakeServer, RecordedRequest } from './fake-http.js';

/** llama-server's non-standard `timings` object. */
export const LLAMA_SERVER_TIMINGS = {
  prompt_n: 26,
  prompt_ms: 31.5,
  prompt_per_token_ms: 1.21,
  prompt_per_second: 825.4,
  predicted_n: 298,
  predicted_ms: 4210.25,
  predicted_per_token_ms: 14.13,
  predicted_per_second: 70.78,
};

/** The body of a successful non-streaming `POST /v1/chat/completions`. */
export function openaiCompletionBody(
  { finish_reason = 'stop', ...message }: { content: string | null; reasoning_content?: string; finish_reason?: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 0,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason, logprobs: null }],
    usage: { prompt_tokens: 26, completion_tokens: 298, total_tokens: 324 },
    ...overrides,
  };
}

/** An error as the OpenAI API sends it. */
export function openaiError(status: number, message: string, type = 'invalid_request_error'): FakeReply {
  return { status, json: { error: { message, type, param: null, code: null } } };
}

/** Serves `models` under `/v1`; unknown models get a 404, chat answers "ok". `url` ends in `/v1`. */
export function startFakeOpenAI(models: string[] = ['test-model']): Promise<FakeServer> {
  return startFakeServer(({ method, path, body }) => {
    const model = (body as { model?: unknown } | undefined)?.model;
    if (method === 'GET' && path === '/v1/models') {
      const data = models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'me' }));
      return { json: { object: 'list', data } };
    }
    if (method === 'POST' && path === '/v1/chat/completions') {
      return typeof model === 'string' && models.includes(model)
        ? { json: openaiCompletionBody({ content: 'ok' }, { model }) }
        : openaiError(404, `The model \`${String(model)}\` does not exist.`);
    }
    return openaiError(404, `Unknown request URL: ${method} ${path}`);
  }, '/v1');
}
