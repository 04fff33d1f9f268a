/** The seam between the harness and any model server. One file per provider implements it. */
import type { ChatRequest, ChatResult } from '../chat/types.js';

export type ProviderErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'model-missing'
  | 'http'
  /** The server said the prompt does not fit the model's context (server-messages.ts): no retry can change that. */
  | 'context-overflow'
  | 'bad-response'
  | 'aborted';

/** Every provider failure is one of these, so the gateway can decide on retries by kind, not by text. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }

  /** Connection errors, timeouts, 429 and 5xx are worth another try; other 4xx are not. */
  get retryable(): boolean {
    if (this.kind === 'unreachable' || this.kind === 'timeout' || this.kind === 'bad-response') return true;
    if (this.kind === 'http' && this.status !== undefined) return this.status === 429 || this.status >= 500;
    return false;
  }
}

/** A model a server holds in memory (Ollama's `/api/ps`): its tag there, its bytes in all, and those in the GPU's memory. */
export interface LoadedModel {
  name: string;
  sizeBytes: number;
  /** Below `sizeBytes`, the rest is on the CPU (a partial offload); 0: all of it. */
  vramBytes: number;
}

/** A client bound to one configured model on one endpoint. */
export interface Provider {
  /** Provider kind, e.g. `ollama`. */
  readonly kind: string;
  /** Where it talks to, e.g. `http://127.0.0.1:11434`; calls are limited per endpoint. */
  readonly endpoint: string;
  /** The model tag on the server, e.g. `qwen2.5-coder:7b`. */
  readonly model: string;
  /** Everything besides the request that shapes an answer (model options, planted odds): part of the cache key. */
  readonly settings: unknown;
  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResult>;
  /** Throws a ProviderError with a message a user can act on when the server or model is missing. */
  preflight(signal: AbortSignal): Promise<void>;
  /** How many calls the server serves at once, where it says (llama-server's `total_slots`); undefined where it does not. */
  reportedSlots?(signal: AbortSignal): Promise<number | undefined>;
  /** The models its server holds in memory now, where the server says (Ollama's `/api/ps`). */
  loadedModels?(signal: AbortSignal): Promise<LoadedModel[]>;
}
