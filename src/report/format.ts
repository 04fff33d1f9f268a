import type { Estimate, Proportion } from '../metrics/statistics.js';

/** Shared number formatting: a value that does not exist is "n/a", never 0; intervals in brackets. */
export const notAvailable = 'n/a';

export function percent(value: number | undefined, digits = 1): string {
  return value === undefined ? notAvailable : `${(value * 100).toFixed(digits)}%`;
}

/** `50.0% [36.1%, 63.9%]` */
export function proportionWithInterval(p: Proportion): string {
  return p.value === undefined ? notAvailable : percentWithInterval({ value: p.value, low: p.low, high: p.high });
}

/** An estimated rate: `50.0% [36.1%, 63.9%]`. */
export function percentWithInterval(estimate: Estimate | undefined): string {
  return estimate === undefined ? notAvailable : `${percent(estimate.value)} [${percent(estimate.low)}, ${percent(estimate.high)}]`;
}

/** `50.0% [36.1, 63.9]`: the interval's ends in the estimate's unit, without their % signs (narrow tables). */
export function proportionWithBareInterval(p: Proportion): string {
  if (p.value === undefined) return notAvailable;
  const bare = (value: number) => (value * 100).toFixed(1);
  return `${percent(p.value)} [${bare(p.low)}, ${bare(p.high)}]`;
}

/** `33.3% [9.7%, 70.0%] (2/6)`: a rate with its interval and the counts it rests on. */
export function proportionWithIntervalAndCounts(p: Proportion): string {
  return p.value === undefined ? notAvailable : `${proportionWithInterval(p)} (${p.successes}/${p.n})`;
}

/** `35.0% (7/20)`: a rate with the counts it rests on. */
export function rateWithCounts(p: Proportion): string {
  return p.value === undefined ? notAvailable : `${percent(p.value)} (${p.successes}/${p.n})`;
}

/** A difference of proportions in percentage points: `+12.5 pp`. */
export function points(value: number | undefined): string {
  return value === undefined ? notAvailable : `${signed((value * 100).toFixed(1))} pp`;
}

/** A size without direction, e.g. the smallest detectable difference: `±12.5 pp`. */
export function plusMinusPoints(value: number | undefined): string {
  return value === undefined ? notAvailable : `±${(Math.abs(value) * 100).toFixed(1)} pp`;
}

/** `+12.5 pp [-2.1, +27.0]` */
export function pointsWithInterval(estimate: Estimate | undefined): string {
  if (!estimate) return notAvailable;
  return `${points(estimate.value)} [${signed((estimate.low * 100).toFixed(1))}, ${signed((estimate.high * 100).toFixed(1))}]`;
}

/** A difference of judge scores (0–10 scale): `+1.32 [+0.95, +1.70]`. */
export function scoreDifference(estimate: Estimate | undefined): string {
  if (!estimate) return notAvailable;
  return `${signed(estimate.value.toFixed(2))} [${signed(estimate.low.toFixed(2))}, ${signed(estimate.high.toFixed(2))}]`;
}

/** Exact p-values: three decimals, `<0.001` below that. */
export function pValue(p: number | undefined): string {
  if (p === undefined) return notAvailable;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** A p-value in a sentence: `p = 0.146`, `p < 0.001` (the caller writes the `p `). */
export function pValueText(p: number): string {
  const text = pValue(p);
  return text.startsWith('<') ? `< ${text.slice(1)}` : `= ${text}`;
}

export function milliseconds(value: number | undefined): string {
  if (value === undefined) return notAvailable;
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function decimal(value: number | undefined, digits = 2): string {
  return value === undefined ? notAvailable : value.toFixed(digits);
}

/** Whole numbers with thousands separators, the same on every machine (no locale). */
export function count(value: number | undefined): string {
  if (value === undefined) return notAvailable;
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 repeat`, `3 repeats`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** `4.3×` */
export function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? notAvailable : `${value.toFixed(1)}×`;
}

/** For CSV: plain numbers, empty for missing. */
export function csvNumber(value: number | undefined, digits = 4): string {
  return value === undefined ? '' : String(Number(value.toFixed(digits)));
}

/** For CSV p-values: four significant digits, so a tiny p is not rounded to 0. */
export function csvPValue(value: number | undefined): string {
  return value === undefined ? '' : String(Number(value.toPrecision(4)));
}

export function csvBoolean(value: boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

/** An explicit sign on a rounded number; zero has none (rounding can give `-0.0`). */
function signed(text: string): string {
  if (Number(text) === 0) return text.replace('-', '');
  return text.startsWith('-') ? text : `+${text}`;
}

/** A sentence's first letter upper-cased. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
