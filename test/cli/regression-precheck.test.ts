import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exitCodes } from '../../src/cli/exit-codes.js';
import { repoRoot, runCli, runDirIn } from '../support/cli.js';
import { leanDemo } from '../support/demo-config.js';

const dir = mkdtempSync(join(tmpdir(), 'selfbench-precheck-'));
/** These tests are about the gate, not the strategies. */
const demo = leanDemo(['one-shot', 'self-reflection']);
const config = (name: string, changes: Record<string, unknown> = {}) => {
  writeFileSync(join(dir, `${name}.yaml`), stringify({ ...demo, ...changes }));
  return join(dir, `${name}.yaml`);
};
/** The first 2 tasks of py-core as a file of their own: the same tasks, another dataset (its sha256 differs). */
const fewTasks = join(dir, 'few.jsonl');
writeFileSync(fewTasks, readFileSync(join(repoRoot, 'datasets/py-core.jsonl'), 'utf8').split('\n').slice(0, 2).join('\n') + '\n');

describe('--fail-on-regression refuses a baseline it could not compare with before any work (exit 2, nothing written)', () => {
  let baseline = '';
  beforeAll(async () => {
    const result = await runCli(['-c', config('baseline'), '-o', join(dir, 'baseline'), '--limit', '2']);
    expect(result.code, result.stderr).toBe(0);
    baseline = runDirIn(join(dir, 'baseline'));
  });

  it.each([
    { case: 'another dataset', changes: { dataset: { source: `jsonl:${fewTasks}` } }, args: ['--limit', '2'], reason: 'different datasets: builtin:py-core (sha256 ' },
    { case: 'other tasks', changes: {}, args: ['--limit', '3'], reason: 'different tasks: 0 graded only in the first run (e.g. -), 1 only in the second (e.g. py-core/003)' },
    { case: 'no strategy × generator in common', changes: { strategies: [{ id: 'again', use: 'one-shot' }] }, args: ['--limit', '2'], reason: 'the runs have no strategy × generator in common' },
  ])('$case, also in a dry run', async ({ case: name, changes, args, reason }) => {
    for (const dryRun of [[], ['--dry-run']]) {
      const out = join(dir, `${name}${dryRun.join('')}`);
      const result = await runCli(['-c', config(name, changes), '-o', out, ...args, ...dryRun, '--fail-on-regression', baseline]);
      expect(result.code, result.stderr).toBe(exitCodes.usage);
      expect(result.stderr).toContain(`--fail-on-regression: cannot compare with ${baseline} (the first run; this run is the second): ${reason}`);
      expect(result.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a dry run of a comparable plan prints the plan', async () => {
    const result = await runCli(['-c', config('dry'), '-o', join(dir, 'dry'), '--limit', '2', '--dry-run', '--fail-on-regression', baseline]);
    expect(result.code, result.stderr).toBe(exitCodes.ok);
    expect(result.stdout).toContain('demo: 2 tasks × 1 generator(s) × 2 strategies × 1 repeat(s) = 4 trials');
  });

  it('checks a resumed run too: its own plan against the baseline', async () => {
    const run = join(dir, 'resumed');
    cpSync(baseline, run, { recursive: true });
    rmSync(join(run, 'report.md'));
    const records = readFileSync(join(run, 'records.jsonl'), 'utf8');

    const other = await runCli(['-c', config('more'), '-o', join(dir, 'more'), '--limit', '3']);
    expect(other.code, other.stderr).toBe(0);
    const refused = await runCli(['--resume', run, '--fail-on-regression', runDirIn(join(dir, 'more'))]);
    expect(refused.code, refused.stderr).toBe(exitCodes.usage);
    expect(refused.stderr).toContain('different tasks: 1 graded only in the first run (e.g. py-core/003), 0 only in the second (e.g. -)');
    expect(existsSync(join(run, 'report.md'))).toBe(false);
    expect(readFileSync(join(run, 'records.jsonl'), 'utf8')).toBe(records);

    const compared = await runCli(['--resume', run, '--fail-on-regression', baseline]);
    expect(compared.code, compared.stderr).toBe(exitCodes.ok);
    expect(compared.stdout).toContain(`no regression against ${baseline}`);
    expect(existsSync(join(run, 'report.md'))).toBe(true);
  });
});
