import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { demoStrategyIds, repoRoot, runCli, runDirIn } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'selfbench-compare-'));
const demo = readFileSync(join(repoRoot, 'configs/demo.yaml'), 'utf8').replace(/latencyMs: 5\b/g, 'latencyMs: 0');

async function run(name: string, yaml: string, limit: number): Promise<string> {
  writeFileSync(join(dir, `${name}.yaml`), yaml);
  const out = join(dir, name);
  const result = await runCli(['--config', join(dir, `${name}.yaml`), '--out', out, '--limit', String(limit)]);
  expect(result.code, result.stderr).toBe(0);
  return runDirIn(out);
}

/** The demo on 12 tasks: run A of both tests, made once. */
let demoRun: Promise<string> | undefined;
const demoOn12 = () => (demoRun ??= run('a', demo, 12));

describe('bench compare', () => {
  it('pairs two runs on the same tasks', async () => {
    const [a, b] = await Promise.all([demoOn12(), run('b', demo.replace('accuracy: 0.55', 'accuracy: 0.95'), 12)]);
    const result = await runCli(['compare', a, b]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Δ (B − A) [95% CI]');
    const strategies = demoStrategyIds();
    // The results table's rows, in its order (the config's), and its unit: percentage points.
    const rows = result.stdout.split('\n').flatMap((line) => line.match(/^│ ([\w.-]+) +│ coder /)?.[1] ?? []);
    expect(rows).toEqual(strategies);
    expect(result.stdout).toMatch(/│ [+-]?\d+\.\d pp \[[+-]?\d+\.\d, [+-]?\d+\.\d\] +│/);
    expect(result.stdout).not.toMatch(/\d pt\b/);
    // Every strategy ran the same 12 tasks in both runs: 12 pairs each.
    expect(result.stdout.match(/│ 12 +│/g)).toHaveLength(strategies.length);
  });

  it('refuses runs on different tasks, saying why', async () => {
    // The second run's strategies do not matter to the refusal, its tasks do: one-shot alone on 8 of the 12.
    const oneShot = stringify({ ...parse(demo), strategies: ['one-shot'], panel: undefined });
    const [a, b] = await Promise.all([demoOn12(), run('d', oneShot, 8)]);
    const result = await runCli(['compare', a, b]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot compare these runs: different tasks: 4 graded only in the first run');
  });
});
