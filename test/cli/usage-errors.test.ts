import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

/** Each usage error exits 2 with a message naming the argument at fault, and writes nothing. */
describe('bench with bad arguments', () => {
  const empty = () => mkdtempSync(join(tmpdir(), 'selfbench-usage-'));

  it.each([
    ['doctor without --config', ['doctor'], "required option '-c, --config <file>' not specified"],
    ['grade without --dataset', ['grade', '--samples', 'samples.jsonl'], "required option '--dataset <spec>' not specified"],
    ['compare with a run directory that is not there', ['compare', 'nowhere-a', '.'], '<run-a>: no such directory nowhere-a\n<run-b>: . is not a run directory (no run.json)'],
    ['report of a directory that is not a run', ['report', '.'], '<run-dir>: . is not a run directory (no run.json)'],
    ['--resume of a directory that is not there', ['--resume', 'nowhere'], '--resume: no such directory nowhere'],
    ['grade of files that are not there', ['grade', '--dataset', 'jsonl:./missing.jsonl', '--samples', 'samples.jsonl'], '--dataset: no such file ./missing.jsonl\n--samples: no such file samples.jsonl'],
    ['grade on an unknown built-in dataset', ['grade', '--dataset', 'builtin:py-cor', '--samples', '.'], '--dataset: unknown built-in dataset "py-cor"; did you mean "py-core"?'],
  ])('%s', async (_, args, expected) => {
    const cwd = empty();
    const result = await runCli(args, { cwd });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(expected);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--resume with flags that choose trials but no --config to check them against', async () => {
    const cwd = empty();
    const run = join(cwd, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'run.json'), '{}\n');
    writeFileSync(join(run, 'config.yaml'), readFileSync(join(repoRoot, 'configs/demo.yaml'), 'utf8'));
    const result = await runCli(['--resume', run, '--limit', '3', '--shard', '1/2'], { cwd });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("--resume keeps the run's own trials: --limit, --shard can be given only with --config");
    expect(readdirSync(run).sort()).toEqual(['config.yaml', 'run.json']);
  });

  it('grade of samples naming a task the dataset lacks', async () => {
    const cwd = empty();
    writeFileSync(join(cwd, 'samples.jsonl'), `${JSON.stringify({ task_id: 'py-core/999', completion: '    return None\n' })}\n`);
    const result = await runCli(['grade', '--dataset', 'builtin:py-core', '--samples', 'samples.jsonl', '--allow-code-execution'], { cwd });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('--samples: unknown task id: py-core/999 (not in builtin:py-core)');
    expect(readdirSync(cwd)).toEqual(['samples.jsonl']);
  });
});
