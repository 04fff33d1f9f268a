import { describe, expect, it } from 'vitest';
import { findJsonObjects, readJson } from '../../src/judges/json-in-text.js';

describe('findJsonObjects', () => {
  it('finds the outermost complete objects in prose, with their spans', () => {
    const text = 'Example: {"a": {"b": 1}} then {"c": "}"} and a {brace} in prose.';
    const found = findJsonObjects(text);
    expect(found.objects.map((f) => f.object)).toEqual([{ a: { b: 1 } }, { c: '}' }]);
    expect(found.objects.map((f) => text.slice(f.start, f.end))).toEqual(['{"a": {"b": 1}}', '{"c": "}"}']);
    expect(found).toMatchObject({ unreadable: [], truncated: false });
  });

  it('reports what opens like an object but is not JSON, without rewriting it', () => {
    const found = findJsonObjects(`{'a': 1} and {b: 2} and {"c": NaN}`);
    expect(found.objects).toEqual([]);
    expect(found.unreadable).toHaveLength(3);
    expect(found.unreadable[2]).toMatch(/not valid JSON/);
  });

  it('says the text ends inside an object instead of closing it', () => {
    expect(findJsonObjects('Here: {"a": 1, "b": [1, 2], "c": "cut off')).toEqual({ objects: [], unreadable: [], truncated: true });
    expect(findJsonObjects('{"a": 1, "b": 8')).toMatchObject({ objects: [], truncated: true });
  });

  it('skips a lone brace in prose and finds the object after it', () => {
    const found = findJsonObjects('Use { to open a block.\n{"a": 1}');
    expect(found).toMatchObject({ objects: [{ object: { a: 1 } }], truncated: false });
  });

  it('finds nothing in text without an object', () => {
    expect(findJsonObjects('no JSON here, only [1, 2]')).toEqual({ objects: [], unreadable: [], truncated: false });
  });
});

describe('readJson', () => {
  it('is JSON.parse that answers its complaint instead of throwing', () => {
    expect(readJson('{"a": 1}')).toEqual({ value: { a: 1 } });
    expect(readJson('null')).toEqual({ value: null });
    expect(readJson('{a: 1}')).toHaveProperty('error');
  });

  it('refuses a key given twice in one object, at any depth, but not the same key in two objects', () => {
    expect(readJson('{"a": 1, "a": 2}')).toEqual({ error: 'duplicate key "a"' });
    expect(readJson('{"x": [{"a": 1, "b": {"a": 2}, "a": 3}]}')).toEqual({ error: 'duplicate key "a"' });
    expect(readJson('[{"a": 1}, {"a": 2}]')).toEqual({ value: [{ a: 1 }, { a: 2 }] });
    expect(readJson('{"a": "a:", "b": ["a", "a"]}')).toEqual({ value: { a: 'a:', b: ['a', 'a'] } });
  });
});
