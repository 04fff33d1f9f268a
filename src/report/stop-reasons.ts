import type { StopReason } from '../records/lists.js';

/**
 * Every stop reason with what it means and the colour charts draw it in; a Record, so a new reason
 * cannot be left out of any report. Reports list reasons in the order of STOP_REASONS (records/lists.ts).
 */
export const stopReasonDisplay: Record<StopReason, { meaning: string; color: string }> = {
  'threshold-met': { meaning: "the judge's score reached the threshold", color: '#59a14f' },
  'tests-passed': { meaning: 'the feedback tests passed', color: '#76b7b2' },
  'feedback-stop': { meaning: "the model's own feedback said nothing was left to fix (Self-Refine's stop)", color: '#4e79a7' },
  'max-iterations': { meaning: 'the iteration budget ran out (a one-shot trial always stops here)', color: '#8a8f98' },
  'no-change': { meaning: 'a revision returned the same code as before', color: '#edc948' },
  'judge-error': { meaning: 'no judge verdict could be parsed', color: '#f28e2b' },
  'no-feedback': {
    meaning:
      'the strategy could not make its own feedback (no test to run, no readable verdict, an empty critique, feedback without a decision): the answer it had stands, its first when it had no feedback at all',
    color: '#b07aa1',
  },
  'context-full': {
    meaning: "the next prompt would not fit the model's context beside its output cap (estimated before sending, or said by the server): the last answer stands, and a trial without one counts as not passed",
    color: '#9c755f',
  },
  skipped: { meaning: 'the strategy does not apply to the task kind', color: '#d1d5db' },
  error: { meaning: 'an infrastructure failure (model call or sandbox); counts as not passed', color: '#e15759' },
};
