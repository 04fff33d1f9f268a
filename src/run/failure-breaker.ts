import type { TrialRecord } from '../records/record.js';

/**
 * Stops a run that cannot work (a dead server, a wrong model name behind a proxy) after a
 * few trials instead of grinding through every task: trips when the first `limit` trials
 * in a row end in an infrastructure error and no model call has succeeded yet.
 */
export class FailureBreaker {
  private consecutiveErrors = 0;
  private anyCallSucceeded = false;

  constructor(private readonly limit = 5) {}

  /** A message saying why the run should stop, or undefined to go on. */
  observe(record: TrialRecord): string | undefined {
    if (record.calls.some((call) => call.ok)) this.anyCallSucceeded = true;
    this.consecutiveErrors = record.stopReason === 'error' ? this.consecutiveErrors + 1 : 0;
    if (this.anyCallSucceeded || this.consecutiveErrors < this.limit) return undefined;
    return `stopping early: the first ${this.consecutiveErrors} trials all failed and no model call has succeeded (last error: ${record.error ?? 'unknown'})`;
  }
}
