import type { Agent } from 'undici';
import { ProviderError } from './types.js';

/**
 * Node's fetch gives up when response headers take longer than 300 s, and a non-streaming call to a
 * local model sends none until the whole answer is ready. Our own deadline replaces both limits.
 */
let patientDispatcher: Agent | undefined;

export interface CallLimits {
  /** Named in the timeout message. */
  endpoint: string;
  timeoutMs: number;
  /** The caller's signal, e.g. the one passed to `Provider.chat()`. */
  signal: AbortSignal;
}

/**
 * Runs `call` with a fetch that gives up after `timeoutMs` or when `signal` aborts, whichever comes
 * first, and then rejects with ProviderError `timeout` or `aborted` however the client library
 * wrapped the abort. The fetch is made per call because ollama-js passes no signal of its own.
 */
export async function withCallFetch<T>(
  { endpoint, timeoutMs, signal }: CallLimits,
  call: (fetch: typeof globalThis.fetch) => Promise<T>,
): Promise<T> {
  // Imported at the first call, as the client libraries are, so commands that call no model do not load it.
  const undici = await import('undici');
  const dispatcher = (patientDispatcher ??= new undici.Agent({ headersTimeout: 0, bodyTimeout: 0 }));
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(new ProviderError('aborted', `call to ${endpoint} was aborted`));
  // A timer rather than AbortSignal.timeout(), so a finished call leaves nothing pending.
  const timer = setTimeout(
    () => stop.abort(new ProviderError('timeout', `no reply from ${endpoint} within ${timeoutMs} ms`)),
    timeoutMs,
  );
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });

  const callFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const signals = init?.signal ? [init.signal, stop.signal] : [stop.signal];
    const response = undici.fetch(input as Parameters<typeof undici.fetch>[0], {
      ...(init as Parameters<typeof undici.fetch>[1]),
      dispatcher,
      signal: AbortSignal.any(signals),
    });
    // undici's own Response: the same fetch standard as the global one, typed separately.
    return response as unknown as Promise<Response>;
  };

  try {
    return await call(callFetch as typeof globalThis.fetch);
  } catch (error) {
    throw stop.signal.aborted ? (stop.signal.reason as ProviderError) : error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
