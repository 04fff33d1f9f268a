/** Where WSL says it is: in /proc/version and the WSL_DISTRO_NAME it sets in every shell. */
export interface WslFacts {
  /** The text of /proc/version; empty where there is none. */
  procVersion: string;
  env: NodeJS.ProcessEnv;
}

export interface Wsl {
  version: 1 | 2;
  /** The distribution's name, as `wsl -d` takes it; undefined when WSL_DISTRO_NAME is unset. */
  distro: string | undefined;
}

/**
 * The WSL this Linux runs in, if any. WSL 1's kernel calls itself `Microsoft` (4.4.0-19041-Microsoft), WSL 2's
 * `microsoft` (5.15.153.1-microsoft-standard-WSL2); a custom kernel may say neither, and only WSL 2 runs one.
 */
export function detectWsl({ procVersion, env }: WslFacts): Wsl | undefined {
  const distro = env.WSL_DISTRO_NAME || undefined;
  if (/microsoft/.test(procVersion)) return { version: 2, distro };
  if (/Microsoft/.test(procVersion)) return { version: 1, distro };
  return distro === undefined ? undefined : { version: 2, distro };
}

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;

/**
 * The IPv4 gateway of the default route in /proc/net/route's text (the lowest metric's, when there are several), or
 * undefined. In WSL 2's default (NAT) networking that gateway is the Windows host. Addresses there are hexadecimal in
 * the kernel's byte order, little-endian on every machine WSL runs on: `0140A8C0` is 192.168.64.1.
 */
export function defaultGateway(routeTable: string): string | undefined {
  const routes = routeTable
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .flatMap(([, destination, gateway, flags, , , metric, mask]) => {
      const up = (Number.parseInt(flags ?? '', 16) & (RTF_UP | RTF_GATEWAY)) === (RTF_UP | RTF_GATEWAY);
      if (!up || destination !== '00000000' || mask !== '00000000' || !/^[0-9A-Fa-f]{8}$/.test(gateway ?? '')) return [];
      return [{ gateway: gateway as string, metric: Number(metric) }];
    })
    .sort((a, b) => a.metric - b.metric);
  const hex = routes[0]?.gateway;
  return hex === undefined ? undefined : [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join('.');
}
