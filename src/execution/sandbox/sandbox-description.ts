import { WSL2_ROUTE } from '../../platform/windows-route.js';

const BWRAP_HINT = 'For a sandbox that closes the file system, the network and the process table, install bubblewrap (Debian/Ubuntu: apt install bubblewrap; Fedora: dnf install bubblewrap).';

/** How to get the strongest back-end on a platform, for every message that names a weaker one. */
export function strongerSandboxHint(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? WSL2_ROUTE : BWRAP_HINT;
}

/** Sandbox back-ends, strongest first. */
export const SANDBOX_NAMES = ['bwrap', 'unshare', 'process'] as const;
export type SandboxName = (typeof SANDBOX_NAMES)[number];
/** What a config or `--sandbox` may ask for: a back-end by name, or `auto`. */
export const SANDBOX_CHOICES = ['auto', ...SANDBOX_NAMES] as const;
export type SandboxChoice = (typeof SANDBOX_CHOICES)[number];

/** What a back-end protects, for the consent warning and the run metadata. */
export interface SandboxDescription {
  name: string;
  isolatesFileSystem: boolean;
  isolatesNetwork: boolean;
  /** Other processes cannot be seen, signalled or read (`/proc/<pid>/environ`). */
  isolatesProcesses: boolean;
  protects: string;
  doesNotProtect: string;
}

/** Every back-end has these; they are what `process` has and nothing more. */
const ALWAYS =
  'a throw-away work directory as HOME and TMPDIR, a scrubbed environment (no API keys), resource limits ' +
  '(memory, CPU time, file size, open files, process count, output) and killing every process it started';

const AS_ROOT =
  "When selfbench runs as root, each attempt's code runs as a user of its own (a uid no account has, so that one " +
  "program's processes never count against another's process limit; nobody in a user namespace too small for " +
  'them) if other users can read the Python interpreter, otherwise as root, which the process-count limit does not bind.';

/** What bwrap and unshare both build (file-system-view.ts). */
const CLOSED_FILE_SYSTEM =
  'a file system of its own: /usr, /etc and the interpreter read-only, its work directory writable, a private /tmp, ' +
  'and nothing of your home or the real /tmp';
const NOT_A_VM = 'It does NOT protect against a kernel exploit (it is not a virtual machine), and user code can read the system files under /usr and /etc.';

const DESCRIPTIONS: Record<SandboxName, SandboxDescription> = {
  bwrap: {
    name: 'bwrap',
    isolatesFileSystem: true,
    isolatesNetwork: true,
    isolatesProcesses: true,
    protects:
      `${ALWAYS}; no network (its own empty network namespace); ${CLOSED_FILE_SYSTEM}; ` +
      'its own PID namespace (it cannot see or signal your processes or read their environment); as root, user code runs as a user of its own.',
    doesNotProtect: NOT_A_VM,
  },
  unshare: {
    name: 'unshare',
    isolatesFileSystem: true,
    isolatesNetwork: true,
    isolatesProcesses: true,
    protects:
      `${ALWAYS}; no network (its own empty network namespace); ${CLOSED_FILE_SYSTEM}, built with util-linux unshare ` +
      'in a mount namespace of its own; its own PID namespace (it cannot see or signal your processes or read their ' +
      'environment); no capabilities left to undo any of it; as root, user code runs as a user of its own.',
    doesNotProtect: NOT_A_VM,
  },
  process: {
    name: 'process',
    isolatesFileSystem: false,
    isolatesNetwork: false,
    isolatesProcesses: false,
    protects: `${ALWAYS}.`,
    doesNotProtect:
      'It does NOT isolate the network or the file system: model-written code could read or change your files (the datasets ' +
      'with their reference solutions among them, so a program can fake a pass by copying the answer), reach the network, ' +
      'and see or signal your other processes (and read their environment, and their memory where it runs as the same user ' +
      "or as root: selfbench's own, which holds the expected values); a program that kills the harness first can leave " +
      `processes running. ${AS_ROOT} On Windows only the time and output limits apply.`,
  },
};

/**
 * What `auto` may pick: the back-ends that isolate the file system, strongest first. Running model-written code
 * without one is the user's explicit choice (`--sandbox process`), never a fallback.
 */
export const AUTO_SANDBOXES: readonly SandboxName[] = SANDBOX_NAMES.filter((name) => DESCRIPTIONS[name].isolatesFileSystem);

/**
 * `process` where the kernel has Landlock (harness/landlock.py): the closed view's reach without a view of its own.
 * TCP from ABI 4, signals and abstract unix sockets from ABI 6; never UDP, SysV IPC or seeing processes through
 * anything but /proc, so neither the network nor other processes count as isolated.
 */
function processWithLandlock(abi: number): SandboxDescription {
  const tcp = abi >= 4 ? 'no TCP connections; ' : '';
  const signals = abi >= 6 ? 'no signals to processes outside it; ' : '';
  return {
    name: `process with Landlock ABI ${abi}`,
    isolatesFileSystem: true,
    isolatesNetwork: false,
    isolatesProcesses: false,
    protects:
      `${ALWAYS}; Landlock confines user code to reading /usr, /etc and the interpreter and to writing its work ` +
      `directory: nothing of your home, /tmp, the datasets or /proc; it cannot trace or read the memory of a process outside it; ${tcp}${signals}`.replace(/; $/, '.'),
    doesNotProtect:
      `It does NOT isolate the network${abi >= 4 ? ' beyond TCP' : ''} or SysV IPC${abi >= 6 ? '' : ', nor stop signals to your other processes'}. ` +
      `${NOT_A_VM} ${AS_ROOT}`,
  };
}

/**
 * `landlockAbi`: the kernel's, for `process` (executors that confine user code with Landlock say which).
 * A name this module does not know (e.g. a test double) is assumed to protect nothing beyond `process`.
 */
export function describeSandbox(name: string, landlockAbi = 0): SandboxDescription {
  if (name === 'process' && landlockAbi > 0) return processWithLandlock(landlockAbi);
  return isSandboxName(name) ? DESCRIPTIONS[name] : { ...DESCRIPTIONS.process, name };
}

function isSandboxName(name: string): name is SandboxName {
  return (SANDBOX_NAMES as readonly string[]).includes(name);
}
