import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InstallationCache } from '../../src/execution/sandbox/installation-cache.js';
import { resolvePythonInstallation } from '../../src/execution/sandbox/python-interpreter.js';
import { repoRoot } from '../support/cli.js';

const unix = process.platform === 'linux' || process.platform === 'darwin';
const dir = mkdtempSync(join(tmpdir(), 'selfbench-interpreters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `python3` reached through a directory of its own: what a venv's bin/ is, without making one. */
async function interpreterIn(name: string): Promise<string> {
  const { executable } = await resolvePythonInstallation();
  const bin = join(dir, name, 'bin');
  mkdirSync(bin, { recursive: true });
  const path = join(bin, 'python3');
  symlinkSync(executable, path);
  return path;
}

describe.runIf(unix)("the interpreter probe's cache", () => {
  const cache = new InstallationCache(join(dir, 'cache'), 'probe script');

  it('keeps what the probe printed for an interpreter binary, and gives it back', async () => {
    const command = { command: await interpreterIn('kept'), args: [] };
    const first = cache.lookUp(command);
    expect(first).toEqual({ key: expect.stringMatching(/^[0-9a-f]{64}$/) });
    cache.keep(first.key!, `${command.command}\n3.11\n0\n[]\n/prefix\n`);
    expect(cache.lookUp(command)).toEqual({ key: first.key, output: `${command.command}\n3.11\n0\n[]\n/prefix\n` });
  });

  it('keeps nothing for a script on PATH (a pyenv or asdf shim picks its interpreter by directory and environment)', () => {
    const shim = join(dir, 'python3-shim');
    writeFileSync(shim, '#!/bin/sh\nexec python3 "$@"\n');
    chmodSync(shim, 0o755);
    expect(cache.lookUp({ command: shim, args: [] })).toEqual({});
    expect(cache.lookUp({ command: 'py', args: ['-3'] })).toEqual({});
  });

  it('finds nothing once a venv appears around the interpreter, or the probe changes', async () => {
    const command = { command: await interpreterIn('changing'), args: [] };
    const { key } = cache.lookUp(command);
    cache.keep(key!, `${command.command}\n`);
    writeFileSync(join(dir, 'changing', 'pyvenv.cfg'), 'home = /usr/bin\n');
    const inVenv = cache.lookUp(command);
    expect(inVenv.output).toBeUndefined();
    expect(inVenv.key).not.toBe(key);
    const other = new InstallationCache(join(dir, 'cache'), 'another probe script');
    expect(other.lookUp(command).key).not.toBe(inVenv.key);
  });

  it('is what the next command reads instead of starting a Python', async () => {
    const path = await interpreterIn('next-command');
    const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'xdg') };
    // A command of its own each time: within one process the installation is resolved once anyway.
    const sitePackages = () => {
      const script = `import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'execution', 'sandbox', 'python-interpreter.js')).href)}).then(async (m) => console.log(JSON.stringify((await m.resolvePythonInstallation(${JSON.stringify(path)})).sitePackages)))`;
      const run = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as string[];
    };
    expect(sitePackages().length).toBeGreaterThan(0); // probed, and kept
    const keptDir = join(dir, 'xdg', 'selfbench', 'interpreters');
    const [file, ...others] = readdirSync(keptDir);
    expect(others).toEqual([]);
    // What no probe prints: only a command that read the kept output can report it.
    const lines = readFileSync(join(keptDir, file!), 'utf8').split('\n');
    lines[3] = JSON.stringify(['/kept/by/an/earlier/command']);
    writeFileSync(join(keptDir, file!), lines.join('\n'));
    expect(sitePackages()).toEqual(['/kept/by/an/earlier/command']);
  });
});
