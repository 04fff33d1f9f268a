import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { RunSide } from '../metrics/compare.js';
import { readRecords, recordsFileName } from '../records/record-store.js';
import { readRunMeta, runConfigFileName, runMetaFileName, type RunMeta } from '../records/run-meta.js';

/** A fresh `<out>/<name>-<yyyymmdd-hhmmss>` directory; a suffix keeps two runs in one second apart. */
export function createRunDir(outDir: string, name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = resolve(outDir, `${name}-${stamp}`);
  let dir = base;
  for (let suffix = 2; existsSync(dir); suffix++) dir = `${base}-${suffix}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The effective config (after command-line overrides) and the run's metadata: all `--resume` and reports need. */
export function writeRunFiles(runDir: string, configData: unknown, meta: RunMeta): void {
  writeFileSync(join(runDir, runConfigFileName), stringify(configData));
  writeFileSync(join(runDir, runMetaFileName), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Why the argument `name` (`<run-dir>`) is not a run's directory (`<run-a>: no such directory x`), or undefined when it is one. */
export function runDirProblem(name: string, dir: string): string | undefined {
  if (!existsSync(dir)) return `${name}: no such directory ${dir}`;
  if (!existsSync(join(dir, runMetaFileName))) return `${name}: ${dir} is not a run directory (no ${runMetaFileName})`;
  return undefined;
}

/** A finished run as `compareRuns` reads it. */
export function readRunSide(dir: string): RunSide {
  return { meta: readRunMeta(dir), records: readRecords(join(dir, recordsFileName)).records };
}
