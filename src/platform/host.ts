import { homedir } from 'node:os';
import path from 'node:path';

/**
 * What code that differs between operating systems reads of the machine. Passed in rather than read from `process`,
 * so that Windows' code paths run in tests on any machine.
 */
export interface Host {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

export function thisHost(): Host {
  return { platform: process.platform, env: process.env, homedir: homedir() };
}

/** A platform's path rules: Windows' (drive letters, backslashes) on win32, POSIX's elsewhere. */
export function pathsOf(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}
