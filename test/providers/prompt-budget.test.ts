import { describe, expect, it } from 'vitest';
import { PromptBudget } from '../../src/providers/prompt-budget.js';

const prompt = (characters: number) => [
  { role: 'system' as const, content: 'x'.repeat(characters / 2) },
  { role: 'user' as const, content: 'y'.repeat(characters / 2) },
];

describe('PromptBudget', () => {
  it('estimates three characters a token until the server reports a prompt', () => {
    expect(new PromptBudget(undefined).estimate(prompt(300))).toBe(100);
    expect(new PromptBudget(undefined).estimate(prompt(302))).toBe(101);
  });

  it('takes the highest tokens per character reported since, lower reports (a cached prefix) left aside', () => {
    const budget = new PromptBudget(undefined);
    budget.observe(prompt(1000), 500); // Korean text: one token every two characters
    expect(budget.estimate(prompt(300))).toBe(150);
    budget.observe(prompt(1000), 40); // a server that reused a cached prefix counts only the rest
    expect(budget.estimate(prompt(300))).toBe(150);
    budget.observe(prompt(1000), undefined);
    expect(budget.estimate(prompt(300))).toBe(150);
  });

  it('refuses a prompt that does not fit window − cap, and only then', () => {
    const budget = new PromptBudget({ tokens: 4096, assumed: false });
    expect(budget.refusal(prompt(6144), 2048)).toBeUndefined(); // 2,048 tokens: exactly the room left
    expect(budget.refusal(prompt(6146), 2048)).toBe('the prompt (about 2049 tokens, estimated) does not fit the context of 4096 tokens beside an output cap of 2048');
    expect(budget.refusal(prompt(6146), 768)).toBeUndefined();
  });

  it('reserves nothing for a negative cap (Ollama: no limit)', () => {
    const budget = new PromptBudget({ tokens: 4096, assumed: false });
    expect(budget.refusal(prompt(12000), -1)).toBeUndefined();
    expect(budget.refusal(prompt(12300), -1)).toMatch(/output cap of 0$/);
  });

  it('refuses nothing when the window is unknown or only assumed (a server default it cannot see)', () => {
    expect(new PromptBudget(undefined).refusal(prompt(100000), 2048)).toBeUndefined();
    expect(new PromptBudget({ tokens: 4096, assumed: true }).refusal(prompt(100000), 2048)).toBeUndefined();
  });
});
