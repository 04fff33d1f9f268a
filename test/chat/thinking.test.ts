import { describe, expect, it } from 'vitest';
import { splitThinking } from '../../src/chat/thinking.js';

describe('splitThinking', () => {
  it.each([
    { name: 'no thinking: content untouched', content: '  answer\n', text: '  answer\n', thinking: undefined },
    { name: 'one block', content: '<think>hmm</think>\n\nanswer', text: 'answer', thinking: 'hmm' },
    {
      name: 'several blocks',
      content: '<think>first</think>part one <think>second</think>part two',
      text: 'part one part two',
      thinking: 'first\n\nsecond',
    },
    {
      name: 'empty block (no-think mode)',
      content: '<think>\n\n</think>\n\nanswer',
      text: 'answer',
      thinking: undefined,
    },
    {
      name: 'opening tag left in the prompt by the template',
      content: 'let me see\n</think>\n\nanswer',
      text: 'answer',
      thinking: 'let me see',
    },
    {
      name: 'unclosed block: cut off while thinking',
      content: '<think>still thinking when',
      text: '',
      thinking: 'still thinking when',
    },
    {
      name: 'unclosed block after the answer',
      content: 'answer <think>second thoughts',
      text: 'answer',
      thinking: 'second thoughts',
    },
  ])('$name', ({ content, text, thinking }) => {
    expect(splitThinking(content)).toEqual({ text, ...(thinking !== undefined && { thinking }) });
  });

  it('puts separately reported reasoning first', () => {
    expect(splitThinking('<think>tagged</think>answer', 'reported')).toEqual({
      text: 'answer',
      thinking: 'reported\n\ntagged',
    });
  });

  it('keeps reported reasoning when the content has no tags', () => {
    expect(splitThinking('answer', 'reported')).toEqual({ text: 'answer', thinking: 'reported' });
  });
});
