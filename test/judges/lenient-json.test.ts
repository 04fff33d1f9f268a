import { describe, expect, it } from 'vitest';
import { findJsonObjects, parseJson, parseLenient } from '../../src/judges/lenient-json.js';

describe('parseLenient', () => {
  it('leaves valid JSON alone', () => {
    expect(parseLenient('{"a": [1, 2.5, "x"], "b": null}')).toEqual({ value: { a: [1, 2.5, 'x'], b: null }, repairs: [] });
    expect(parseLenient('[true, false]')).toEqual({ value: [true, false], repairs: [] });
  });

  it.each([
    ['trailing comma', '{"a": [1, 2,], }', { a: [1, 2] }],
    ['single quotes', `{'a': 'it\\'s'}`, { a: "it's" }],
    ['unquoted keys', '{a: 1, überall_2: 2}', { a: 1, überall_2: 2 }],
    ['Python literals', '{"a": True, "b": False, "c": None}', { a: true, b: false, c: null }],
    ['NaN as null', '{"a": NaN}', { a: null }],
    ['Infinity as null', '{"a": Infinity}', { a: null }],
    ['comments', '{"a": 1, // why\n /* block */ "b": 2}', { a: 1, b: 2 }],
    ['unquoted fraction', '{"a": 8 / 10}', { a: '8/10' }],
    ['string escapes', '{"a": "line\nbreak"}', { a: 'line\nbreak' }],
  ])('repairs %s', (repair, source, value) => {
    expect(parseLenient(source)).toEqual({ value, repairs: [repair] });
  });

  it('names each kind of repair once, in the order first made', () => {
    const repairs = parseLenient("{a: 'x', b: 'y', c: None,}")?.repairs;
    expect(repairs).toEqual(['unquoted keys', 'single quotes', 'Python literals', 'trailing comma']);
  });

  it('gives up on what is still not JSON, or on an open string or comment', () => {
    expect(parseLenient('{"a": 1 "b": 2}')).toBeUndefined();
    expect(parseLenient('{"a": "open}')).toBeUndefined();
    expect(parseLenient('{"a": 1 /* open}')).toBeUndefined();
  });
});

describe('findJsonObjects', () => {
  it('finds the outermost objects in prose, with their offsets', () => {
    const text = 'Example: {"a": {"b": 1}} then {c: 2} and a {brace} in prose.';
    const found = findJsonObjects(text);
    expect(found.map((f) => f.object)).toEqual([{ a: { b: 1 } }, { c: 2 }]);
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(['{"a": {"b": 1}}', '{c: 2}']);
    expect(found.map((f) => f.repairs)).toEqual([[], ['unquoted keys']]);
  });

  it('closes a truncated object after its last complete member', () => {
    const text = 'Here: {"a": 1, "b": [1, 2], "c": "cut off';
    expect(findJsonObjects(text)).toEqual([{ object: { a: 1, b: [1, 2] }, repairs: ['truncated'], start: 6, end: text.length }]);
  });

  it('drops an unfinished last member instead of guessing it', () => {
    expect(findJsonObjects('{"a": 1, "b": 8').map((f) => f.object)).toEqual([{ a: 1 }]);
    expect(findJsonObjects('{"a": {"b": 1, "c": [3').map((f) => f.object)).toEqual([{ a: { b: 1, c: [] } }]);
  });

  it('lists truncation before the syntax repairs', () => {
    expect(findJsonObjects("{'a': True, 'b'").map((f) => f.repairs)).toEqual([['truncated', 'single quotes', 'Python literals']]);
  });

  it('finds nothing in text without an object', () => {
    expect(findJsonObjects('no JSON here, only [1, 2]')).toEqual([]);
  });
});

describe('parseJson', () => {
  it('is JSON.parse that answers undefined instead of throwing', () => {
    expect(parseJson('{"a": 1}')).toEqual({ a: 1 });
    expect(parseJson('null')).toBeNull();
    expect(parseJson('{a: 1}')).toBeUndefined();
  });
});
