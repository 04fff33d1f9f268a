import { ContextFullError } from '../chat/context-full.js';
import type { ChatMessage } from '../chat/types.js';
import type { ParseStatus } from '../records/lists.js';
import type { AskModel } from './judge.js';

/** How one kind of verdict is read from a reply, and what a verdict that could not be had says. */
export interface VerdictReading<V extends { parse: ParseStatus }> {
  read(reply: string): V;
  failed(notes: string[]): V;
}

/**
 * One question to a judge, asked again after a reply that cannot be read (shown back, up to `retries` times); the last
 * failure stays a failure. A question too long for the judge's context is a failed verdict saying so: there is no reply
 * to read, and asking again would not fit.
 */
export async function askStrictly<V extends { parse: ParseStatus }>(
  ask: AskModel,
  messages: ChatMessage[],
  jsonSchema: Record<string, unknown>,
  reading: VerdictReading<V>,
  retries: number,
): Promise<{ verdict: V; replies: string[] }> {
  const replies: string[] = [];
  for (let asked = 0; ; asked++) {
    // A re-ask continues the conversation, so it is a new request, not a cache hit.
    const question = asked === 0 ? messages : [...messages, ...reaskSuffix(replies)];
    const reply = await ask(question, jsonSchema).catch((error: unknown) => {
      if (error instanceof ContextFullError) return error;
      throw error;
    });
    if (reply instanceof ContextFullError) return { verdict: reading.failed([`context full: ${reply.message}`]), replies };
    replies.push(reply);
    const verdict = reading.read(reply);
    if (verdict.parse !== 'failed' || asked >= retries) return { verdict, replies };
  }
}

/** After an unparseable verdict, the judge is shown its reply and asked again for the JSON alone. */
function reaskSuffix(replies: readonly string[]): ChatMessage[] {
  const last = replies.at(-1) ?? '';
  return [
    { role: 'assistant', content: last },
    { role: 'user', content: `That reply could not be read as the requested JSON object (attempt ${replies.length}). Reply again with only the JSON object.` },
  ];
}
