import { processBackend } from '../../src/execution/sandbox/backend.js';
import { Grader } from '../../src/execution/grader.js';
import { Oracle } from '../../src/execution/oracle.js';
import { createPooledExecutor } from '../../src/execution/pool/worker-pool.js';

/**
 * A grader on the process back-end's pool of warm workers, its expected values from a pool of their own and
 * never cached on disk: for tests of datasets and metrics, which need many grades and no sandbox.
 */
export function processGrader(concurrency = 2): Grader {
  return new Grader(createPooledExecutor(processBackend, { concurrency }), {
    concurrency,
    oracle: new Oracle(createPooledExecutor(processBackend, { concurrency }), undefined),
  });
}
