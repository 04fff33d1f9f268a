import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set once the run's directory exists: vitest runs the global setup of the root config and of each project. */
const MARK = 'SELFBENCH_TEST_RUN_DIR';

/**
 * vitest's global setup: every temporary directory of a test run (the tests' own, the `bench` processes' they start,
 * the sandboxes' work directories) and its cache directory are made under one directory of that run, removed at its
 * end. Without it each run left thousands of directories in /tmp, which every pool worker's start then lists
 * (worker-dirs.ts). A short name: paths below it (a Unix socket's, a printed run directory) have length limits.
 */
export default function setup(): () => void {
  if (process.env[MARK] !== undefined) return () => {};
  const root = mkdtempSync(join(tmpdir(), 'sbt-'));
  chmodSync(root, 0o1777); // as /tmp is: user code, as root's attempts run it as a user of their own, must reach its work directory below
  process.env[MARK] = root;
  process.env.TMPDIR = root; // read by os.tmpdir() here and in every process the run starts
  process.env.XDG_CACHE_HOME = join(root, 'cache'); // and the user's own cache is never read or written (platform/cache-dir.ts)
  return () => rmSync(root, { recursive: true, force: true });
}
