import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { release, version } from 'node:os';
import { join } from 'node:path';
import which from 'which';
import { writeWholeFileSync } from '../../util/whole-file.js';
import type { Backend } from './backend.js';
import { fileIdentity } from './installation-cache.js';
import type { PythonInstallation } from './python-interpreter.js';

/** The kernel's settings that allow or forbid the user, PID and mount namespaces a sandbox and its attempts make. */
const NAMESPACE_SETTINGS = [
  '/proc/sys/kernel/unprivileged_userns_clone',
  '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
  '/proc/sys/kernel/unprivileged_userns_apparmor_policy',
  '/proc/sys/user/max_user_namespaces',
  '/proc/sys/user/max_pid_namespaces',
  '/proc/sys/user/max_mnt_namespaces',
  '/sys/kernel/security/lsm',
  '/proc/self/attr/current', // this process's AppArmor (or SELinux) label, which its children start under
];
/** Where the launch command is keyed as if made: a directory every machine has, the same from one command to the next. */
const KEYED_DIR = '/';

/**
 * Back-ends whose worker pool worked here, remembered between commands (in `dir`, the user's cache directory): a
 * command then starts the pool without first running a probe attempt through it (a tenth of `bench grade`'s
 * start-up), and its first real attempt stands in for the probe (sandbox.ts). The key is everything that decides
 * whether the pool works: the back-end's launch command and the file it runs (bwrap, unshare), the interpreter's
 * file, the workers' script, the kernel, the user, whether user code leaves root, the kernel's namespace settings,
 * and this process's AppArmor label, user namespace, seccomp and no_new_privs. Only "it worked" is kept,
 * and a failure forgets it. A program that wrote a verdict would gain nothing: a wrong one costs the next command
 * its first attempt, run again after a real probe (an attempt's setup is reported on a pipe no program holds, and a
 * worker that cannot start an attempt says so: an infrastructure error, which a program cannot cause).
 */
export class PoolVerdicts {
  constructor(private readonly dir: string) {}

  /** The key of `backend`'s pool with this interpreter and workers' script, as this machine is now. */
  keyOf(backend: Backend, installation: PythonInstallation, workerScript: string, dropsPrivileges: boolean): string {
    // What the back-end would launch: its options, and the host's directories it shows.
    const launch = backend.wrap(
      { file: installation.executable, args: [] },
      { workDir: KEYED_DIR, interpreter: installation.executable, interpreterDirs: installation.dirs, dropsPrivileges },
    );
    const program = which.sync(launch.file, { nothrow: true }) ?? 'not found';
    const identity = [
      JSON.stringify(launch),
      program,
      fileIdentity(program),
      installation.executable,
      fileIdentity(installation.executable),
      workerScript,
      release(),
      version(),
      String(process.getuid?.()),
      String(dropsPrivileges),
      ...NAMESPACE_SETTINGS.map(readSetting),
      // The user namespace it runs in (a container's own), and whether a seccomp filter or no_new_privs binds it.
      namespaceOf('user'),
      ...statusLines(['Seccomp', 'NoNewPrivs']),
    ];
    return createHash('sha256').update(identity.join('\0')).digest('hex');
  }

  worked(key: string): boolean {
    try {
      readFileSync(this.fileOf(key));
      return true;
    } catch {
      return false;
    }
  }

  remember(key: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      writeWholeFileSync(this.fileOf(key), `${new Date().toISOString()}\n`);
    } catch {
      // Not remembered: the next command probes again, nothing else.
    }
  }

  forget(key: string): void {
    try {
      rmSync(this.fileOf(key), { force: true });
    } catch {
      // Not forgotten (a read-only cache): the next command's first attempt finds out again, nothing else.
    }
  }

  private fileOf(key: string): string {
    return join(this.dir, `${key}.worked`);
  }
}

function namespaceOf(kind: string): string {
  try {
    return readlinkSync(`/proc/self/ns/${kind}`);
  } catch {
    return 'unknown';
  }
}

function statusLines(names: readonly string[]): string[] {
  const status = readSetting('/proc/self/status');
  return names.map((name) => status.split('\n').find((line) => line.startsWith(`${name}:`)) ?? `${name}: absent`);
}

function readSetting(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return 'absent';
  }
}
