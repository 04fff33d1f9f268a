import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { delimiter, dirname } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// The real interpreter's directory first on PATH, for every test and every `bench` a test starts: a pyenv or
// asdf shim costs about 0.3 s per Python start, and the suite starts Python (and selfbench, which looks for it)
// hundreds of times. The same interpreter the shim would run.
const real = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
if (real.status === 0 && real.stdout.trim() !== '') process.env.PATH = `${dirname(real.stdout.trim())}${delimiter}${process.env.PATH ?? ''}`;

/**
 * `npm run test:quick`, the inner loop, leaves out the files that take longest (each a minute or more on two cores):
 * the statistical recovery over 100 seeds, the hostile programs on every sandbox back-end, the browser, the real
 * HumanEval and the largest CLI runs. `npm test` (and CI) runs everything.
 */
const slowFiles = [
  'test/metrics/planted-effects.test.ts',
  'test/execution/hostile.test.ts',
  'test/execution/differential-hostile.test.ts',
  'test/e2e/**',
  'test/cli/grade-humaneval.test.ts',
  'test/datasets/builtin.test.ts',
  'test/cli/run.test.ts',
  'test/config/config-errors.test.ts',
];
const quick = process.env.npm_lifecycle_event === 'test:quick';

/**
 * Files that neither watch processes nor change the process's environment (the sandbox, CLI and browser tests do)
 * run in workers that keep the modules they import from one file to the next (`isolate: false`): importing selfbench
 * afresh cost each file about 0.7 s of CPU, a third of these files' total. A file's own module still runs anew.
 */
const isolatedDirs = ['test/cli', 'test/execution', 'test/e2e'];
const isolated = isolatedDirs.map((dir) => `${dir}/**`);
const excluded = [...configDefaults.exclude, ...(quick ? slowFiles : [])];

export default defineConfig({
  test: {
    globalSetup: ['./test/support/temp-root.ts'],
    projects: [
      { extends: true, test: { name: 'shared-modules', include: ['test/**/*.test.ts'], exclude: [...excluded, ...isolated], isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated.map((glob) => `${glob}/*.test.ts`), exclude: excluded } },
    ],
    // Every skipped group and its reason, at the end of the run.
    reporters: ['default', './test/support/skip-summary.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Much of the suite waits on sandboxes and child processes, so two files at once pay off even on two cores
    // (vitest's default there is one); timeouts are re-run alone before they count (execution/attempt.ts).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
