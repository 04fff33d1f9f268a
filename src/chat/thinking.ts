/** Reasoning models mix their thinking into the reply; the harness scores only the answer. */

export interface SplitReply {
  text: string;
  thinking?: string;
}

/** A reply that starts mid-thought: the chat template put the opening `<think>` into the prompt. */
const LEADING_THOUGHT = /^((?:(?!<think>)[\s\S])*?)<\/think>/;
/** An unclosed block means the reply was cut off mid-thought, so it runs to the end. */
const THINK_BLOCK = /<think>([\s\S]*?)(?:<\/think>|$)/g;

/**
 * Removes `<think>…</think>` blocks from `content`. Their text, after any `reasoning` the server
 * reported separately, becomes `thinking`; blank thoughts are dropped.
 */
export function splitThinking(content: string, reasoning?: string): SplitReply {
  const thoughts = [reasoning ?? ''];
  const collect = (_block: string, thought: string): string => {
    thoughts.push(thought);
    return '';
  };
  const answer = content.replace(LEADING_THOUGHT, collect).replace(THINK_BLOCK, collect);
  const thinking = thoughts
    .map((thought) => thought.trim())
    .filter((thought) => thought !== '')
    .join('\n\n');
  const text = answer === content ? content : answer.trim();
  return thinking === '' ? { text } : { text, thinking };
}
