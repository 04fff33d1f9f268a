import { createGrading, type Grading } from '../../src/execution/grading.js';
import { testCacheDir } from './cli.js';

/**
 * Grading as a run grades, on the strongest back-end here, with expected values kept in the cache the test run's CLI
 * calls share (the references are run once for all of them): for tests that grade hundreds of programs and are not
 * about the sandbox. Each program costs a third less on bwrap or unshare than on the process back-end, whose
 * supervisor watches it.
 */
export function sharedGrading(): Promise<Grading> {
  return createGrading({ concurrency: 2, cacheDir: testCacheDir() });
}
