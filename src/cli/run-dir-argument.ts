import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runMetaFileName } from '../records/run-meta.js';

/** Why the argument `name` (`<run-dir>`) is not a run's directory (`<run-a>: no such directory x`), or undefined when it is one. */
export function runDirProblem(name: string, dir: string): string | undefined {
  if (!existsSync(dir)) return `${name}: no such directory ${dir}`;
  if (!existsSync(join(dir, runMetaFileName))) return `${name}: ${dir} is not a run directory (no ${runMetaFileName})`;
  return undefined;
}
