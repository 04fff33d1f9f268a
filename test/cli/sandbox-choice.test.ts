import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../support/cli.js';
import { leanDemo } from '../support/demo-config.js';
import { pathWith } from '../support/path.js';

/** One strategy on one task: these tests are about the sandbox, not the strategies. */
const config = join(mkdtempSync(join(tmpdir(), 'selfbench-sandbox-choice-')), 'demo.yaml');
writeFileSync(config, stringify(leanDemo(['one-shot'])));

function runNames(out: string): string[] {
  return existsSync(out) ? readdirSync(out).filter((name) => !name.startsWith('.')) : [];
}

describe('which sandbox a run uses, and what it says about it', () => {
  it('refuses --sandbox bwrap where bwrap does not work (exit 2), says how to get it, and writes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'selfbench-out-'));
    const result = await runCli(['--config', config, '--limit', '1', '--out', out, '--sandbox', 'bwrap', '--allow-code-execution'], {
      env: { PATH: await pathWith([]) },
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/Sandbox back-end "bwrap" does not work on this machine/);
    expect(result.stderr).toContain('apt install bubblewrap');
    expect(runNames(out)).toEqual([]);
  });

  it('without bubblewrap, auto runs on unshare, which closes the file system too, and says so first', async () => {
    const out = mkdtempSync(join(tmpdir(), 'selfbench-out-'));
    const result = await runCli(['--config', config, '--limit', '1', '--out', out, '--allow-code-execution'], {
      env: { PATH: await pathWith(['unshare']) },
    });
    expect(result.code, result.stderr).toBe(0);
    const notice = result.stderr.split('\n').find((line) => line.startsWith('sandbox: '));
    expect(notice).toMatch(/^sandbox: unshare\. It does NOT protect against a kernel exploit/);
    expect(notice).not.toContain('apt install bubblewrap');
  });

  it('where no back-end isolates the file system, auto refuses to run model code (exit 2), names --sandbox process, and writes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'selfbench-out-'));
    const result = await runCli(['--config', config, '--limit', '1', '--out', out, '--allow-code-execution'], {
      env: { PATH: await pathWith([]) },
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/No sandbox back-end that isolates the file system works on this machine \(bwrap: .*; unshare: .*\)/);
    expect(result.stderr).toContain('--sandbox process');
    expect(result.stderr).toContain('apt install bubblewrap');
    expect(runNames(out)).toEqual([]);
  });

  it('names the back-end that runs the code, and what it leaves open, before the first trial', async () => {
    const out = mkdtempSync(join(tmpdir(), 'selfbench-out-'));
    const result = await runCli(['--config', config, '--limit', '1', '--out', out, '--sandbox', 'process', '--allow-code-execution']);
    expect(result.code, result.stderr).toBe(0);
    const notice = result.stderr.split('\n').find((line) => line.startsWith('sandbox: '));
    expect(notice).toMatch(/^sandbox: process( with Landlock ABI \d+)?\. It does NOT isolate the network/);
    expect(notice).toContain('apt install bubblewrap');
    expect(result.stderr.indexOf('sandbox: ')).toBeLessThan(result.stderr.indexOf('trials'));
  });
});
