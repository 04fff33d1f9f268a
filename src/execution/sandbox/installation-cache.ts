import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { writeWholeFileSync } from '../../util/whole-file.js';
import { release } from 'node:os';
import { dirname, join } from 'node:path';
import which from 'which';
import type { PythonCommand } from '../../platform/python-commands.js';

/**
 * What an interpreter's probe printed, kept between commands (in `dir`, the user's cache directory): otherwise every
 * command's start waits on a Python started only to answer it. An entry is found again only for the same file run
 * the same way: the command's path on PATH, what identifies the file it runs (device, inode, size, time of change),
 * its venv's pyvenv.cfg, PYTHONHOME, the kernel (the Landlock ABI is the kernel's) and the probe script itself. An
 * interpreter found as a script is never kept: a pyenv or asdf shim picks its interpreter by directory and
 * environment, which no key here sees. Elsewhere than Linux and macOS nothing is kept (`py -3` picks by itself too).
 * What an entry says decides what later sandboxes show and run, so a program must not write it: every back-end hides
 * or confines the cache directory (bwrap, unshare, process with Landlock), except `process` without Landlock, where
 * the program can rewrite selfbench's own files as well (README: what it does not protect).
 */
export class InstallationCache {
  constructor(
    private readonly dir: string,
    private readonly probeScript: string,
  ) {}

  /**
   * What the probe printed earlier for `candidate` (read as a fresh probe's output is), or no output: the probe has
   * to run, and its output is kept under `key`, if any.
   */
  lookUp(candidate: PythonCommand): { output?: string; key?: string } {
    const key = this.keyOf(candidate);
    if (key === undefined) return {};
    try {
      const output = readFileSync(this.fileOf(key), 'utf8');
      // Its first line is the interpreter's path: gone means deleted since, whatever the key says.
      return existsSync(output.split('\n')[0] ?? '') ? { output, key } : { key };
    } catch {
      return { key }; // not kept yet
    }
  }

  keep(key: string, output: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      writeWholeFileSync(this.fileOf(key), output); // two commands starting at once may both write it
    } catch {
      // A cache that cannot be written costs a probe next time, nothing else.
    }
  }

  private fileOf(key: string): string {
    return join(this.dir, `${key}.txt`);
  }

  private keyOf({ command, args }: PythonCommand): string | undefined {
    if (args.length > 0 || (process.platform !== 'linux' && process.platform !== 'darwin')) return undefined;
    const path = which.sync(command, { nothrow: true });
    if (path === null || isScript(path)) return undefined;
    const venvConfigs = [dirname(path), dirname(dirname(path))].map((dir) => join(dir, 'pyvenv.cfg'));
    const identity = [path, fileIdentity(path), ...venvConfigs.map(fileIdentity), process.env.PYTHONHOME ?? '', release(), this.probeScript];
    return createHash('sha256').update(identity.join('\0')).digest('hex');
  }
}

/** What identifies the file at `path` as it is now (device, inode, size, times of change); `none` if it is not there. */
export function fileIdentity(path: string): string {
  const stats = statSync(path, { throwIfNoEntry: false, bigint: true });
  return stats === undefined ? 'none' : [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs].join(':');
}

/** A file that starts with `#!`, run through another program. */
function isScript(path: string): boolean {
  const head = Buffer.alloc(2);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } catch {
    return true; // unreadable: nothing to key it by
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
