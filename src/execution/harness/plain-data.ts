/**
 * Return values as differential grading receives them from the sandbox (the wire form of harness/calls.py),
 * decoded strictly, and Python's `==` over them. Everything here runs in selfbench's own process, where the
 * candidate cannot reach: it decides passes, so it trusts nothing about the bytes it is given.
 */

export type PyValue =
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'complex'; real: number; imag: number }
  | { kind: 'str'; value: string }
  | { kind: 'bytes'; base64: string }
  | { kind: 'list' | 'tuple' | 'set' | 'frozenset'; items: PyValue[] }
  | { kind: 'dict'; entries: [PyValue, PyValue][] }
  /** A large value: the sha256 of its canonical form (equal exactly when the values are `==`), and floats in full. */
  | { kind: 'digest'; sha256: string; size: number; full?: PyValue };

export type PyKind = PyValue['kind'];

const SEQUENCE_TAGS = { l: 'list', t: 'tuple', S: 'set', F: 'frozenset' } as const;

export class WireError extends Error {}

/** Deeper than the harness ever nests (its limit is 100): a forged value must not exhaust the stack. */
const MAX_WIRE_DEPTH = 128;

/**
 * Decodes one wire value; anything malformed is a `WireError` (the input it belongs to fails): among it sets
 * with equal members and dicts with equal keys, which Python cannot make and a forged record could use to
 * look like a larger value.
 */
export function decodeWire(raw: unknown): PyValue {
  return decodeAt(raw, 0);
}

function decodeAt(raw: unknown, depth: number): PyValue {
  if (depth > MAX_WIRE_DEPTH) throw new WireError('nested too deep');
  if (!Array.isArray(raw) || typeof raw[0] !== 'string') throw new WireError('not a tagged value');
  const decode = (item: unknown) => decodeAt(item, depth + 1);
  const [tag, a, b, c] = raw as [string, unknown, unknown, unknown];
  switch (tag) {
    case 'N':
      return { kind: 'none' };
    case 'b':
      if (typeof a !== 'boolean') break;
      return { kind: 'bool', value: a };
    case 'i':
      return { kind: 'int', value: parseHexInt(a) };
    case 'f':
      return { kind: 'float', value: parseFloatRepr(a) };
    case 'c':
      return { kind: 'complex', real: parseFloatRepr(a), imag: parseFloatRepr(b) };
    case 's':
      if (typeof a !== 'string') break;
      return { kind: 'str', value: a };
    case 'y':
      if (typeof a !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(a)) break;
      return { kind: 'bytes', base64: a };
    case 'l':
    case 't':
    case 'S':
    case 'F':
      if (!Array.isArray(a)) break;
      const items = a.map(decode);
      if ((tag === 'S' || tag === 'F') && !distinct(items)) throw new WireError('a set with equal members');
      return { kind: SEQUENCE_TAGS[tag], items };
    case 'd':
      if (!Array.isArray(a)) break;
      const entries = a.map((entry: unknown): [PyValue, PyValue] => {
        if (!Array.isArray(entry) || entry.length !== 2) throw new WireError('a dict entry is not a pair');
        return [decode(entry[0]), decode(entry[1])];
      });
      if (!distinct(entries.map(([key]) => key))) throw new WireError('a dict with equal keys');
      return { kind: 'dict', entries };
    case '#':
      if (typeof a !== 'string' || !/^[0-9a-f]{64}$/.test(a) || typeof b !== 'number') break;
      return { kind: 'digest', sha256: a, size: b, ...(c === null || c === undefined ? {} : { full: decode(c) }) };
  }
  throw new WireError(`malformed value tagged ${JSON.stringify(tag)}`);
}

/** No two of them equal, as set members and dict keys are; an unhashable one (a list, a dict) is malformed there too. */
function distinct(values: readonly PyValue[]): boolean {
  if (values.some((value) => value.kind === 'list' || value.kind === 'dict' || value.kind === 'set')) throw new WireError('an unhashable set member or dict key');
  return new Set(values.map(equalityKey)).size === values.length;
}

function parseHexInt(text: unknown): bigint {
  const match = typeof text === 'string' ? /^(-?)0x([0-9a-f]+)$/.exec(text) : null;
  if (!match) throw new WireError('malformed int');
  const magnitude = BigInt(`0x${match[2]}`);
  return match[1] === '-' ? -magnitude : magnitude;
}

function parseFloatRepr(text: unknown): number {
  if (text === 'nan') return Number.NaN;
  if (text === 'inf') return Number.POSITIVE_INFINITY;
  if (text === '-inf') return Number.NEGATIVE_INFINITY;
  // Python's repr: digits, a point, an exponent; never JavaScript's own `Infinity` or hex.
  if (typeof text !== 'string' || !/^-?\d+(\.\d*)?(e[-+]\d+)?$/.test(text)) throw new WireError('malformed float');
  return Number(text);
}

