import { execFile, type ExecFileException } from 'node:child_process';
import { join } from 'node:path';
import { userCacheDir } from '../../platform/cache-dir.js';
import { pathsOf } from '../../platform/host.js';
import { isWindowsStoreStub, pythonCommands, type PythonCommand } from '../../platform/python-commands.js';
import { harnessFile } from '../harness/harness-files.js';
import { InstallationCache } from './installation-cache.js';

export interface PythonInstallation {
  /** The real interpreter (not a pyenv/asdf shim or the `py` launcher). */
  executable: string;
  /** `sys.prefix`, `sys.base_prefix` and the exec prefixes, deduplicated: what a private file system must include. */
  dirs: string[];
  /** The kernel's Landlock ABI version (harness/landlock.py); 0 where there is none. */
  landlockAbi: number;
  /** Its site-packages (`site.getsitepackages()`): what the sandbox's Python, started without site.py, puts on its path. */
  sitePackages: string[];
}

/** Prints the real interpreter path, its version, the Landlock ABI, its site-packages (a JSON list), then its prefixes, one per line. */
const PROBE = ['linux_calls.py', 'landlock.py', 'interpreter_probe.py'].map(harnessFile).join('\n');
const MIN_VERSION: readonly [number, number] = [3, 8];
const PROBE_TIMEOUT_MS = 15_000;

const resolved = new Map<string, Promise<PythonInstallation>>();

/**
 * A usable Python 3 interpreter, found once per process and cached. `preferred` (a command name or path)
 * replaces the default search (`pythonCommands`: `python3`, `python`; on Windows `py -3`, `python`, `python3`).
 */
export function resolvePythonInstallation(preferred?: string): Promise<PythonInstallation> {
  const key = preferred ?? '';
  let pending = resolved.get(key);
  if (pending === undefined) {
    const candidates = preferred === undefined ? pythonCommands(process.platform) : [{ command: preferred, args: [] }];
    pending = findInterpreter(candidates);
    // A failure is not cached, so a later run can retry after the environment is fixed.
    pending.catch(() => resolved.delete(key));
    resolved.set(key, pending);
  }
  return pending;
}

/** Absolute path of the interpreter `resolvePythonInstallation` finds. */
export async function resolvePythonInterpreter(preferred?: string): Promise<string> {
  return (await resolvePythonInstallation(preferred)).executable;
}

async function findInterpreter(candidates: readonly PythonCommand[]): Promise<PythonInstallation> {
  const rejections: string[] = [];
  for (const candidate of candidates) {
    const label = [candidate.command, ...candidate.args].join(' ');
    try {
      return await probe(candidate);
    } catch (error) {
      rejections.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(
    `No usable Python ${MIN_VERSION.join('.')}+ interpreter found (${rejections.join('; ')}). ` +
      'Install Python 3 or pass an explicit interpreter path.',
  );
}

/** What the probe prints for `candidate`: kept from an earlier command (installation-cache.ts), or run now and kept. */
async function probe(candidate: PythonCommand): Promise<PythonInstallation> {
  const cache = new InstallationCache(join(userCacheDir(), 'interpreters'), PROBE);
  const kept = cache.lookUp(candidate);
  if (kept.output !== undefined) {
    try {
      return readProbe(kept.output, process.platform);
    } catch {
      // kept by another version of the probe's reader, or damaged: probed again, and kept anew
    }
  }
  const output = await runProbe(candidate);
  const installation = readProbe(output, process.platform);
  if (kept.key !== undefined) cache.keep(kept.key, output);
  return installation;
}

function runProbe(candidate: PythonCommand): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      candidate.command,
      [...candidate.args, '-S', '-c', PROBE],
      { timeout: PROBE_TIMEOUT_MS, windowsHide: true },
      (error, stdout) => (error ? reject(new Error(describeProbeFailure(error))) : resolve(stdout)),
    );
  });
}

/**
 * The installation an interpreter's probe printed (harness/interpreter_probe.py), or an error saying why it will not
 * do: a relative `sys.executable` (by the platform's path rules), the Windows Store's stub, a version below 3.8,
 * site-packages that are not a JSON list of paths.
 */
export function readProbe(stdout: string, platform: NodeJS.Platform): PythonInstallation {
  const [executable = '', version = '', landlockAbi = '0', sitePackages = '[]', ...dirs] = stdout.trim().split(/\r?\n/);
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (!pathsOf(platform).isAbsolute(executable)) throw new Error(`reported no absolute sys.executable (${JSON.stringify(executable)})`);
  if (isWindowsStoreStub(executable)) throw new Error(`${executable} is the Windows Store stub`);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) throw new Error(`version ${version} is too old`);
  return { executable, dirs: [...new Set(dirs)], landlockAbi: Number(landlockAbi) || 0, sitePackages: readPathList(sitePackages) };
}

function readPathList(json: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every((path) => typeof path === 'string')) throw new Error(`reported site-packages that are not a list of paths (${json})`);
  return value;
}

function describeProbeFailure(error: ExecFileException): string {
  if (error.code === 'ENOENT') return 'not found on PATH';
  // The Windows Store stub exits with 9009 after printing an install hint.
  if (typeof error.code === 'number') return `exited with code ${error.code}`;
  return error.message.split('\n')[0] ?? 'failed';
}
