import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePythonInstallation, resolvePythonInterpreter } from '../../src/execution/sandbox/python-interpreter.js';
import { PYTHON } from '../support/python.js';

describe('resolvePythonInterpreter', () => {
  it('resolves the real interpreter and its prefixes once and caches them', async () => {
    const first = resolvePythonInstallation();
    expect(resolvePythonInstallation()).toBe(first);
    const { executable, dirs } = await first;
    expect(isAbsolute(executable)).toBe(true);
    expect(existsSync(executable)).toBe(true);
    expect(await resolvePythonInterpreter()).toBe(executable);
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) expect(existsSync(dir)).toBe(true);
  });

  it('accepts an explicit command and resolves it to an absolute path', async () => {
    expect(isAbsolute(await resolvePythonInterpreter('python3'))).toBe(true);
  });

  it('explains what it tried when no interpreter works', async () => {
    await expect(resolvePythonInterpreter('no-such-python-xyz')).rejects.toThrow(
      /No usable Python 3\.8\+ interpreter found \(no-such-python-xyz: not found on PATH\)/,
    );
  });

  // The probe runs without site.py (-S): what site.py would make of a venv must come out all the same.
  it.skipIf(process.platform === 'win32')("finds a venv's prefix and site-packages, its installation's too when the venv includes them", async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-probe-venv-'));
    try {
      const venv = join(dir, 'venv');
      const made = spawnSync(PYTHON ?? 'python3', ['-m', 'venv', '--without-pip', '--system-site-packages', venv], { encoding: 'utf8' });
      if (made.status !== 0) return context.skip(`python -m venv failed: ${made.stderr}`);
      const base = await resolvePythonInstallation();
      const installation = await resolvePythonInstallation(join(venv, 'bin', 'python'));
      expect(installation.dirs).toContain(venv);
      const [own, ...inherited] = installation.sitePackages;
      expect(own?.startsWith(join(venv, 'lib'))).toBe(true);
      expect(own).toMatch(/site-packages$/);
      expect(inherited).toEqual(base.sitePackages);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
