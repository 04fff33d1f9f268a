import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from '../../src/util/did-you-mean.js';

describe('closestName', () => {
  const keys = ['name', 'dataset', 'models', 'generators', 'strategies', 'seed', 'timeoutMs'];

  it('finds the key a slip of a few letters was meant to be, case ignored', () => {
    expect(closestName('stratgies', keys)).toBe('strategies');
    expect(closestName('Generator', keys)).toBe('generators');
    expect(closestName('timout', keys)).toBe('timeoutMs');
    expect(closestName('slef', ['self', 'coder'])).toBe('self');
  });

  it('guesses nothing for a word unlike any, a one-letter name or a known one', () => {
    expect(closestName('colour', keys)).toBeUndefined();
    expect(closestName('d', ['c'])).toBeUndefined();
    expect(closestName('seed', keys)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });

  it('says it as every "unknown" message ends', () => {
    expect(didYouMean('olama', ['ollama', 'openai'])).toBe('; did you mean "ollama"?');
    expect(didYouMean('anthropic', ['ollama', 'openai'])).toBe('');
  });
});
