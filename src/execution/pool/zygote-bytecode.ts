import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessFile } from '../harness/harness-files.js';
import { fileIdentity } from '../sandbox/installation-cache.js';
import type { PythonInstallation } from '../sandbox/python-interpreter.js';
import { writeWholeFileSync } from '../../util/whole-file.js';

const COMPILE_SCRIPT = harnessFile('compile_script.py');
const COMPILE_TIMEOUT_MS = 15_000;

/** Compilations in flight, by file: one per process, however many workers start at once. */
const compiling = new Map<string, Promise<void>>();

/**
 * The pool workers' script compiled to bytecode, kept between commands in `dir` (the user's cache directory): a worker
 * started from it skips compiling some 80 KB of Python, about a third of its start. Keyed by the script and by the
 * interpreter's file (a .pyc is one interpreter version's format). Compiled the first time by the interpreter itself,
 * outside any sandbox, from selfbench's own script (harness/compile_script.py), while that first worker starts from
 * source. Trusted as the interpreter cache is (installation-cache.ts): every back-end hides or confines the cache
 * directory from user code, except `process` without Landlock, where a program can rewrite selfbench itself.
 */
export class ZygoteBytecode {
  private readonly file: string;

  constructor(
    private readonly dir: string,
    private readonly script: string,
    private readonly installation: PythonInstallation,
  ) {
    const identity = [script, installation.executable, fileIdentity(installation.executable)];
    this.file = join(dir, `zygote-${createHash('sha256').update(identity.join('\0')).digest('hex')}.pyc`);
  }

  /** The kept bytecode, or undefined (its compilation is then under way: `compiled` waits for it). */
  read(): Buffer | undefined {
    try {
      return readFileSync(this.file);
    } catch {
      if (!compiling.has(this.file)) compiling.set(this.file, this.compile());
      return undefined;
    }
  }

  /** Settles once this process's compilation (if any) has ended, kept or not: no interpreter outlives the command. */
  compiled(): Promise<void> {
    return compiling.get(this.file) ?? Promise.resolve();
  }

  private compile(): Promise<void> {
    return new Promise((resolve) => {
      const child = execFile(
        this.installation.executable,
        ['-S', '-c', COMPILE_SCRIPT],
        { encoding: 'buffer', timeout: COMPILE_TIMEOUT_MS, windowsHide: true, maxBuffer: 64 << 20 },
        (error, bytecode) => {
          try {
            if (error === null && bytecode.length > 16) {
              mkdirSync(this.dir, { recursive: true });
              writeWholeFileSync(this.file, bytecode);
            }
          } catch {
            // A cache that cannot be written costs a compilation per worker start, nothing else.
          }
          resolve();
        },
      );
      child.stdin?.on('error', () => {}); // it may be gone before reading (its failure is the callback's)
      child.stdin?.end(this.script);
    });
  }
}
