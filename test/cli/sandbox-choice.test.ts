import { existsSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePythonInterpreter } from '../../src/execution/python-interpreter.js';
import { runCli } from '../support/cli.js';

/** A PATH with Python on it and nothing else: no bwrap, no unshare. */
async function pathWithPythonOnly(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-path-'));
  symlinkSync(await resolvePythonInterpreter(), join(dir, 'python3'));
  return dir;
}

describe('which sandbox a run uses, and what it says about it', () => {
  it('refuses --sandbox bwrap where bwrap does not work (exit 2), says how to get it, and writes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'selfbench-out-'));
    const result = await runCli(['--config', 'configs/demo.yaml', '--limit', '1', '--out', out, '--sandbox', 'bwrap', '--allow-code-execution'], {
      env: { PATH: await pathWithPythonOnly() },
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/Sandbox back-end "bwrap" does not work on this machine/);
    expect(result.stderr).toContain('apt install bubblewrap');
    expect(existsSync(out) ? readdirSync(out).filter((name) => !name.startsWith('.')) : []).toEqual([]);
  });

  it('names the back-end that runs the code, and what it leaves open, before the first trial', async () => {
    const out = mkdtempSync(join(tmpdir(), 'selfbench-out-'));
    const result = await runCli(['--config', 'configs/demo.yaml', '--limit', '1', '--out', out, '--sandbox', 'process', '--allow-code-execution']);
    expect(result.code, result.stderr).toBe(0);
    const notice = result.stderr.split('\n').find((line) => line.startsWith('sandbox: '));
    expect(notice).toMatch(/^sandbox: process\. It does NOT isolate the network or the file system/);
    expect(notice).toContain('apt install bubblewrap');
    expect(result.stderr.indexOf('sandbox: ')).toBeLessThan(result.stderr.indexOf('trials'));
  });
});
