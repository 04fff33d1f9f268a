import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** `bench grade` reads only the tasks its samples name (load.ts converts no other row); these are what that changes. */
describe('bench grade on a built-in dataset', () => {
  const grade = (samples: object[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-grade-'));
    const file = join(dir, 'samples.jsonl');
    writeFileSync(file, samples.map((sample) => `${JSON.stringify(sample)}\n`).join(''));
    return { dir, run: runCli(['grade', '--dataset', 'builtin:py-core', '--samples', file, '--allow-code-execution']) };
  };

  it('grades each sample against the task it names, in the samples\' order', async () => {
    const { dir, run } = grade([
      { task_id: 'py-core/001', completion: '    return None\n' },
      { task_id: 'py-core/001', completion: '    return " ".join(reversed(s.split()))\n' },
    ]);
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('passed 1/2');
    const results = readFileSync(join(dir, 'samples_results.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { passed: boolean });
    expect(results.map((sample) => sample.passed)).toEqual([false, true]);
  });

  it('refuses a samples file with no samples (exit 2, naming the option)', async () => {
    const { dir, run } = grade([]);
    const result = await run;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--samples: ${join(dir, 'samples.jsonl')} has no samples to grade`);
  });
});
