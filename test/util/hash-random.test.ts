import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normal, normalOf, uniform, uniformAfter } from '../../src/util/hash-random.js';

/** The definition: the first 48 bits of the SHA-256 of the parts' JSON, as a fraction. */
const byDefinition = (...parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest().readUIntBE(0, 6) / 2 ** 48;

describe('hashed draws', () => {
  const parts: unknown[] = ['sim-coder', 7, 'py-core/001', 'generate', 1, 1, '', 'user:write a function\n"quoted", [brackets]', 'label'];

  it('draw the same number however the parts are split between a shared prefix and the rest', () => {
    for (let cut = 0; cut <= parts.length; cut++) {
      expect(uniformAfter(...parts.slice(0, cut))(...parts.slice(cut))).toBe(byDefinition(...parts));
    }
    expect(uniform()).toBe(byDefinition());
    expect(uniformAfter()()).toBe(byDefinition());
    expect(uniform(...parts)).toBe(byDefinition(...parts));
  });

  it('keep a prefix usable for many draws, each as if drawn alone', () => {
    const draw = uniformAfter('model', 3);
    expect([draw('a'), draw('b'), draw('a')]).toEqual([byDefinition('model', 3, 'a'), byDefinition('model', 3, 'b'), byDefinition('model', 3, 'a')]);
    expect(normalOf(draw, 'score')).toBe(normal('model', 3, 'score'));
  });
});
