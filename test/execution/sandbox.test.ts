import { afterEach, describe, expect, it } from 'vitest';
import { consentRefusal } from '../../src/execution/consent.js';
import { resolvePythonInterpreter } from '../../src/execution/python-interpreter.js';
import { createExecutor } from '../../src/execution/sandbox.js';
import { describeSandbox, SANDBOX_NAMES } from '../../src/execution/sandbox-description.js';

describe('describeSandbox and the consent warning', () => {
  it('says plainly that the process back-end protects neither the network nor the file system', () => {
    const process = describeSandbox('process');
    expect([process.isolatesNetwork, process.isolatesFileSystem, process.isolatesProcesses]).toEqual([false, false, false]);
    const warning = consentRefusal('process');
    expect(warning).toContain('Sandbox back-end in use: "process"');
    expect(warning).toContain('does NOT isolate the network or the file system');
    expect(warning).toContain('--allow-code-execution');
  });

  it('names bwrap and what it protects', () => {
    const bwrap = describeSandbox('bwrap');
    expect([bwrap.isolatesNetwork, bwrap.isolatesFileSystem, bwrap.isolatesProcesses]).toEqual([true, true, true]);
    const warning = consentRefusal('bwrap');
    expect(warning).toContain('Sandbox back-end in use: "bwrap"');
    expect(warning).toMatch(/no network/);
    expect(warning).toMatch(/nothing of your home or the real \/tmp/);
    expect(warning).toMatch(/not a virtual machine/);
  });

  it('says unshare leaves the file system open', () => {
    expect(describeSandbox('unshare').isolatesFileSystem).toBe(false);
    expect(consentRefusal('unshare')).toContain('does NOT isolate the file system');
  });

  it('assumes an unknown back-end protects nothing more than process', () => {
    expect(describeSandbox('stub')).toEqual({ ...describeSandbox('process'), name: 'stub' });
  });
});

describe.runIf(process.platform === 'linux')('createExecutor', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('auto picks the strongest back-end that works here', async () => {
    const working: string[] = [];
    for (const sandbox of SANDBOX_NAMES) {
      try {
        working.push((await createExecutor({ sandbox, pool: false })).sandbox);
      } catch {
        // Unavailable here.
      }
    }
    const picked = await createExecutor();
    expect(picked.sandbox).toBe(working[0]);
    await picked.close?.();
  });

  it('probes a back-end instead of assuming it: a missing bwrap is an error that says so', async () => {
    const python = await resolvePythonInterpreter(); // absolute, so it needs no PATH
    process.env.PATH = '/nonexistent';
    await expect(createExecutor({ sandbox: 'bwrap', python })).rejects.toThrow(
      'Sandbox back-end "bwrap" does not work on this machine (bwrap: bwrap not found (is it installed and on PATH?))',
    );
  });

  it('says why when nothing works', async () => {
    await expect(createExecutor({ python: 'no-such-python-xyz' })).rejects.toThrow(
      /^No sandbox back-end works on this machine \(bwrap: No usable Python.*; unshare: .*; process: No usable Python/,
    );
  });
});
