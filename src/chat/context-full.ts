import type { CallRecord } from '../records/call.js';

/**
 * A prompt that does not fit the model's context beside its output cap: estimated so before sending (nothing was
 * sent, no call record), or said so by the server (its call records kept). Not an infrastructure failure: asking
 * again would not fit either, so a trial stops with `context-full` and a judge's verdict fails, both counted.
 */
export class ContextFullError extends Error {
  constructor(
    message: string,
    readonly calls: readonly CallRecord[] = [],
  ) {
    super(message);
    this.name = 'ContextFullError';
  }
}
