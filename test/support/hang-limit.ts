/** Never less: a fork from a warm worker can still take a few hundred milliseconds on a loaded machine. */
const FLOOR_MS = 500;
/** Never more, and what it is before any run was seen: what the hostile suites always gave a fresh sandbox. */
const CEILING_MS = 2000;
/** A run's duration also covers what comes after its program (the tests, the clean-up): a wide margin. */
const FACTOR = 3;

/**
 * The time limit for a program meant to spin until it is killed, from how long a setup's ordinary runs took:
 * long enough for the program to start and print its work directory (what the checks after it read), short
 * enough that a core does not spin for nothing, twice (a timeout is run again, alone). A loaded machine slows
 * the ordinary runs too, so the limit grows with the load instead of failing under it.
 */
export class HangLimit {
  private slowestMs: number | undefined;

  /** An ordinary run of the setup, one that ended by itself. */
  saw(run: { durationMs: number }): void {
    this.slowestMs = Math.max(this.slowestMs ?? 0, run.durationMs);
  }

  get ms(): number {
    if (this.slowestMs === undefined) return CEILING_MS;
    return Math.round(Math.min(CEILING_MS, Math.max(FLOOR_MS, FACTOR * this.slowestMs)));
  }
}
