import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { release, tmpdir, version } from 'node:os';
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
  '/proc/sys/user/max_user_namespaces',
  '/proc/sys/user/max_pid_namespaces',
  '/proc/sys/user/max_mnt_namespaces',
  '/sys/kernel/security/lsm',
];

/**
 * Back-ends whose worker pool worked here, remembered between commands (in `dir`, the user's cache directory): a
 * command then starts the pool without first running a probe attempt through it (a tenth of `bench grade`'s
 * start-up), and its first real attempt stands in for the probe (sandbox.ts). The key is everything that decides
 * whether the pool works: the back-end's launch command and the file it runs (bwrap, unshare), the interpreter's
 * file, the workers' script, the kernel, the user and the kernel's namespace settings. Only "it worked" is kept,
 * and a failure forgets it. A program that wrote a verdict would gain nothing: a wrong one costs the next command
 * its first attempt, run again after a real probe.
 */
export class PoolVerdicts {
  constructor(private readonly dir: string) {}

  /** The key of `backend`'s pool with this interpreter and workers' script, as this machine is now. */
  keyOf(backend: Backend, installation: PythonInstallation, workerScript: string, dropsPrivileges: boolean): string {
    // What the back-end would launch in some directory: its options, and the host's directories it shows.
    const launch = backend.wrap(
      { file: installation.executable, args: [] },
      { workDir: tmpdir(), interpreter: installation.executable, interpreterDirs: installation.dirs, dropsPrivileges },
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
      ...NAMESPACE_SETTINGS.map(readSetting),
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
    rmSync(this.fileOf(key), { force: true });
  }

  private fileOf(key: string): string {
    return join(this.dir, `${key}.worked`);
  }
}

function readSetting(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return 'absent';
  }
}
