import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePythonInstallation, resolvePythonInterpreter } from '../../src/execution/sandbox/python-interpreter.js';

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
});
