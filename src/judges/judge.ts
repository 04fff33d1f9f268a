import type { ChatMessage } from '../chat/types.js';

/**
 * One question to the judging model: the conversation and the JSON Schema its reply should fill, and for a question
 * about two answers which one it shows first (as A), so the call's record can say who wrote answer A. The caller (a
 * trial's context) makes the call through the gateway and records it; a judge never sees the gateway.
 */
export type AskModel = (messages: ChatMessage[], jsonSchema: Record<string, unknown>, shownFirst?: string) => Promise<string>;

/**
 * A way of judging: what it asks, how often, and how a reply becomes a verdict. The rubric judge (rubric.ts)
 * scores one answer; a pairwise judge compares two, and implements the same seam.
 */
export interface Judge<Question, Verdict> {
  judge(question: Question, ask: AskModel): Promise<Verdict>;
}
