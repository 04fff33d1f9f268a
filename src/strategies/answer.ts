import type { ChatMessage } from '../chat/types.js';
import type { Attempt } from '../records/attempt.js';

/** An answer as a strategy holds it: the attempt, and the conversation that produced it. */
export interface Answer {
  attempt: Attempt;
  text: string;
  program: string | null;
  messages: ChatMessage[];
}
