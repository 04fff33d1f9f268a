import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePythonInterpreter } from '../../src/execution/python-interpreter.js';

describe('resolvePythonInterpreter', () => {
  it('resolves the real interpreter path once and caches it', async () => {
    const first = resolvePythonInterpreter();
    expect(resolvePythonInterpreter()).toBe(first);
    const executable = await first;
    expect(isAbsolute(executable)).toBe(true);
    expect(existsSync(executable)).toBe(true);
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
