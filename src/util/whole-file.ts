import { renameSync, writeFileSync, type WriteFileOptions } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `data` beside `path` under a name of this process, then renames it into place: a reader never sees half a
 * file, and two processes writing the same file at once leave one whole. (records/, on the ground floor with util/,
 * imports nothing of selfbench and writes its files this way itself.)
 */
export function writeWholeFileSync(path: string, data: string | Uint8Array, options?: WriteFileOptions): void {
  const partial = partialPath(path);
  writeFileSync(partial, data, options);
  renameSync(partial, path);
}

/** `writeWholeFileSync`, without blocking. */
export async function writeWholeFile(path: string, data: string | Uint8Array, options?: WriteFileOptions): Promise<void> {
  const partial = partialPath(path);
  await writeFile(partial, data, options);
  await rename(partial, path);
}

function partialPath(path: string): string {
  return `${path}.${process.pid}.partial`;
}
