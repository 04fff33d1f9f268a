import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { AttemptIsolation, Backend } from './backend.js';
import type { PythonInstallation } from './python-interpreter.js';
import type { LandlockRules } from '../types.js';

/**
 * One step of building a sandbox's file system from an empty root, in order (parents first). Every path is
 * the same inside as outside: a bind shows the host's path at the same place.
 */
export type ViewEntry =
  /** `source` is `path` with every symlink resolved on the host (a link's target means nothing inside). */
  | { kind: 'ro-bind'; source: string; path: string }
  | { kind: 'bind'; source: string; path: string }
  | { kind: 'symlink'; target: string; path: string }
  /** An empty directory, world-traversable (0755), so that user code, whoever it runs as, can reach what is mounted below it. */
  | { kind: 'dir'; path: string }
  | { kind: 'proc'; path: string }
  /** A minimal /dev: null, zero, full, random, urandom, tty, the fd links and a /dev/shm. */
  | { kind: 'dev'; path: string }
  | { kind: 'tmpfs'; path: string; mode: number };

/**
 * Every tmpfs a sandbox mounts (/tmp, /dev/shm, an attempt's fresh directories) is this small: what is written
 * there is memory the memory limit (RLIMIT_AS) does not count. Programs get TMPDIR in their work directory.
 */
export const TMPFS_LIMITS = { bytes: 64 * 1024 * 1024, inodes: 16_384 } as const;
export const TMPFS_OPTIONS = `size=${TMPFS_LIMITS.bytes},nr_inodes=${TMPFS_LIMITS.inodes}`;

/** Read-only system directories; on merged-/usr systems the top-level ones are symlinks into /usr. */
const SYSTEM_DIRS = ['/usr', '/etc'];
const TOP_LEVEL_LINKS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * The closed file system both isolating back-ends build (bwrap with its options, unshare with
 * harness/closed_root.py): the system directories and the interpreter read-only, /proc, a minimal /dev,
 * a private /tmp, and the work directory as the only writable place from the host. Nothing else of the
 * host: no home directories, no datasets, no sockets under /run.
 */
export function closedView(workDir: string, interpreter: string, interpreterDirs: readonly string[]): ViewEntry[] {
  const readOnly = [...SYSTEM_DIRS, ...interpreterDirs.filter((dir) => !isUnder(dir, SYSTEM_DIRS))];
  // The interpreter may be started through a link of its own elsewhere (a directory on PATH): that link is shown too.
  if (!isUnder(interpreter, readOnly)) readOnly.push(interpreter);
  // /tmp first, so that what is shown from the host's /tmp (the work directory, perhaps the interpreter) is not hidden by it.
  return [
    { kind: 'proc', path: '/proc' },
    { kind: 'dev', path: '/dev' },
    { kind: 'tmpfs', path: '/tmp', mode: 0o1777 },
    ...readOnly.flatMap((path): ViewEntry[] => [...parents(path), { kind: 'ro-bind', source: realpathSync(path), path }]),
    ...TOP_LEVEL_LINKS.flatMap(topLevelEntry),
    ...parents(workDir),
    { kind: 'bind', source: realpathSync(workDir), path: workDir },
  ];
}

const DEVICES = ['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom'];

/**
 * The closed view's reach without a view of its own: the system directories, the interpreter and the top-level
 * links read-only, the devices, the work directory writable; no /proc (other processes' memory and environment),
 * no home, no datasets, no /tmp. `cap_last_cap` is how the program's process of isolated grading drops capabilities as root.
 */
export function landlockRules(workDir: string, interpreter: string, interpreterDirs: readonly string[]): LandlockRules {
  return {
    readable: [...SYSTEM_DIRS, ...TOP_LEVEL_LINKS, ...interpreterDirs, interpreter, '/proc/sys/kernel/cap_last_cap'],
    devices: DEVICES,
    writable: [workDir],
  };
}

/** An attempt site's Landlock rules for its work directories, if its back-end confines user code with them. */
export function siteLandlock(backend: Backend, { executable, dirs }: PythonInstallation): ((workDir: string) => LandlockRules) | undefined {
  return backend.landlock ? (workDir) => landlockRules(workDir, executable, dirs) : undefined;
}

/**
 * What each attempt of a pool worker gets afresh inside a closed view: /tmp (anyone's), /dev/shm and the
 * worker's directory; and when selfbench is not root (a user namespace then makes user code their owner)
 * / and /dev read-only.
 */
export const CLOSED_VIEW_ATTEMPT_ISOLATION: AttemptIsolation = {
  namespaces: true,
  freshDirs: (workParent) => ['/tmp', '/dev/shm', workParent],
  readOnlyDirs: ['/', '/dev'],
};

function topLevelEntry(path: string): ViewEntry[] {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return [{ kind: 'symlink', target: readlinkSync(path), path }];
    return stat.isDirectory() ? [{ kind: 'ro-bind', source: path, path }] : [];
  } catch {
    return []; // e.g. no /lib32 here
  }
}

function parents(path: string): ViewEntry[] {
  const ancestors: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) ancestors.unshift(dir);
  return ancestors.map((dir) => ({ kind: 'dir', path: dir }));
}

function isUnder(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root + sep));
}
