import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root (holds `datasets/`, `prompts/`, `configs/`): the nearest directory above this module
 * with selfbench's package.json, from `src/`, `dist/` or the bundled command's chunks (scripts/bundle-cli.mjs) alike.
 */
export const packageRoot = rootAbove(dirname(fileURLToPath(import.meta.url)));

function rootAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'selfbench') return dir;
    if (dirname(dir) === dir) throw new Error(`selfbench's package.json was not found above ${start}`);
  }
}
