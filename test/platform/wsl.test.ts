import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/cli/doctor-command.js';
import { platformNote, type DoctorHost } from '../../src/cli/doctor-host.js';
import { lookForWindowsOllama } from '../../src/cli/windows-ollama.js';
import { defaultGateway, detectWsl } from '../../src/platform/wsl.js';
import { ollamaModelSchema } from '../../src/providers/ollama.js';
import { startFakeOllama, type FakeServer } from '../support/fake-ollama.js';
import { repoRoot } from '../support/cli.js';

const WSL2_KERNEL = 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0) #1 SMP Fri Mar 29 23:14:13 UTC 2024';
const WSL1_KERNEL = 'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft Sat Sep 11 14:32:00 PST 2021';
const PLAIN_KERNEL = 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-115) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #45-Ubuntu SMP';

/** /proc/net/route with these rows (interface, destination, gateway, flags, metric, mask), as the kernel prints it. */
const routeTable = (...rows: [string, string, string, string, number, string][]) =>
  ['Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT'].concat(
    rows.map(([iface, destination, gateway, flags, metric, mask]) => `${iface}\t${destination}\t${gateway}\t${flags}\t0\t0\t${metric}\t${mask}\t0\t0\t0`),
  ).join('\n') + '\n';
const WSL_ROUTES = routeTable(['eth0', '00000000', '0140A8C0', '0003', 0, '00000000'], ['eth0', '0040A8C0', '00000000', '0001', 0, '00F0FFFF']);
const LOOPBACK_GATEWAY = routeTable(['eth0', '00000000', '0100007F', '0003', 0, '00000000']);

const wslHost = (overrides: Partial<DoctorHost> = {}): DoctorHost => ({
  platform: 'linux',
  env: { WSL_DISTRO_NAME: 'Ubuntu' },
  homedir: '/home/me',
  procVersion: WSL2_KERNEL,
  routeTable: WSL_ROUTES,
  ...overrides,
});

describe('WSL', () => {
  it.each<[string, string, NodeJS.ProcessEnv, ReturnType<typeof detectWsl>]>([
    ['WSL 2', WSL2_KERNEL, { WSL_DISTRO_NAME: 'Ubuntu-24.04' }, { version: 2, distro: 'Ubuntu-24.04' }],
    ['WSL 2 with the environment scrubbed', WSL2_KERNEL, {}, { version: 2, distro: undefined }],
    ['WSL 1', WSL1_KERNEL, { WSL_DISTRO_NAME: 'Ubuntu' }, { version: 1, distro: 'Ubuntu' }],
    ['WSL 2 on a custom kernel', PLAIN_KERNEL, { WSL_DISTRO_NAME: 'Debian' }, { version: 2, distro: 'Debian' }],
    ['plain Linux', PLAIN_KERNEL, {}, undefined],
    ['no /proc', '', {}, undefined],
  ])('%s', (_, procVersion, env, wsl) => {
    expect(detectWsl({ procVersion, env })).toEqual(wsl);
  });

  it.each<[string, string, string | undefined]>([
    ['WSL 2 NAT', WSL_ROUTES, '192.168.64.1'],
    ['this machine', routeTable(['eth0', '00000000', '010200C0', '0003', 0, '00000000']), '192.0.2.1'],
    ['CRLF', WSL_ROUTES.replace(/\n/g, '\r\n'), '192.168.64.1'],
    [
      'two default routes: the lower metric wins',
      routeTable(['wlan0', '00000000', '0101A8C0', '0003', 600, '00000000'], ['eth0', '00000000', '011C12AC', '0003', 100, '00000000']),
      '172.18.28.1',
    ],
    ['a default route that is down', routeTable(['eth0', '00000000', '0140A8C0', '0002', 0, '00000000']), undefined],
    ['no default route', routeTable(['eth0', '0040A8C0', '00000000', '0001', 0, '00F0FFFF']), undefined],
    ['no table', '', undefined],
  ])('the default gateway in %s', (_, table, gateway) => {
    expect(defaultGateway(table)).toBe(gateway);
  });
});

