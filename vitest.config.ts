import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, relative, sep } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The real interpreter's directory first on PATH, for every test and every `bench` a test starts: a pyenv or
// asdf shim costs about 0.3 s per Python start, and the suite starts Python (and selfbench, which looks for it)
// hundreds of times. The same interpreter the shim would run.
const real = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
if (real.status === 0 && real.stdout.trim() !== '') process.env.PATH = `${dirname(real.stdout.trim())}${delimiter}${process.env.PATH ?? ''}`;

/**
 * The files that take longest (most of a minute of CPU or more on two cores), heaviest first: the real HumanEval, the
 * hostile programs on every sandbox back-end, the statistical recovery over 100 seeds, the largest CLI runs, the
 * browser. `npm run test:quick`, the inner loop, leaves them out; `npm test` (and CI) starts them first.
 */
const slowFiles = [
  'test/cli/grade-humaneval.test.ts',
  'test/execution/differential-hostile.test.ts',
  // Right after the first hostile suite: the type-check has a core to itself while that suite waits on its programs.
  'test/typecheck.test.ts',
  'test/execution/hostile.test.ts',
  // builtin:py-core's references and mutants, then the planted-effects runs, which write them again: in that order a
  // worker that takes both grades them once (test/support/shared-grading.ts).
  'test/datasets/builtin.test.ts',
  'test/metrics/planted-effects.test.ts',
  'test/cli/run.test.ts',
  'test/e2e/**',
  'test/config/config-errors.test.ts',
];
const quick = process.env.npm_lifecycle_event === 'test:quick';
const slowRank = (file: string): number => {
  const path = relative(import.meta.dirname, file).split(sep).join('/');
  const rank = slowFiles.findIndex((entry) => (entry.endsWith('/**') ? path.startsWith(entry.slice(0, -2)) : path === entry));
  return rank === -1 ? slowFiles.length : rank;
};

/**
 * vitest's own order (project by project, and in each the last run's durations where it has them), but each project's
 * slow files first: without durations (`npm ci` empties vitest's cache) two cores would otherwise wait on one slow
 * file at the end. Projects stay together: a worker that keeps its modules serves one project's files in a row.
 */
class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projects = [...new Set(sorted.map((spec) => spec.project.name))];
    const key = (spec: TestSpecification, index: number) => ({ spec, index, project: projects.indexOf(spec.project.name), rank: slowRank(spec.moduleId) });
    return sorted.map(key).sort((a, b) => a.project - b.project || a.rank - b.rank || a.index - b.index).map(({ spec }) => spec);
  }
}

/**
 * Files that change nothing of the test process itself run in workers that keep the modules they import from one
 * file to the next (`isolate: false`): importing selfbench afresh cost each file about 0.7 s of CPU, a third of these
 * files' total. A file's own module still runs anew. The CLI tests qualify: what they start and watch are `bench`
 * processes of their own (test/cli alone: 173 s → 159 s). Isolated: the files that change the test process (its
 * environment, its signals, a module mocked), look for pool workers below it (worker-pool), hold a browser (e2e),
 * or are the hostile programs' suites, which read the test process's memory and /proc as an attacker would; and the
 * type-check, so that it starts among the first files (the isolated project's files run first).
 */
const isolated = [
  'test/e2e/**',
  'test/typecheck.test.ts',
  ...['closed-file-system', 'differential-hostile', 'hostile', 'pool-verdicts', 'process-executor', 'sandbox', 'worker-pool'].map((name) => `test/execution/${name}.test.ts`),
];
const excluded = [...configDefaults.exclude, ...(quick ? slowFiles : [])];

export default defineConfig({
  test: {
    globalSetup: ['./test/support/temp-root.ts'],
    sequence: { sequencer: SlowFilesFirst },
    projects: [
      { extends: true, test: { name: 'shared-modules', include: ['test/**/*.test.ts'], exclude: [...excluded, ...isolated], isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated.map((glob) => (glob.endsWith('/**') ? `${glob}/*.test.ts` : glob)), exclude: excluded } },
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
