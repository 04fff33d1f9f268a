import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mismatch, polyRootArgument, polyRootMismatch, type ComparisonRule } from '../../src/execution/output-comparison.js';
import { decodeWire, equalityKey, pyEquals, pyRepr, WireError, type PyValue } from '../../src/execution/harness/plain-data.js';
import { packageRoot } from '../../src/package-root.js';
import { PYTHON } from '../support/python.js';

const CALLS_PY = readFileSync(join(packageRoot, 'src', 'execution', 'harness', 'calls.py'), 'utf8');

/** Runs `script` after calls.py's definitions, with `encode` bound; returns what it prints as JSON. */
function python(script: string): unknown {
  const source = `${CALLS_PY}\nimport json\nencode = calls_runner().encode\n${script}`;
  const run = spawnSync(PYTHON ?? 'python3', ['-c', source], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

/**
 * Every expression the tests below encode, in one Python run (a run per value would cost seconds): each
 * one's wire value, or the error its encoding raised.
 */
const EXPRESSIONS = [
  '2**200 + 1', '-(2**70)', '10**100000', '[1.5] * 5000', '[1, 2.0, "a\'b", (3,), {4: None}, {5}, True, -0.5, float("nan")]',
  'list(range(1000))', '10**50', '2.5', '-3', 'True', '1.0', '0.0', '1.5', '0.375', '"x"', 'None', 'float("inf")', '[1.0]',
  'complex(1, 0)', '"1.0"', '1', '[1, 2]', '[1.0, 2.0]', '{1: "a", 2: "b"}', '{2: "b", 1.0: "a"}', '0.1 + 0.2', '0.3',
  '[0.1 + 0.2, 1.0]', '[0.3, 1.0]', '(1.0000001,)', '(1.0,)', '(1, 2)', '1.001', '"1"', '[0.3, 1]', '[0.30000001, 1]',
  '1.0000001', '[1.0, 2.0, 3.0]', '0', '[[1.0]]', '0.5001', '0.5', '0.502',
  'type("I", (int,), {"__eq__": lambda s, o: True})(3)', 'type("Any", (), {"__eq__": lambda s, o: True})()',
  'type("S", (str,), {})("x")', '(i for i in range(3))', '(lambda l: (l.append(l), l)[1])([])', 'type("L", (list,), {})([1])',
];
const results = python(`
out = {}
for expression in ${JSON.stringify(EXPRESSIONS)}:
    try:
        out[expression] = {"wire": encode(eval(expression))}
    except Exception as e:
        out[expression] = {"error": type(e).__name__ + ": " + str(e)}
print(json.dumps(out))
`) as Record<string, { wire?: unknown; error?: string }>;

function encoded(expression: string): PyValue {
  const result = results[expression];
  if (result?.wire === undefined) throw new Error(`${expression}: ${result?.error ?? 'not in EXPRESSIONS'}`);
  return decodeWire(result.wire);
}

describe('the wire form, from Python to selfbench', () => {
  it("agrees with Python's == on 3,000 random pairs of plain values, the large ones compared by digest, and so does its equality key", () => {
    // Pairs made to be equal by value across types (1 == 1.0 == True, set == frozenset, reordered dicts and
    // sets), or to differ in one place; values up to a few hundred KiB so that digests are exercised too.
    const pairs = python(String.raw`
import random
random.seed(20261201)
def scalar():
    return random.choice([None, True, False, 0, 1, -1, 2**53 + 1, 2**70, -2**64, 0.5, -0.0, 1.0, 2.0, 1e300, float("inf"),
                          complex(1, 0), complex(0, 1), "", "a", "é😀", "\ud800", b"", b"\x00\xff", 3, 3.0, 7])
def value(depth=0):
    if depth > 3 or random.random() < 0.4:
        return scalar()
    kind = random.choice(["list", "tuple", "set", "frozenset", "dict"])
    items = [value(depth + 1) for _ in range(random.randint(0, 4))]
    if kind in ("set", "frozenset", "dict"):
        items = [item for item in items if isinstance(item, (type(None), bool, int, float, complex, str, bytes, tuple, frozenset))]
        try:
            hash(tuple(items))
        except TypeError:
            items = []
    if kind == "list": return items
    if kind == "tuple": return tuple(items)
    if kind == "set": return set(items)
    if kind == "frozenset": return frozenset(items)
    return {key: value(depth + 1) for key in items}
def twin(v):
    """Equal by value, different in form, most of the time."""
    t = type(v)
    if t is bool: return int(v) if random.random() < 0.5 else v
    if t is int: return float(v) if abs(v) < 2**53 and random.random() < 0.5 else v
    if t is float: return int(v) if v.is_integer() and random.random() < 0.5 else v
    if t is list: return [twin(x) for x in v]
    if t is tuple: return tuple(twin(x) for x in v)
    if t is set: return frozenset(v) if random.random() < 0.5 else set(reversed(list(v)))
    if t is frozenset: return set(v)
    if t is dict: return dict(reversed([(k, twin(x)) for k, x in v.items()]))
    return v
def changed(v):
    t = type(v)
    if t is list and v: i = random.randrange(len(v)); return v[:i] + [changed(v[i])] + v[i+1:]
    if t is tuple: return list(v) if random.random() < 0.3 or not v else tuple(changed(list(v)))
    if t is int: return v + 1
    if t is str: return v + "x"
    return random.choice([None, "other", 42, (v,)])
pairs = []
for n in range(3000):
    a = value()
    if n % 50 == 0:
        a = [a] * random.randint(3000, 6000)  # large: travels as a digest
    b = random.choice([twin, changed, lambda v: v])(a)
    pairs.append([encode(a), encode(b), a == b])
print(json.dumps(pairs))
`) as [unknown, unknown, boolean][];
    const disagreements = pairs.filter(([a, b, equal]) => pyEquals(decodeWire(a), decodeWire(b)) !== equal);
    expect(disagreements.slice(0, 3)).toEqual([]);
    // The equality key (self-consistency's clusters of return values) is equal exactly when Python's == holds.
    const keyDisagreements = pairs.filter(([a, b, equal]) => (equalityKey(decodeWire(a)) === equalityKey(decodeWire(b))) !== equal);
    expect(keyDisagreements.slice(0, 3)).toEqual([]);
    expect(pairs.filter(([, , equal]) => equal).length).toBeGreaterThan(1000); // both outcomes well covered
    expect(pairs.filter(([, , equal]) => !equal).length).toBeGreaterThan(500);
    expect(pairs.filter(([a]) => (a as unknown[])[0] === '#').length).toBeGreaterThan(20);
  });

  it('keeps huge ints exact and cheap (hex), and sends a value over 16 KiB as a digest', () => {
    expect(encoded('2**200 + 1')).toEqual({ kind: 'int', value: 2n ** 200n + 1n });
    expect(encoded('-(2**70)')).toEqual({ kind: 'int', value: -(2n ** 70n) });
    expect(encoded('10**100000')).toMatchObject({ kind: 'digest', size: expect.any(Number) });
    expect(encoded('[1.5] * 5000')).toMatchObject({ kind: 'digest', full: { kind: 'list' } }); // floats travel in full too
  });

  it.each([
    ['a subclass of int with a lying __eq__', 'type("I", (int,), {"__eq__": lambda s, o: True})(3)', /returned a .*I, which is not plain data/],
    ['an object that equals everything', 'type("Any", (), {"__eq__": lambda s, o: True})()', /not plain data/],
    ['a str subclass', 'type("S", (str,), {})("x")', /not plain data/],
    ['a generator', '(i for i in range(3))', /not plain data/],
    ['a list holding itself', '(lambda l: (l.append(l), l)[1])([])', /nested deeper than 100/],
    ['a list subclass', 'type("L", (list,), {})([1])', /not plain data/],
  ])('refuses %s', (_, expression, message) => {
    const error = results[expression]?.error;
    expect(error).toMatch(/^NotPlainData: /);
    expect(error).toMatch(message);
  });

  it.each([
    ['an unknown tag', ['x', 1]],
    ['an int that is not hex', ['i', '12']],
    ["JavaScript's Infinity", ['f', 'Infinity']],
    ['a bool that is not one', ['b', 1]],
    ['a digest of the wrong shape', ['#', 'abc', 3, null]],
    ['a dict entry that is not a pair', ['d', [[['N']]]]],
    ['no tag at all', { value: 1 }],
    // Forged by hand (Python makes neither): a repeated member would make {2} look as large as {2, 3}.
    ['a set with equal members', ['S', [['i', '0x2'], ['i', '0x2']]]],
    ['a dict with equal keys', ['d', [[['i', '0x1'], ['i', '0x2']], [['f', '1.0'], ['i', '0x2']]]]],
    ['a list as a set member', ['F', [['l', []]]]],
    ['a value nested 20,000 levels deep', Array.from({ length: 20_000 }).reduce<unknown>((inner) => ['l', [inner]], ['N'])],
  ])('rejects %s', (_, raw) => {
    expect(() => decodeWire(raw)).toThrow(WireError);
  });

  it('prints values as Python would, cut when long', () => {
    expect(pyRepr(encoded('[1, 2.0, "a\'b", (3,), {4: None}, {5}, True, -0.5, float("nan")]'))).toBe(
      `[1, 2.0, 'a\\'b', (3,), {4: None}, {5}, True, -0.5, nan]`,
    );
    expect(pyRepr(encoded('list(range(1000))'), 40)).toMatch(/^\[0, 1, 2, .{20,}\.\.\.$/);
    expect(pyRepr(encoded('10**50'))).toBe('<int of 167 bits>');
  });
});

describe("EvalPlus' comparison", () => {
  const equal: ComparisonRule = { atol: 0, comparison: 'equal' };
  const check = (out: string, expected: string, rule = equal) => mismatch(encoded(out), encoded(expected), rule);

  it.each([
    ['1', '1.0'],
    ['True', '1'],
    ['[1, 2]', '[1.0, 2.0]'],
    ['{1: "a", 2: "b"}', '{2: "b", 1.0: "a"}'],
    ['0.1 + 0.2', '0.3'], // a float expected: EvalPlus allows 1e-6
    ['[0.1 + 0.2, 1.0]', '[0.3, 1.0]'],
    ['(1.0000001,)', '(1.0,)'],
  ])('accepts %s for %s', (out, expected) => {
    expect(check(out, expected)).toBeUndefined();
  });

  it.each([
    ['[1, 2]', '(1, 2)'],
    ['1.001', '1.0'],
    ['"1"', '1'],
    ['[0.3, 1]', '[0.30000001, 1]'], // not all floats: no tolerance, == decides
    ['1', '1.0000001'], // within 1e-6, but int is not float: the types must match
    ['[1.0, 2.0, 3.0]', '[1.0, 2.0]'],
    ['None', '0'],
    ['[[1.0]]', '[1.0]'], // numpy would broadcast; equal shapes are required here
  ])('rejects %s for %s', (out, expected) => {
    expect(check(out, expected)).toMatch(/^expected /);
  });

  it("uses the task's atol where it has one", () => {
    expect(check('0.5001', '0.5', { atol: 1e-3, comparison: 'equal' })).toBeUndefined();
    expect(check('0.502', '0.5', { atol: 1e-3, comparison: 'equal' })).toMatch(/not within atol 0.001/);
  });

  it("judges find_zero's answer (HumanEval/32) by the residual Python computed, and only a real number's", () => {
    expect(polyRootArgument(encoded('2.5'))).toBe('2.5');
    expect(polyRootArgument(encoded('-3'))).toBe('-3');
    expect(polyRootArgument(encoded('True'))).toBe('true');
    for (const notReal of ['"1.0"', 'None', 'float("inf")', '[1.0]', 'complex(1, 0)']) expect(polyRootArgument(encoded(notReal)), notReal).toBeUndefined();
    expect(polyRootMismatch(encoded('1.0'), encoded('0.0'), 1e-4)).toBeUndefined();
    expect(polyRootMismatch(encoded('1.5'), encoded('0.375'), 1e-4)).toMatch(/not within 0.0001 of 0/);
    expect(polyRootMismatch(encoded('"x"'), undefined, 1e-4)).toMatch(/expected a real number/);
    expect(polyRootMismatch(encoded('1.5'), 'OverflowError: math range error', 1e-4)).toMatch(/could not be computed: OverflowError/);
  });
});
