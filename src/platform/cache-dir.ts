import { pathsOf, thisHost, type Host } from './host.js';

/**
 * Where selfbench keeps what outlives a run (downloaded datasets, expected values): `$XDG_CACHE_HOME/selfbench` when
 * set, on any platform (tests point it elsewhere); else `%LOCALAPPDATA%\selfbench` on Windows, where per-user caches
 * belong, and `~/.cache/selfbench` elsewhere.
 */
export function userCacheDir(host: Host = thisHost()): string {
  const { join } = pathsOf(host.platform);
  const { XDG_CACHE_HOME, LOCALAPPDATA } = host.env;
  if (XDG_CACHE_HOME) return join(XDG_CACHE_HOME, 'selfbench');
  if (host.platform === 'win32') return join(LOCALAPPDATA || join(host.homedir, 'AppData', 'Local'), 'selfbench');
  return join(host.homedir, '.cache', 'selfbench');
}
