import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../report/csv-table.js';
import { runCli, runDirIn } from '../support/cli.js';

/** Two simulated generators on the open-ended set, with a panel, pairwise and self-recognition: every kind of record. */
const config = (seed = 1) => `
name: sharded
dataset: { source: builtin:open-ended }
models:
  writer: { provider: simulated, model: sim-writer-7b, fixRate: 0.5, recognitionAccuracy: 0.8 }
  rival: { provider: simulated, model: sim-rival-8b }
generators: [writer, rival]
strategies: [one-shot, self-reflection]
panel: { judges: [self, rival], pairwise: { judges: [rival] }, recognition: true }
seed: ${seed}
`;

/** What differs between two runs of the same trials: when and how long things took, and the ids of calls. */
const timing = new Set(['startedAt', 'durationMs', 'wallMs', 'queueMs', 'loadMs', 'promptMs', 'generateMs', 'id', 'callIds']);
const withoutTiming = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutTiming)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !timing.has(key)).map(([key, inner]) => [key, withoutTiming(inner)]))
      : value;
const jsonLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { key: string })
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map(withoutTiming);
/** A CSV without the columns of times and model switches (which depend on how calls interleaved). */
const csvWithoutTiming = (path: string) => {
  const { rows } = readCsv(readFileSync(path, 'utf8'));
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !/_ms|_seconds_|model_switches|gpu_time/.test(column))));
};

describe('bench --shard i/n and bench merge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-merge-'));
  const configPath = join(dir, 'sharded.yaml');
  writeFileSync(configPath, config());
  const [whole, shards, merged] = [join(dir, 'whole'), join(dir, 'shards'), join(dir, 'merged')];
  const shardDirs = () => readdirSync(shards).filter((name) => !name.startsWith('.')).sort().map((name) => join(shards, name));

  beforeAll(async () => {
    const runs = await Promise.all([
      runCli(['--config', configPath, '--out', whole]),
      runCli(['--config', configPath, '--shard', '1/2', '--out', shards]),
      runCli(['--config', configPath, '--shard', '2/2', '--out', shards]),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const merge = await runCli(['merge', ...shardDirs(), '--out', merged]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('merged shards 1/2, 2/2: 64 trials');
    expect(merge.stdout).toContain(`reports written to ${merged}`);
  });

  it('deals the tasks round robin: each shard has half, none in both', () => {
    const tasksOf = (runDir: string) => new Set((jsonLines(join(runDir, 'records.jsonl')) as { taskId: string }[]).map((record) => record.taskId));
    const [first, second] = shardDirs().map(tasksOf) as [Set<string>, Set<string>];
    expect([first.size, second.size]).toEqual([8, 8]);
    expect([...first].filter((task) => second.has(task))).toEqual([]);
    expect(first.has('open/001') && second.has('open/002') && first.has('open/003')).toBe(true);
  });

  it('merges into the records and reports of one unsharded run, timing aside', () => {
    const single = runDirIn(whole);
    expect(jsonLines(join(merged, 'records.jsonl'))).toEqual(jsonLines(join(single, 'records.jsonl')));
    expect(jsonLines(join(merged, 'recognition.jsonl'))).toEqual(jsonLines(join(single, 'recognition.jsonl')));
    // Every prompt the records name is there: the same files as the unsharded run's.
    expect(readdirSync(join(merged, 'prompts')).sort()).toEqual(readdirSync(join(single, 'prompts')).sort());
    for (const file of ['summary.csv', 'judges.csv', 'pairwise.csv', 'recognition.csv', 'trials.csv']) {
      expect(csvWithoutTiming(join(merged, file)), file).toEqual(csvWithoutTiming(join(single, file)));
    }
    const meta = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { trials: number; dataset: { tasks: number } };
    expect(meta(merged)).toMatchObject({ trials: 64, dataset: { tasks: 16 } });
    expect(readFileSync(join(merged, 'config.yaml'), 'utf8')).not.toMatch(/^\s*shard:/m);
  });

  it('is a run like any other: --resume finds every trial done', async () => {
    const resumed = await runCli(['--resume', merged]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('64 trials, 64 already done');
  });

  it('refuses, writing nothing, runs that are not every shard of one run', async () => {
    const refused = async (dirs: string[], ...reasons: string[]) => {
      const out = join(dir, `refused-${reasons.join('').length}`);
      const result = await runCli(['merge', ...dirs, '--out', out]);
      expect(result.code, result.stderr).toBe(2);
      for (const reason of reasons) expect(result.stderr).toContain(reason);
      expect(existsSync(out)).toBe(false);
    };
    const [first, second] = shardDirs() as [string, string];
    // An unsharded run beside a shard: refused for both reasons, in one command.
    await refused([first, runDirIn(whole)], 'not a shard (run without --shard)', 'trial one-shot|writer|open/001|0 is in');
    await refused([first, first], 'shard given twice: 1/2');
    await refused([second, join(dir, 'nowhere')], `${join(dir, 'nowhere')}: no such directory`);

    const other = join(dir, 'other.yaml');
    writeFileSync(other, config(2));
    const otherSeed = await runCli(['--config', other, '--shard', '2/2', '--out', join(dir, 'seed2')]);
    expect(otherSeed.code, otherSeed.stderr).toBe(0);
    await refused([first, runDirIn(join(dir, 'seed2'))], 'seed: 1 in');
  });

  it('refuses a shard that is not i/n, naming the flag', async () => {
    const result = await runCli(['--config', configPath, '--shard', '3/2', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--shard <i/n>' argument '3/2' is invalid");
  });
});
