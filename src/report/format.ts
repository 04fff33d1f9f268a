import type { Proportion } from '../metrics/statistics.js';

/** Shared number formatting: a value that does not exist is "n/a", never 0. */
export function percent(value: number | undefined, digits = 1): string {
  return value === undefined ? 'n/a' : `${(value * 100).toFixed(digits)}%`;
}

export function proportionWithInterval(p: Proportion): string {
  if (p.value === undefined) return 'n/a';
  return `${percent(p.value)} [${percent(p.low)}–${percent(p.high)}]`;
}

export function milliseconds(value: number | undefined): string {
  if (value === undefined) return 'n/a';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function decimal(value: number | undefined, digits = 2): string {
  return value === undefined ? 'n/a' : value.toFixed(digits);
}

/** For CSV: plain numbers, empty for missing. */
export function csvNumber(value: number | undefined, digits = 4): string {
  return value === undefined ? '' : String(Number(value.toFixed(digits)));
}
