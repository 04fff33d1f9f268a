import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const humanEval = join(repoRoot, '..', 'shared', 'datasets', 'HumanEval.jsonl.gz');
const present = existsSync(humanEval);
if (!present) console.warn(`skipping HumanEval acceptance: ${humanEval} is absent (it sits beside the project in CI, not in a fresh clone)`);

describe.skipIf(!present)('bench grade on the real HumanEval (../shared)', () => {
  const rows = present
    ? gunzipSync(readFileSync(humanEval))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { task_id: string; canonical_solution: string })
    : [];

  const grade = async (completion: (row: (typeof rows)[number]) => string) => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-grade-'));
    const samples = join(dir, 'samples.jsonl');
    writeFileSync(samples, rows.map((row) => `${JSON.stringify({ task_id: row.task_id, completion: completion(row) })}\n`).join(''));
    const result = await runCli(['grade', '--dataset', `humaneval:${humanEval}`, '--samples', samples, '--allow-code-execution']);
    return { result, results: readFileSync(join(dir, 'samples_results.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line)) };
  };

  it('passes all 164 canonical solutions', async () => {
    const { result, results } = await grade((row) => row.canonical_solution);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('passed 164/164');
    expect(results.filter((sample: { passed: boolean }) => !sample.passed)).toEqual([]);
  }, 180_000);

  it('fails all 164 completions that return None', async () => {
    const { result } = await grade(() => '    return None\n');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('passed 0/164');
  }, 180_000);
});
