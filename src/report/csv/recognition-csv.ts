import type { RecognitionResult } from '../../metrics/recognition.js';
import { csvNumber } from '../format.js';
import { rateColumns, type CsvRow } from './columns.js';

/**
 * recognition.csv: one row per generator asked which of two answers it wrote (`panel.recognition`): the share of
 * readable orders in which it named its own, the exact test against 1/2, and what stayed out of the share.
 */
export function recognitionRows(results: readonly RecognitionResult[]): CsvRow[] {
  return results.map((result) => ({
    generator: result.judge,
    ...rateColumns('recognition_accuracy', result.accuracy),
    p_value: csvNumber(result.pValue),
    unreadable: result.unreadable,
    identical: result.identical,
  }));
}
