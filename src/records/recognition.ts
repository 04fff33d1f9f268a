/** Self-recognition judgments as records keep them (the judge that makes them: judges/recognition.ts). */
import type { CallRecord } from './call.js';
import type { ParseStatus } from './lists.js';

/** The two answers of a recognition question: the judge's own, and another generator's to the same task. */
export type RecognitionSide = 'own' | 'other';

/** One order of the question: which answer was shown first (as A), and which the judge said it wrote. */
export interface RecognitionReading {
  shownFirst: RecognitionSide;
  parse: ParseStatus;
  /** It named its own answer; absent iff `parse` is `failed` — an unreadable reply is never scored. */
  recognised?: boolean;
  reason: string;
  /** The wrappers taken off, or why the reply could not be read. */
  notes: string[];
  /** Every raw reply (re-asks after an unreadable one included). */
  replies: string[];
}

/**
 * A judge asked which of two answers it wrote, in both orders; each order is one trial of recognition. Two answers
 * that are the same text cannot be told apart: asked of no one, counted apart.
 */
export interface RecognitionVerdict {
  identical: boolean;
  /** The other's answer shown first, then its own; none when identical. */
  readings: RecognitionReading[];
}

/** One panel recognition question of a run: judge J's final answer against another generator's, same task and repeat. */
export interface RecognitionRecord extends RecognitionVerdict {
  /** Strategy, task and repeat of the two trials; `key` identifies the question for --resume. */
  key: string;
  strategyId: string;
  taskId: string;
  repeat: number;
  /** The judge, a generator of the run, and the generator whose answer is the other one. */
  judge: string;
  other: string;
  /** The judge's calls, failed tries included (asked after the trials, so no trial record holds them). */
  calls: CallRecord[];
}
