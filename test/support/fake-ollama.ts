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

/** A model's bytes as `/api/ps` reports them: in all, and in the GPU's memory (less: the rest is on the CPU). */
export interface FakeModelSize {
  size: number;
  size_vram: number;
}

/** How the fake server holds models in memory, and what it answers besides "ok". */
export interface FakeOllamaOptions {
  /** Models that fit in memory at once: a chat's model, once loaded, evicts the least recently used beyond it. Unset: all fit. */
  capacity?: number;
  /** Per model, its bytes in `/api/ps`; unset: 1 GB, all in VRAM. */
  sizes?: Record<string, FakeModelSize>;
  /** Per model, the `load_duration` (ns) of a chat that loads it; a chat to a loaded model reports 2 ms. */
  loadNs?: Record<string, number>;
  /** The content of a reply asked for with a `format` (structured output); unset: "ok", as any other. */
  structuredReply?: string;
}

const GIGABYTE = 1e9;

/**
 * Serves `models`; unknown models get Ollama's 404, chat answers "ok". It keeps what a chat loads, as Ollama does,
 * and lists it at `/api/ps`, most recently used last.
 */
export function startFakeOllama(models: string[] = ['test-model'], options: FakeOllamaOptions = {}): Promise<FakeServer> {
  const loaded: string[] = [];
  const load = (model: string): number => {
    const at = loaded.indexOf(model);
    if (at >= 0) loaded.splice(at, 1);
    loaded.push(model);
    if (loaded.length > (options.capacity ?? Infinity)) loaded.shift();
    return at >= 0 ? OLLAMA_DURATIONS.load_duration : (options.loadNs?.[model] ?? OLLAMA_DURATIONS.load_duration);
  };
  return startFakeServer(({ method, path, body }) => {
    const { model, format } = (body ?? {}) as { model?: unknown; format?: unknown };
    const known = typeof model === 'string' && models.includes(model);
    const notFound = ollamaError(404, `model "${String(model)}" not found, try pulling it first`);
    if (method === 'GET' && path === '/api/tags') {
      return { json: { models: models.map((name) => ({ name, model: name, size: 1, digest: 'sha256:0' })) } };
    }
    if (method === 'GET' && path === '/api/ps') {
      const listed = loaded.map((name) => ({ name, model: name, digest: 'sha256:0', expires_at: new Date(0).toISOString(), ...(options.sizes?.[name] ?? { size: GIGABYTE, size_vram: GIGABYTE }) }));
      return { json: { models: listed } };
    }
    if (method === 'POST' && path === '/api/show') {
      return known ? { json: { details: { format: 'gguf' }, capabilities: ['completion'] } } : notFound;
    }
    if (method === 'POST' && path === '/api/chat') {
      if (!known) return notFound;
      const content = format !== undefined && options.structuredReply !== undefined ? options.structuredReply : 'ok';
      return { json: ollamaChatBody({ content }, { model, load_duration: load(model) }) };
    }
    return { status: 404, text: '404 page not found' };
  });
}
