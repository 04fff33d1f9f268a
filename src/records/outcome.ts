/**
 * `passed` only when every test's nonce-tagged result record says so; exit code 0 alone
 * never counts. `failed`: the harness ran and at least one test failed (a syntax error
 * in the program fails every test). For a call request, `passed` means only that every call
 * returned plain data: whether the values are right is the grader's to decide. The rest say
 * why the process did not finish normally.
 */
export type ExecutionStatus =
  | 'passed'
  | 'failed'
  | 'timeout'
  | 'memory'
  | 'output-limit'
  | 'crashed'
  | 'infra-error';

/** An attempt's status in a record: how its program ran, or that there was no program to run. */
export type AttemptStatus = ExecutionStatus | 'no-code';

export interface TestOutcome {
  name: string;
  passed: boolean;
  /** Short error text for a failed test, e.g. `AssertionError: expected 3, got 4`. */
  error?: string;
}
