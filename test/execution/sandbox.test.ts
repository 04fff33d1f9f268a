import { afterEach, describe, expect, it } from 'vitest';
import { consentRefusal } from '../../src/execution/sandbox/consent.js';
import { resolvePythonInterpreter } from '../../src/execution/sandbox/python-interpreter.js';
import { createExecutor } from '../../src/execution/sandbox.js';
import { SandboxUnavailableError } from '../../src/execution/sandbox/sandbox-error.js';
import { AUTO_SANDBOXES, describeSandbox } from '../../src/execution/sandbox/sandbox-description.js';

describe('describeSandbox and the consent warning', () => {
  it('says plainly that the process back-end protects neither the network nor the file system', () => {
    const process = describeSandbox('process');
    expect([process.isolatesNetwork, process.isolatesFileSystem, process.isolatesProcesses]).toEqual([false, false, false]);
    const warning = consentRefusal({ sandbox: 'process' });
    expect(warning).toContain('Sandbox back-end in use: "process"');
    expect(warning).toContain('does NOT isolate the network or the file system');
    expect(warning).toContain('--allow-code-execution');
  });

  it('names bwrap and what it protects', () => {
    const bwrap = describeSandbox('bwrap');
    expect([bwrap.isolatesNetwork, bwrap.isolatesFileSystem, bwrap.isolatesProcesses]).toEqual([true, true, true]);
    const warning = consentRefusal({ sandbox: 'bwrap' });
    expect(warning).toContain('Sandbox back-end in use: "bwrap"');
    expect(warning).toMatch(/no network/);
    expect(warning).toMatch(/nothing of your home or the real \/tmp/);
    expect(warning).toMatch(/not a virtual machine/);
  });

  it('says unshare closes the file system as bwrap does, and that only bwrap and unshare are ever picked by auto', () => {
    const unshare = describeSandbox('unshare');
    expect([unshare.isolatesNetwork, unshare.isolatesFileSystem, unshare.isolatesProcesses]).toEqual([true, true, true]);
    expect(consentRefusal({ sandbox: 'unshare' })).toMatch(/nothing of your home or the real \/tmp, built with util-linux unshare/);
    expect(AUTO_SANDBOXES).toEqual(['bwrap', 'unshare']);
  });

  it('says what process adds with Landlock, by ABI: the file system from 1, TCP from 4, signals from 6; never the network or SysV IPC', () => {
    const first = describeSandbox('process', 1);
    expect([first.isolatesNetwork, first.isolatesFileSystem, first.isolatesProcesses]).toEqual([false, true, false]);
    expect(first.name).toBe('process with Landlock ABI 1');
    expect(first.protects).toMatch(/nothing of your home, \/tmp, the datasets or \/proc/);
    expect(first.protects).not.toMatch(/TCP|signals/);
    expect(first.doesNotProtect).toMatch(/does NOT isolate the network or SysV IPC, nor stop signals to your other processes/);
    const latest = describeSandbox('process', 7);
    expect(latest.protects).toMatch(/no TCP connections; no signals to processes outside it\.$/);
    expect(latest.doesNotProtect).toMatch(/does NOT isolate the network beyond TCP or SysV IPC\./);
    // Still weaker than bwrap: the consent says how to get it.
    expect(consentRefusal({ sandbox: 'process', landlockAbi: 7 })).toMatch(/Sandbox back-end in use: "process with Landlock ABI 7"[^]*apt install bubblewrap/);
    expect(describeSandbox('bwrap', 7)).toEqual(describeSandbox('bwrap'));
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

  it('auto picks the strongest isolating back-end that works here', async () => {
    const working: string[] = [];
    for (const sandbox of AUTO_SANDBOXES) {
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

  it('says why when nothing works, and falls back to process only when asked to', async () => {
    const refusal = createExecutor({ python: 'no-such-python-xyz' });
    await expect(refusal).rejects.toThrow(/^No sandbox back-end that isolates the file system works on this machine \(bwrap: No usable Python.*; unshare: No usable Python.*\)/);
    await expect(refusal).rejects.toThrow(/--sandbox process, or execution.sandbox: process\. .*apt install bubblewrap/);
    await expect(refusal).rejects.toBeInstanceOf(SandboxUnavailableError);
  });
});
