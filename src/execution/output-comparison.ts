import type { OutputComparison } from '../datasets/task.js';
import { pyEquals, pyRepr, type PyValue } from './harness/plain-data.js';

/**
 * Whether a candidate's return value matches the reference's, as EvalPlus decides it, so that pass rates
 * stay comparable with its published ones: Python's `==` first; where that fails and a tolerance applies
 * (the task's `atol`, or 1e-6 where the expected value is a float or a list or tuple of floats and `atol` is
 * 0), the same type, the same length and `numpy.allclose(out, expected, rtol=1e-7, atol)`. `poly-root`
 * (HumanEval/32, `find_zero`) accepts any x with |poly(xs, x)| ≤ atol, that residual computed by Python itself
 * (harness/poly_root.py: JavaScript's Math.pow rounds differently, and the canonical root's residual is an exact
 * cancellation of terms near 1e36).
 * Stricter than EvalPlus, on purpose and documented in the README: the tolerance is decided per value (EvalPlus
 * keeps 1e-6 for the task's later inputs once one expected value was a float); allclose needs equal shapes
 * (numpy broadcasts); a large value (over 16 KiB in canonical form) that is not floats is compared by `==` only.
 */

export interface ComparisonRule {
  atol: number;
  comparison: OutputComparison;
}

/** EvalPlus' rtol, numpy.testing.assert_allclose's default. */
const RTOL = 1e-7;
/** EvalPlus' tolerance for float outputs when the task sets none. */
const FLOAT_ATOL = 1e-6;

/** Undefined when it matches; otherwise why not, for the grade's message. */
export function mismatch(out: PyValue, expected: PyValue, rule: ComparisonRule): string | undefined {
  if (pyEquals(out, expected)) return undefined;
  const atol = rule.atol === 0 && isFloats(expected) ? FLOAT_ATOL : rule.atol;
  const differs = `expected ${pyRepr(expected)}, got ${pyRepr(out)}`;
  if (atol === 0) return differs;
  return allClose(out, expected, atol) ? undefined : `${differs} (not within atol ${atol})`;
}

/** A float, or a list or tuple of floats only (EvalPlus' `is_floats`, under which an empty list counts). */
function isFloats(value: PyValue): boolean {
  const full = value.kind === 'digest' ? value.full : value;
  if (full === undefined) return false;
  if (full.kind === 'float') return true;
  return (full.kind === 'list' || full.kind === 'tuple') && full.items.every((item) => item.kind === 'float');
}

function allClose(outValue: PyValue, expectedValue: PyValue, atol: number): boolean {
  const out = outValue.kind === 'digest' ? outValue.full : outValue;
  const expected = expectedValue.kind === 'digest' ? expectedValue.full : expectedValue;
  if (out === undefined || expected === undefined || out.kind !== expected.kind) return false;
  const outArray = numericArray(out);
  const expectedArray = numericArray(expected);
  if (outArray === undefined || expectedArray === undefined) return false;
  return sameShapeAndClose(outArray, expectedArray, atol);
}

/** A number, or nested lists/tuples of them, as numpy would make an array of it; undefined when it would not. */
type NumericArray = number | NumericArray[];

function numericArray(value: PyValue): NumericArray | undefined {
  if (value.kind === 'list' || value.kind === 'tuple') {
    const items = value.items.map(numericArray);
    return items.every((item) => item !== undefined) ? (items as NumericArray[]) : undefined;
  }
  if (value.kind === 'bool') return value.value ? 1 : 0;
  if (value.kind === 'int') return Number(value.value);
  if (value.kind === 'float') return value.value;
  return undefined; // strings, None, dicts, sets, complex: numpy's isclose would raise
}

function sameShapeAndClose(out: NumericArray, expected: NumericArray, atol: number): boolean {
  if (typeof out === 'number' || typeof expected === 'number') {
    return typeof out === 'number' && typeof expected === 'number' && isClose(out, expected, atol);
  }
  return out.length === expected.length && out.every((item, index) => sameShapeAndClose(item, expected[index]!, atol));
}

/** numpy.isclose: |out − expected| ≤ atol + rtol·|expected|; infinities only equal themselves, NaN nothing. */
function isClose(out: number, expected: number, atol: number): boolean {
  if (!Number.isFinite(out) || !Number.isFinite(expected)) return out === expected;
  return Math.abs(out - expected) <= atol + RTOL * Math.abs(expected);
}

/** math.pow overflows beyond this; a larger int is no root, and its decimal digits would cost quadratic time to write. */
const MAX_POLY_ROOT_INT = 2n ** 1024n;

/** A real number Python's math.pow takes (bool, int, finite float), for the poly-root residual; else undefined. */
export function polyRootArgument(out: PyValue): string | undefined {
  if (out.kind === 'bool') return out.value ? 'true' : 'false';
  if (out.kind === 'int') return out.value < MAX_POLY_ROOT_INT && out.value > -MAX_POLY_ROOT_INT ? out.value.toString() : undefined;
  // The shortest decimal that round-trips: Python's json reads back the very same double.
  if (out.kind === 'float' && Number.isFinite(out.value)) return String(out.value);
  return undefined;
}

/**
 * EvalPlus' oracle for find_zero: the answer x is right when |poly(xs, x)| ≤ atol. `residual` is undefined when
 * x is not a real number, and a message when Python could not compute it (math.pow overflows, say).
 */
export function polyRootMismatch(out: PyValue, residual: PyValue | string | undefined, atol: number): string | undefined {
  if (residual === undefined) return `expected a real number, got ${pyRepr(out)}`;
  if (typeof residual === 'string') return `|poly(xs, ${pyRepr(out)})| could not be computed: ${residual}`;
  if (residual.kind === 'float' && residual.value <= atol) return undefined;
  return `|poly(xs, ${pyRepr(out)})| = ${pyRepr(residual)}, not within ${atol} of 0`;
}
