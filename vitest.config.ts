import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { delimiter, dirname } from 'node:path';
import { defineConfig } from 'vitest/config';

// The real interpreter's directory first on PATH, for every test and every `bench` a test starts: a pyenv or
// asdf shim costs about 0.3 s per Python start, and the suite starts Python (and selfbench, which looks for it)
// hundreds of times. The same interpreter the shim would run.
const real = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
if (real.status === 0 && real.stdout.trim() !== '') process.env.PATH = `${dirname(real.stdout.trim())}${delimiter}${process.env.PATH ?? ''}`;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Much of the suite waits on sandboxes and child processes, so two files at once pay off even on two cores
    // (vitest's default there is one); timeouts are re-run alone before they count (execution/attempt.ts).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
