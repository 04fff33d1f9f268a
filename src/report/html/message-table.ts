import type { StoredPrompt } from '../../records/prompt-store.js';
import type { MessageView } from './page-types.js';

/** A message longer than this is cut in the page; prompts/<hash>.json keeps it whole. */
const maxMessageChars = 8_000;

/**
 * The prompts the trial browser shows, each message once: a revision's prompt repeats the conversation before it, so
 * attempts refer to messages by index and the page grows with the distinct messages, not with every prompt's length.
 */
export class MessageTable {
  readonly messages: MessageView[] = [];
  private readonly indexOf = new Map<string, number>();

  constructor(private readonly read: ((hash: string) => StoredPrompt | undefined) | undefined) {}

  /** The prompt of that hash as message indices; undefined when the run kept no prompts (older runs) or lacks this one. */
  prompt(hash: string | undefined): number[] | undefined {
    const prompt = hash === undefined ? undefined : this.read?.(hash);
    return prompt?.messages.map((message) => this.add(message));
  }

  private add({ role, content }: { role: string; content: string }): number {
    const key = `${role}\u0000${content}`;
    let index = this.indexOf.get(key);
    if (index === undefined) {
      index = this.messages.push({ role, content: content.length > maxMessageChars ? `${content.slice(0, maxMessageChars)}\n… (cut here; prompts/ keeps it whole)` : content }) - 1;
      this.indexOf.set(key, index);
    }
    return index;
  }
}
