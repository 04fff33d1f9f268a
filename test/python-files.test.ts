import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';
import { PYTHON } from './support/python.js';

/** The Python selfbench ships is real files, and each must at least compile (syntax only: nothing is run or written). */
function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? pythonFiles(join(dir, entry.name)) : entry.name.endsWith('.py') ? [join(dir, entry.name)] : [],
  );
}

const COMPILE_EACH = 'import sys\nfor path in sys.argv[1:]:\n    with open(path, encoding="utf-8") as source:\n        compile(source.read(), path, "exec")\n';

describe.skipIf(PYTHON === undefined)(PYTHON === undefined ? 'Python files — SKIPPED: no Python 3.8+ found' : 'Python files', () => {
  it('compiles every .py file under src/', () => {
    const files = pythonFiles(join(repoRoot, 'src'));
    expect(files.length).toBeGreaterThan(5);
    const run = spawnSync(PYTHON!, ['-I', '-c', COMPILE_EACH, ...files], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
