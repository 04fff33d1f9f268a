import { StreamCapture } from './stream-capture.js';
import type { ExecutionLimits } from '../types.js';

/** Bytes written to stdout and stderr after which the run is killed as an output flood. */
const OUTPUT_FLOOD_BYTES = 8 * 1024 * 1024;
/**
 * Result records are a few hundred bytes per test, and per call its return value (large ones travel as a
 * digest, harness/calls.py); beyond this the run is killed as a flood too.
 */
const RESULT_PIPE_BYTES = 64 * 1024 * 1024;
/** After the harness's processes are gone, how long an escaped process may keep the pipes open. */
export const PIPE_CLOSE_GRACE_MS = 1000;

/** What the parent saw of one harness run, however it was started (a fresh process or a pool worker). */
export interface HarnessRun {
  /** The harness could not run or report: it did not start, or the pool worker running it died. */
  infraError?: string;
  timedOut: boolean;
  flooded: boolean;
  aborted: boolean;
  stdout: StreamCapture;
  stderr: StreamCapture;
  results: StreamCapture;
}

export type OutputChannel = 'stdout' | 'stderr' | 'results';
type StopReason = 'timedOut' | 'flooded' | 'aborted';

/**
 * Watches one harness run: keeps its output within the limits, and stops it (through `kill`) at the
 * wall-clock timeout, at an output flood or when `signal` aborts. Call `end` once the run is over.
 */
export class RunWatch {
  readonly run: HarnessRun;
  /** stdout and stderr. */
  private totalOutput = 0;
  private resultBytes = 0;
  private readonly wallClock: NodeJS.Timeout;
  private readonly onAbort = (): void => this.stop('aborted');

  constructor(
    limits: ExecutionLimits,
    private readonly signal: AbortSignal | undefined,
    private readonly kill: () => void,
  ) {
    this.run = {
      timedOut: false,
      flooded: false,
      aborted: false,
      stdout: new StreamCapture(limits.outputBytes),
      stderr: new StreamCapture(limits.outputBytes),
      results: new StreamCapture(RESULT_PIPE_BYTES),
    };
    this.wallClock = setTimeout(() => this.stop('timedOut'), limits.timeoutMs);
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  add(channel: OutputChannel, chunk: Buffer): void {
    this.run[channel].add(chunk);
    if (channel === 'results') this.resultBytes += chunk.length;
    else this.totalOutput += chunk.length;
    const flooded = this.totalOutput > OUTPUT_FLOOD_BYTES || this.resultBytes > RESULT_PIPE_BYTES;
    if (flooded && !this.run.flooded) this.stop('flooded');
  }

  /** Stops the clock and the abort listener; the run's output is complete. */
  end(): HarnessRun {
    clearTimeout(this.wallClock);
    this.signal?.removeEventListener('abort', this.onAbort);
    return this.run;
  }

  private stop(reason: StopReason): void {
    this.run[reason] = true;
    this.kill();
  }
}
