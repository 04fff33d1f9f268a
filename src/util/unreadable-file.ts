import { accessSync, constants, statSync } from 'node:fs';

/** Why the file at `path` cannot be read, naming it `shown` (as its user wrote it), or undefined when it can. */
export function unreadableFile(path: string, shown = path): string | undefined {
  try {
    if (statSync(path).isDirectory()) return `${shown} is a directory, not a file`;
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return fileErrorText(error, shown);
  }
}

/** A failed read of `shown` in words (`no such file ./x.jsonl`), for errors thrown by `fs`. */
export function fileErrorText(error: unknown, shown: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file ${shown}`;
  if (code === 'EISDIR') return `${shown} is a directory, not a file`;
  return `cannot read ${shown} (${code ?? String(error)})`;
}
