import { stringify } from 'csv-stringify/sync';
import type { CsvRow } from './columns.js';

/** CSV with a header; booleans as `true`/`false` (csv-stringify's default writes false as an empty, i.e. missing, cell). */
export function toCsv(rows: readonly CsvRow[]): string {
  return stringify([...rows], {
    header: true,
    cast: { boolean: (value) => String(value) },
  });
}
