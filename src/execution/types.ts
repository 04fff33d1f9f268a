import type { TestCase } from '../datasets/task.js';

/**
 * `passed` only when every test's nonce-tagged result record says so; exit code 0 alone
 * never counts. `failed`: the harness ran and at least one test failed (a syntax error
 * in the program fails every test). The rest say why the process did not finish normally.
 */
export type ExecutionStatus =
  | 'passed'
  | 'failed'
  | 'timeout'
  | 'memory'
  | 'output-limit'
  | 'crashed'
  | 'infra-error';

export interface TestOutcome {
  name: string;
  passed: boolean;
  /** Short error text for a failed test, e.g. `AssertionError: expected 3, got 4`. */
  error?: string;
}

export interface ExecutionLimits {
  timeoutMs: number;
  memoryMb: number;
  /** Bytes of stdout/stderr kept per stream. */
  outputBytes: number;
}

export interface ExecutionRequest {
  /** A complete Python module (the candidate program). */
  program: string;
  tests: readonly TestCase[];
  limits?: Partial<ExecutionLimits>;
}

export interface ExecutionResult {
  status: ExecutionStatus;
  /** One entry per requested test, in order; tests that never reported are failed. */
  tests: TestOutcome[];
  passedCount: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Sandbox back-end that ran it, e.g. `process`. */
  sandbox: string;
  /** The first run timed out; this is the result of running it again with the machine to itself. */
  rerunAfterTimeout?: true;
}

export interface Executor {
  /** The sandbox back-end, e.g. `bwrap`, whether runs are pooled or not. */
  readonly sandbox: string;
  /** Runs are forked from a pool of warm Python workers (worker-pool.ts) instead of a fresh interpreter each. */
  readonly pooled?: boolean;
  run(request: ExecutionRequest, signal?: AbortSignal): Promise<ExecutionResult>;
  /** Stops what the executor keeps running between runs (pool workers); a later run starts them again. */
  close?(): Promise<void>;
}
