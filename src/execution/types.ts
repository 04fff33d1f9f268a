import type { CallInput, TestCase } from '../datasets/task.js';
import type { ExecutionStatus, TestOutcome } from '../records/outcome.js';

export interface ExecutionLimits {
  timeoutMs: number;
  memoryMb: number;
  /** Bytes of stdout/stderr kept per stream. */
  outputBytes: number;
}

/** Differential grading's run: the entry point called on each input, its return values sent back as plain data. */
export interface CallPlan {
  entryPoint: string;
  inputs: readonly CallInput[];
  /** Each input's own time limit. */
  inputLimitsMs: readonly number[];
  /** Added to the wall-clock limit: what the inputs are expected to take, all together. */
  timeAllowanceMs: number;
}

interface RequestBase {
  /** A complete Python module (the candidate program). */
  program: string;
  limits?: Partial<ExecutionLimits>;
}

/**
 * Assert-style: each test's code runs after the program, in its namespace; or, with `isolated` (hidden tests), in a
 * process of its own on the prompt's definitions, calling the program's entry point in the program's process
 * over a pipe, so that the program cannot reach the tests, their values or the results.
 */
export interface TestRequest extends RequestBase {
  tests: readonly TestCase[];
  isolated?: { prompt: string; entryPoint: string };
}

export interface CallRequest extends RequestBase {
  calls: CallPlan;
}

export type ExecutionRequest = TestRequest | CallRequest;

/** What one call returned: a value in the wire form of harness/calls.py, or why it has none. */
export interface CallOutcome {
  value?: unknown;
  error?: string;
  /** The builtin exception classes of what the call raised, nearest first (`["ValueError", "Exception", "BaseException"]`). */
  raised?: string[];
  /** The arguments after the call, in wire form, when the request asked for them. */
  after?: unknown;
  /** Time the call took, as the harness measured it. */
  ms?: number;
  /** It outran its own time limit. */
  timedOut?: true;
}

export interface ExecutionResult {
  status: ExecutionStatus;
  /** One entry per requested test (or call, `input_<i>`), in order; those that never reported are failed. */
  tests: TestOutcome[];
  /** A call request's outcomes, one per input, in order. */
  calls?: CallOutcome[];
  passedCount: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Sandbox back-end that ran it, e.g. `process`. */
  sandbox: string;
  /** The first run (or one of its calls) timed out; this is the result of running it again with the machine to itself. */
  rerunAfterTimeout?: true;
}

export interface Executor {
  /** The sandbox back-end, e.g. `bwrap`, whether runs are pooled or not. */
  readonly sandbox: string;
  /** Runs are forked from a pool of warm Python workers (worker-pool.ts) instead of a fresh interpreter each. */
  readonly pooled?: boolean;
  /** User code confines itself with Landlock, this ABI version of it (the `process` back-end on Linux). */
  readonly landlockAbi?: number;
  run(request: ExecutionRequest, signal?: AbortSignal): Promise<ExecutionResult>;
  /** Stops what the executor keeps running between runs (pool workers); a later run starts them again. */
  close?(): Promise<void>;
}

/** What Landlock lets user code reach under the `process` back-end (harness/landlock.py); nothing else of the host. */
export interface LandlockRules {
  /** Read and execute. */
  readable: string[];
  /** Read and write: devices with nothing behind them. */
  devices: string[];
  /** Anything. */
  writable: string[];
}
