import type { Grader } from '../../src/execution/grader.js';
import { createGrading, type Grading } from '../../src/execution/grading.js';
import { testCacheDir } from './cli.js';

let shared: Promise<Grading> | undefined;

/**
 * Grading as a run grades, on the strongest back-end here, with expected values kept in the cache the test run's CLI
 * calls share (the references are run once for all of them): for tests that grade hundreds of programs and are not
 * about the sandbox. Each program costs a third less on bwrap or unshare than on the process back-end, whose
 * supervisor watches it. One grader per test process, kept by the files it runs one after another (a worker keeps
 * its modules: vitest.config.ts), so that a program two of them grade (builtin:py-core's references and mutants, which
 * the planted-effects runs write again) is run once. Never closed by a file: its pool workers exit with the process,
 * when their stdin closes.
 */
export async function sharedGrader(): Promise<Grader> {
  shared ??= createGrading({ concurrency: 2, cacheDir: testCacheDir() });
  return (await shared).grader;
}