/** Python's `==` on plain data: `True == 1 == 1.0`, `[1] != (1,)`, `{1} == frozenset({1.0})`, dicts and sets in any order. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (isNumeric(a) || isNumeric(b)) return isNumeric(a) && isNumeric(b) && numbersEqual(a, b);
  switch (a.kind) {
    case 'none':
      return b.kind === 'none';
    case 'str':
      return b.kind === 'str' && a.value === b.value;
    case 'bytes':
      return b.kind === 'bytes' && a.base64 === b.base64;
    case 'list':
    case 'tuple':
      return b.kind === a.kind && a.items.length === b.items.length && a.items.every((item, index) => pyEquals(item, b.items[index]!));
    case 'set':
    case 'frozenset':
      return (b.kind === 'set' || b.kind === 'frozenset') && setsEqual(a.items, b.items);
    case 'dict':
      return b.kind === 'dict' && dictsEqual(a.entries, b.entries);
    case 'digest':
      // Equal canonical forms have equal sizes, so a large value never equals one sent in full.
      return b.kind === 'digest' && a.sha256 === b.sha256;
  }
}

type Numeric = Extract<PyValue, { kind: 'bool' | 'int' | 'float' | 'complex' }>;

export function isNumeric(value: PyValue): value is Numeric {
  return value.kind === 'bool' || value.kind === 'int' || value.kind === 'float' || value.kind === 'complex';
}

/** Exact, as Python compares an int with a float: no rounding of either. */
function numbersEqual(a: Numeric, b: Numeric): boolean {
  const [aReal, aImag] = parts(a);
  const [bReal, bImag] = parts(b);
  return realsEqual(aReal, bReal) && realsEqual(aImag, bImag);
}

function parts(value: Numeric): [bigint | number, bigint | number] {
  if (value.kind === 'complex') return [value.real, value.imag];
  if (value.kind === 'bool') return [value.value ? 1n : 0n, 0n];
  return [value.value, 0n];
}

function realsEqual(a: bigint | number, b: bigint | number): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  const [int, float] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a];
  return Number.isInteger(float) && BigInt(float) === int;
}

function setsEqual(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(b.map(equalityKey));
  return a.every((item) => keys.has(equalityKey(item)));
}

function dictsEqual(a: readonly [PyValue, PyValue][], b: readonly [PyValue, PyValue][]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map(b.map(([key, value]) => [equalityKey(key), value]));
  return a.every(([key, value]) => {
    const other = byKey.get(equalityKey(key));
    return other !== undefined && pyEquals(value, other);
  });
}

/**
 * A string equal exactly when Python's `==` finds the values equal (NaN, which `==` denies even itself, aside): set
 * members and dict keys are compared by it, and self-consistency groups samples whose return values agree by it.
 */
export function equalityKey(value: PyValue): string {
  switch (value.kind) {
    case 'none':
      return 'N';
    case 'bool':
    case 'int':
    case 'float':
    case 'complex': {
      const [real, imag] = parts(value).map(realKey);
      return imag === realKey(0n) ? real! : `c${real}${imag}`;
    }
    case 'str':
      return `s${JSON.stringify(value.value)}`;
    case 'bytes':
      return `y${value.base64}`;
    case 'list':
    case 'tuple':
      return `${value.kind === 'list' ? 'l' : 't'}[${value.items.map(equalityKey).join(',')}]`;
    case 'set':
    case 'frozenset':
      return `S[${value.items.map(equalityKey).sort().join(',')}]`;
    case 'dict':
      return `d[${value.entries.map(([key, item]) => `${equalityKey(key)}:${equalityKey(item)}`).sort().join(',')}]`;
    case 'digest':
      return `#${value.sha256}`;
  }
}

function realKey(value: bigint | number): string {
  if (typeof value === 'bigint') return `i${value.toString(16)}`;
  return Number.isInteger(value) ? `i${BigInt(value).toString(16)}` : `f${value}`;
}

/** The value as Python would print it, cut to `limit` characters: for failure messages. */
export function pyRepr(value: PyValue, limit = 120): string {
  const text = repr(value, limit * 2);
  return text.length <= limit ? text : `${text.slice(0, limit - 3)}...`;
}

function repr(value: PyValue, budget: number): string {
  /** Items until the budget is spent: a long list is cut, not printed whole. */
  const join = <T>(items: readonly T[], show: (item: T, budget: number) => string) => {
    let text = '';
    for (const item of items) {
      if (text.length > budget) return `${text}, ...`;
      text += (text ? ', ' : '') + show(item, budget - text.length);
    }
    return text;
  };
  const items = (list: readonly PyValue[]) => join(list, (item, rest) => repr(item, rest));
  switch (value.kind) {
    case 'none':
      return 'None';
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'int':
      // Decimal digits of a huge int cost time to make; its size says enough.
      return value.value < 10n ** 40n && value.value > -(10n ** 40n) ? value.value.toString() : `<int of ${value.value.toString(2).length} bits>`;
    case 'float':
      return floatRepr(value.value);
    case 'complex':
      return `(${floatRepr(value.real)}${value.imag < 0 ? '-' : '+'}${floatRepr(Math.abs(value.imag))}j)`;
    case 'str':
      return `'${JSON.stringify(value.value).slice(1, -1).replaceAll("'", "\\'").replaceAll('\\"', '"')}'`;
    case 'bytes':
      return `<${Buffer.from(value.base64, 'base64').length} bytes>`;
    case 'list':
      return `[${items(value.items)}]`;
    case 'tuple':
      return value.items.length === 1 ? `(${items(value.items)},)` : `(${items(value.items)})`;
    case 'set':
    case 'frozenset':
      return value.items.length === 0 ? `${value.kind}()` : `{${items(value.items)}}`;
    case 'dict':
      return `{${join(value.entries, ([key, item], rest) => `${repr(key, rest)}: ${repr(item, rest)}`)}}`;
    case 'digest':
      return `<a large value, ${value.size} bytes in canonical form>`;
  }
}

function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(1) : String(value);
}
