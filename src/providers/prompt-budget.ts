import type { ChatMessage } from '../chat/types.js';

/** How many prompt tokens a model sees; `assumed` when the config does not set it and the server default is used. */
export interface ContextWindow {
  tokens: number;
  assumed: boolean;
}

/** Before any reply says otherwise: three characters a token, more tokens than English text or code takes. */
const INITIAL_TOKENS_PER_CHARACTER = 1 / 3;

/**
 * One model's prompt budget: its window minus the call's output cap, and a conservative estimate of a prompt's
 * tokens. The estimate counts characters at the highest tokens-per-character ratio this model's replies have
 * reported (`prompt_eval_count`, `usage.prompt_tokens`), three characters a token until one has: the highest,
 * because a server that reused a cached prefix reports fewer tokens than the prompt holds, and text in Korean
 * takes more tokens per character than code does.
 */
export class PromptBudget {
  #tokensPerCharacter: number | undefined;

  /** `window` undefined or assumed (a server default we cannot see): nothing is refused, the server decides. */
  constructor(readonly window: ContextWindow | undefined) {}

  estimate(messages: readonly ChatMessage[]): number {
    return Math.ceil(characters(messages) * (this.#tokensPerCharacter ?? INITIAL_TOKENS_PER_CHARACTER));
  }

  /** What a server reported for a prompt it read. */
  observe(messages: readonly ChatMessage[], promptTokens: number | undefined): void {
    const length = characters(messages);
    if (promptTokens === undefined || promptTokens <= 0 || length === 0) return;
    this.#tokensPerCharacter = Math.max(this.#tokensPerCharacter ?? 0, promptTokens / length);
  }

  /**
   * Why the prompt cannot be sent with an output cap of `maxTokens` (a negative cap, Ollama's "no limit", reserves
   * nothing), or undefined when it fits or the window is not known.
   */
  refusal(messages: readonly ChatMessage[], maxTokens: number): string | undefined {
    if (this.window === undefined || this.window.assumed) return undefined;
    const reserved = Math.max(0, maxTokens);
    const room = this.window.tokens - reserved;
    const estimate = this.estimate(messages);
    if (estimate <= room) return undefined;
    return `the prompt (about ${estimate} tokens, estimated) does not fit the context of ${this.window.tokens} tokens beside an output cap of ${reserved}`;
  }
}

function characters(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + message.content.length, 0);
}
