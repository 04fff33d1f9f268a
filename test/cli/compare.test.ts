import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, runDirIn } from '../support/cli.js';
import { demoWithoutLatency, leanDemo } from '../support/demo-config.js';
import { demoStrategyIds } from '../support/demo-strategies.js';

const dir = mkdtempSync(join(tmpdir(), 'selfbench-compare-'));
const demo = demoWithoutLatency();

async function run(name: string, yaml: string, limit: number): Promise<string> {
  writeFileSync(join(dir, `${name}.yaml`), yaml);
  const out = join(dir, name);
  const result = await runCli(['--config', join(dir, `${name}.yaml`), '--out', out, '--limit', String(limit)]);
  expect(result.code, result.stderr).toBe(0);
  return runDirIn(out);
}

/** Tasks of the demo's runs: enough for a paired Δ with an interval in every row (the command's output, not a power study). */
const tasks = 4;
/** The demo on those tasks: run A of both tests, made once. */
let demoRun: Promise<string> | undefined;
const demoRunA = () => (demoRun ??= run('a', demo, tasks));

describe('bench compare', () => {
  it('pairs two runs on the same tasks', async () => {
    const [a, b] = await Promise.all([demoRunA(), run('b', demo.replace('accuracy: 0.55', 'accuracy: 0.95'), tasks)]);
    const result = await runCli(['compare', a, b]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Δ (B − A) [95% CI]');
    const strategies = demoStrategyIds();
    // The results table's rows, in its order (the config's), and its unit: percentage points.
    const rows = result.stdout.split('\n').flatMap((line) => line.match(/^│ ([\w.-]+) +│ coder /)?.[1] ?? []);
    expect(rows).toEqual(strategies);
    expect(result.stdout).toMatch(/│ [+-]?\d+\.\d pp \[[+-]?\d+\.\d, [+-]?\d+\.\d\] +│/);
    expect(result.stdout).not.toMatch(/\d pt\b/);
    // Every strategy ran the same tasks in both runs: a pair per task each.
    expect(result.stdout.match(new RegExp(`│ ${tasks} +│`, 'g'))).toHaveLength(strategies.length);
  });

  it('refuses runs on different tasks, saying why', async () => {
    // The second run's strategies do not matter to the refusal, its tasks do: one-shot alone on the first of A's tasks.
    const oneShot = stringify(leanDemo(['one-shot']));
    const [a, b] = await Promise.all([demoRunA(), run('d', oneShot, 1)]);
    const result = await runCli(['compare', a, b]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot compare these runs: different tasks: ${tasks - 1} graded only in the first run`);
  });
});