describe('doctor says where it runs', () => {
  it.each<[string, DoctorHost, RegExp | undefined]>([
    ['native Windows points to WSL2', { ...wslHost(), platform: 'win32', env: {}, procVersion: '', routeTable: '' }, /^native Windows: .*--sandbox process.*run selfbench inside WSL2/],
    ['WSL 2 says where Ollama on Windows is', wslHost(), /^WSL 2 \(Ubuntu\): .*Windows host's address/],
    ['WSL 1 says how to convert it', wslHost({ procVersion: WSL1_KERNEL }), /^WSL 1 \(Ubuntu\): .*wsl --set-version Ubuntu 2$/],
    ['plain Linux says nothing', wslHost({ env: {}, procVersion: PLAIN_KERNEL }), undefined],
    ['macOS says nothing', wslHost({ platform: 'darwin', env: {}, procVersion: '' }), undefined],
  ])('%s', (_, host, note) => {
    if (note === undefined) expect(platformNote(host)).toBeUndefined();
    else expect(platformNote(host)).toMatch(note);
  });
});

describe("the Windows host's Ollama, seen from WSL", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const spec = ollamaModelSchema.parse({ provider: 'ollama', model: 'qwen2.5-coder:7b' });

  it('is found at the default route gateway, and doctor says what to export', async () => {
    server = await startFakeOllama(['qwen2.5-coder:7b']);
    const port = new URL(server.url).port;
    const line = await lookForWindowsOllama(spec, 'cannot reach Ollama at http://127.0.0.1:11434', LOOPBACK_GATEWAY, port);
    expect(line).toContain(`Ollama answers at http://127.0.0.1:${port} with qwen2.5-coder:7b`);
    expect(line).toContain(`export OLLAMA_HOST=http://127.0.0.1:${port}`);
    expect(server.requests.map((request) => request.path)).toContain('/api/show');
  });

  it('says what it tried when the gateway has the server but not the model', async () => {
    server = await startFakeOllama(['llama3.1:8b']);
    const port = new URL(server.url).port;
    const line = await lookForWindowsOllama(spec, 'first failure', LOOPBACK_GATEWAY, port);
    expect(line).toMatch(/^first failure — inside WSL with OLLAMA_HOST unset, doctor also looked on the Windows host/);
    expect(line).toContain(`at http://127.0.0.1:${port}: model "qwen2.5-coder:7b" is not available`);
    expect(line).toContain('setx OLLAMA_HOST 0.0.0.0');
  });

  it('says there is no default route to try', async () => {
    expect(await lookForWindowsOllama(spec, 'first failure', '')).toMatch(/in \/proc\/net\/route, but there is no default route$/);
  });

  it('runs in doctor: a WSL host with OLLAMA_HOST unset gets the note and the model line with what was tried', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-doctor-wsl-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      ['name: wsl', 'dataset: { source: builtin:py-core }', 'models:', '  coder: { provider: ollama, model: "selfbench-absent:1b", timeoutMs: 3000 }', 'generators: [coder]', 'strategies: [one-shot]', ''].join('\n'),
    );
    let out = '';
    const code = await doctorCommand(config, wslHost({ routeTable: LOOPBACK_GATEWAY }), (text) => (out += text));
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^note {2}platform: WSL 2 \(Ubuntu\)/);
    const model = lines.find((line) => line.startsWith('FAIL  model coder: '));
    expect(model).toMatch(/— inside WSL with OLLAMA_HOST unset, doctor also looked on the Windows host, the default route's gateway in \/proc\/net\/route, at http:\/\/127\.0\.0\.1:11434: .* — if Ollama runs on Windows, .*setx OLLAMA_HOST 0\.0\.0\.0/);
  });

  it('runs in doctor on Windows: the note points to WSL2 before the checks', async () => {
    let out = '';
    await doctorCommand(join(repoRoot, 'configs/demo.yaml'), { ...wslHost(), platform: 'win32', env: {}, procVersion: '', routeTable: '' }, (text) => (out += text));
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^note {2}platform: native Windows: .*WSL2/);
    expect(lines.slice(1).filter((line) => line !== '').map((line) => line.split(':')[0])).toEqual(['ok    python', 'ok    sandbox', 'ok    model coder', 'ok    model judge']);
  });
});
