import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { exitCodes } from '../../src/cli/exit-codes.js';
import { readRecords } from '../../src/records/record-store.js';
import { cliPath, repoRoot, runCli, runDirIn, userEnv } from '../support/cli.js';
import { leanDemo } from '../support/demo-config.js';

const dir = mkdtempSync(join(tmpdir(), 'selfbench-habits-'));
/** These tests are about the flags, not the strategies. */
const demo = stringify(leanDemo(['one-shot', 'self-reflection']));
const strategies = 2;
const config = (name: string, yaml: string) => {
  writeFileSync(join(dir, `${name}.yaml`), yaml);
  return join(dir, `${name}.yaml`);
};
const recordsOf = (runDir: string) => readRecords(join(runDir, 'records.jsonl')).records;

describe("promptfoo's flags: -c, -o, -j, --repeat, --filter-pattern, --filter-first-n", () => {
  it('run the tasks the pattern and the limit choose, each repetition with its own seed, at the concurrency given, into -o', async () => {
    const out = join(dir, 'flags');
    const args = ['-c', config('flags', demo), '-o', out, '-j', '1', '--repeat', '2', '--filter-pattern', '^py-core/00[1-3]$', '--filter-first-n', '2'];
    const result = await runCli(args);
    expect(result.code, result.stderr).toBe(0);
    const runDir = runDirIn(out);
    const records = recordsOf(runDir);
    expect(records).toHaveLength(2 * 2 * strategies);
    expect(new Set(records.map((record) => record.taskId))).toEqual(new Set(['py-core/001', 'py-core/002']));
    const seeds = new Map(records.map((record) => [record.repeat, record.seed]));
    expect([...seeds.keys()].sort()).toEqual([0, 1]);
    expect(seeds.get(0)).not.toBe(seeds.get(1));
    // Stored with the run, so that --resume keeps them.
    const stored = parse(readFileSync(join(runDir, 'config.yaml'), 'utf8'));
    expect(stored).toMatchObject({ concurrency: 1, repeats: 2, dataset: { pattern: '^py-core/00[1-3]$', limit: 2 }, output: { dir: out } });
  });

  it('refuse a pattern that is not a regular expression, naming the flag, before writing anything (exit 2)', async () => {
    const out = join(dir, 'bad-pattern');
    const result = await runCli(['-c', config('bad-pattern', demo), '-o', out, '--filter-pattern', 'py-core/(00']);
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain("option '--filter-pattern <regex>' argument 'py-core/(00' is invalid");
    expect(result.stderr).toContain('Unterminated group');
    expect(existsSync(out)).toBe(false);
  });
});

describe('--fail-on-regression <baseline-run>', () => {
  const good = demo.replace('accuracy: 0.55', 'accuracy: 0.95');
  /** Enough for a real drop to be significant: one-shot falls from 10 of 10 to 0 (McNemar p = 0.002). */
  const limit = ['--limit', '10'];
  let baseline = '';
  beforeAll(async () => {
    // Each run has its own output directory, so its own response cache: a changed model is asked again.
    const result = await runCli(['-c', config('baseline', good), '-o', join(dir, 'baseline'), ...limit]);
    expect(result.code, result.stderr).toBe(0);
    baseline = runDirIn(join(dir, 'baseline'));
  });

  it('exits 3 when a strategy does significantly worse on the same tasks, and lists it', async () => {
    const worse = demo.replace('accuracy: 0.55', 'accuracy: 0.1');
    const result = await runCli(['-c', config('worse', worse), '-o', join(dir, 'worse'), ...limit, '--fail-on-regression', baseline]);
    expect(result.code, result.stderr).toBe(exitCodes.regression);
    expect(result.stdout).toMatch(new RegExp(`regression against ${baseline}: \\d+ significantly worse \\(Δ < 0 and McNemar p < 0\\.05\\)`));
    expect(result.stdout).toMatch(/│ one-shot +│ coder +│ \d+\.\d% +│ \d+\.\d% +│ -\d+\.\d pp \[/);
  });

  it('exits 0 for an equal run', async () => {
    const result = await runCli(['-c', config('equal', good), '-o', join(dir, 'equal'), ...limit, '--fail-on-regression', baseline]);
    expect(result.code, result.stderr).toBe(exitCodes.ok);
    expect(result.stdout).toContain(`no regression against ${baseline}`);
  });

  it('refuses a baseline that is not a run directory before running anything (exit 2)', async () => {
    const out = join(dir, 'no-baseline');
    const result = await runCli(['-c', config('no-baseline', good), '-o', out, '--fail-on-regression', join(dir, 'nothing-here')]);
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain(`--fail-on-regression: no such directory ${join(dir, 'nothing-here')}`);
    expect(existsSync(out)).toBe(false);
  });

  describe('bench view', () => {
    /** Starts `bench view`, as on a machine with no display, until it prints an address; the caller stops it. */
    async function view(args: string[]): Promise<{ lines: string[]; address: string; stop: () => Promise<number | null> }> {
      const { DISPLAY: _display, WAYLAND_DISPLAY: _wayland, ...env } = userEnv();
      const child = spawn(process.execPath, [cliPath, 'view', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          stdout += String(chunk);
          const found = stdout.match(/http:\/\/127\.0\.0\.1:\d+\/report\.html/)?.[0];
          if (found) resolve(found);
        });
        child.on('exit', (code) => reject(new Error(`bench view exited ${code}: ${stderr}`)));
      });
      return { lines: stdout.trim().split('\n'), address, stop: () => (child.kill('SIGINT'), exited) };
    }

    it('with no display, serves the run on 127.0.0.1 and prints the path and the address; Ctrl-C ends it', async () => {
      const served = await view([baseline]);
      try {
        expect(served.lines[0]).toBe(join(baseline, 'report.html'));
        const page = await fetch(served.address);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(await page.text()).toBe(readFileSync(join(baseline, 'report.html'), 'utf8'));
        expect((await fetch(served.address.replace('report.html', 'summary.csv'))).status).toBe(200);
        // Only the run's own files: nothing above it, nothing hidden.
        expect((await fetch(served.address.replace('report.html', '..%2Fbaseline.yaml'))).status).toBe(404);
        // A malformed escape is a name no file has: a 404, and the server goes on.
        expect((await fetch(served.address.replace('report.html', '%'))).status).toBe(404);
        expect((await fetch(served.address)).status).toBe(200);
      } finally {
        expect(await served.stop()).toBe(0);
      }
    });

    it('without a run directory, takes the latest under -o', async () => {
      const served = await view(['-o', join(dir, 'baseline')]);
      try {
        expect(served.lines[0]).toBe(join(baseline, 'report.html'));
        expect((await fetch(served.address)).status).toBe(200);
      } finally {
        await served.stop();
      }
    });
  });
});
