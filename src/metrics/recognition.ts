/**
 * Self-recognition over recognition records (judges/recognition.ts): how often each judge named its own answer, each
 * order of each question one trial, against the 50% of a guess. Panickssery et al. 2024 found that self-recognition
 * and self-preference rise together, so this sits beside the self-bonus. Pure; Wilson intervals over orders.
 */
import type { RecognitionRecord } from '../records/recognition.js';
import { groupBy, mcnemarExact, wilson, type Proportion } from './statistics.js';

/** One judge over every recognition question asked of it. */
export interface RecognitionResult {
  judge: string;
  /** Readable orders: the accuracy's denominator. */
  trials: number;
  /** Share of readable orders in which it named its own answer. */
  accuracy: Proportion;
  /** Exact two-sided binomial test of the accuracy against 1/2. */
  pValue: number;
  /** Orders whose reply could not be read: out of the accuracy, counted here. */
  unreadable: number;
  /** Questions whose two answers were the same text: asked of no one. */
  identical: number;
}

/** One result per judge, in name order: the order questions happened to finish in changes nothing. */
export function recognitionAnalysis(records: readonly RecognitionRecord[]): RecognitionResult[] {
  const byJudge = [...groupBy(records, (record) => record.judge).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return byJudge.map(([judge, group]) => {
    const readings = group.flatMap((record) => record.readings);
    const scored = readings.flatMap((reading) => (reading.recognised === undefined ? [] : [reading.recognised]));
    const correct = scored.filter(Boolean).length;
    return {
      judge,
      trials: scored.length,
      accuracy: wilson(correct, scored.length),
      // The exact binomial test against 1/2 is McNemar's exact test on the right and wrong counts.
      pValue: mcnemarExact(correct, scored.length - correct),
      unreadable: readings.length - scored.length,
      identical: group.filter((record) => record.identical).length,
    };
  });
}
