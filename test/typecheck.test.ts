import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * The tests (and the bundled command's entry) type-check against src's declarations, which `npm test`'s build has
 * just written (tsconfig.build.json checks src itself). A test file among the others rather than a step before them:
 * it then runs while the sandbox suites wait on their programs, on a core they leave idle.
 */
it('type-checks the tests against the build', { timeout: 180_000 }, async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: repoRoot, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` }),
    );
  });
  expect(output).toBe('');
  expect(code).toBe(0);
});
