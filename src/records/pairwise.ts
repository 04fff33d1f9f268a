/** Pairwise judgments as records keep them (the judge that makes them: judges/pairwise.ts). */
import type { PairwiseOutcome, ParseStatus } from './lists.js';

/** The two answers of a pairwise question: the one judged, and the baseline it is compared with. */
export type PairwiseSide = 'answer' | 'baseline';

/** One order of the question: which answer was shown first (as A), and what the judge said. */
export interface PairwiseReading {
  shownFirst: PairwiseSide;
  parse: ParseStatus;
  /** The answer it preferred, or a tie; absent iff `parse` is `failed` — never a guessed winner. */
  preferred?: PairwiseSide | 'tie';
  reason: string;
  /** The wrappers taken off, or why the reply could not be read. */
  notes: string[];
  /** Every raw reply (re-asks after an unreadable one included). */
  replies: string[];
}

/** An answer against the baseline, asked in both orders because judges favour a position. */
export interface PairwiseVerdict {
  /** From the answer's side; absent when either order's reply could not be read (a counted failure). */
  outcome?: PairwiseOutcome;
  /** The two answers are the same code (or text): a tie, asked of no one and counted apart. */
  identical: boolean;
  /** Both orders read and gave the same preference (a tie included); absent when identical or a reading failed. */
  consistent?: boolean;
  /** The baseline shown first, then the answer first; none when identical. */
  readings: PairwiseReading[];
}

/** A panel judge's pairwise verdict on a finished trial: its final answer against its first, the one-shot answer. */
export interface PanelComparison extends PairwiseVerdict {
  /** Config name of the judging model (`self` resolved to the generator). */
  judge: string;
  /** Whether the judge is the model that wrote both answers. */
  self: boolean;
  /** The final attempt, compared with attempt 0. */
  attemptIndex: number;
}
