import { Grader } from '../../src/execution/grader.js';
import { Oracle } from '../../src/execution/oracle.js';
import { createProcessExecutor } from '../../src/execution/process-executor.js';

/** A grader on the process back-end, its expected values from a process executor of their own and never cached on disk. */
export function processGrader(concurrency = 2): Grader {
  return new Grader(createProcessExecutor(), { concurrency, oracle: new Oracle(createProcessExecutor(), undefined) });
}
