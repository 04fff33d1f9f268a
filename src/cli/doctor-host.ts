import { readFileSync } from 'node:fs';
import { thisHost, type Host } from '../platform/host.js';
import { WSL2_ROUTE } from '../platform/windows-route.js';
import { detectWsl } from '../platform/wsl.js';

/** What `bench doctor` reads of the machine: the host, and on Linux what WSL leaves in /proc. */
export interface DoctorHost extends Host {
  /** /proc/version; empty where there is none. */
  procVersion: string;
  /** /proc/net/route; empty where there is none. */
  routeTable: string;
}

export function readDoctorHost(): DoctorHost {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  return { ...thisHost(), procVersion: read('/proc/version'), routeTable: read('/proc/net/route') };
}

/** Inside WSL 2, where an Ollama on Windows is not at 127.0.0.1 (in WSL's default NAT networking). */
export function insideWsl2(host: DoctorHost): boolean {
  return host.platform === 'linux' && detectWsl(host)?.version === 2;
}

/** Doctor's first line where the platform decides which sandbox can run: native Windows, or WSL (1 or 2). */
export function platformNote(host: DoctorHost): string | undefined {
  if (host.platform === 'win32') {
    return `native Windows: model code runs here only with --sandbox process (time and output limits; your files, the network and your processes are not protected from it). ${WSL2_ROUTE}`;
  }
  const wsl = host.platform === 'linux' ? detectWsl(host) : undefined;
  if (wsl === undefined) return undefined;
  const distro = wsl.distro ?? '<distribution>';
  if (wsl.version === 1) {
    return `WSL 1 (${distro}): it has no namespaces, so neither bwrap nor unshare can work; make it WSL 2, in PowerShell: wsl --set-version ${distro} 2`;
  }
  return `WSL 2 (${distro}): the sandbox line says which Linux back-end works; an Ollama on Windows is reached at the Windows host's address, not 127.0.0.1 (OLLAMA_HOST)`;
}
