import { processBackend } from '../../src/execution/sandbox/backend.js';
import { Grader } from '../../src/execution/grader.js';
import { createGrading, type Grading } from '../../src/execution/grading.js';
import { Oracle } from '../../src/execution/oracle.js';
import { createPooledExecutor } from '../../src/execution/pool/worker-pool.js';
import { testCacheDir } from './cli.js';

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

/**
 * Grading as a run grades, on the strongest back-end here, with expected values kept in the cache the test run's CLI
 * calls share (the references are run once for all of them): for tests that grade hundreds of programs and are not
 * about the sandbox. Each program costs a third less on bwrap or unshare than on the process back-end, whose
 * supervisor watches it.
 */
export function sharedGrading(): Promise<Grading> {
  return createGrading({ concurrency: 2, cacheDir: testCacheDir() });
}
