import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';

/** The Python files under src/execution/harness, shipped as they are in the package (see `files` in package.json). */
export function harnessFile(name: string): string {
  return readFileSync(join(packageRoot, 'src', 'execution', 'harness', name), 'utf8');
}
