import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { parseYaml } from '../config/load.js';
import { parseShard, shardLabel, type Shard } from '../datasets/select.js';
import { readRecords, recognitionFileName, recordsFileName } from '../records/record-store.js';
import type { RecognitionRecord } from '../records/recognition.js';
import type { TrialRecord } from '../records/record.js';
import { promptsDirName } from '../records/prompt-store.js';
import { readRunMeta, runConfigFileName, type RunMeta } from '../records/run-meta.js';
import { MergeRefusedError } from './errors.js';
import { configDifferences, mayChange } from './resume-check.js';
import { runDirProblem, writeRunFiles } from './run-dir.js';

/** Shards may differ in how fast they ran and where they wrote, and in which shard they are; nothing else. */
const mayDiffer: ReadonlySet<string> = new Set([...mayChange, 'dataset.shard']);

interface StoredRun {
  dir: string;
  meta: RunMeta;
  config: Record<string, unknown>;
  shard: Shard | undefined;
  records: TrialRecord[];
  recognition: RecognitionRecord[];
}

export interface MergedRun {
  runDir: string;
  trials: number;
  /** The shards joined, as `i/n`, in the order given. */
  shards: string[];
}

/**
 * `bench merge`: the run directories of every shard of one run (`--shard i/n`) become one run directory, which reports
 * exactly as an unsharded run would: its config is theirs without the shard, its records all of theirs. Refused — and
 * nothing written — when the runs are not parts of one run: different configs (beyond speed and output settings),
 * datasets or selfbench versions, a shard missing or given twice, a trial in two of them.
 */
export function mergeRuns(dirs: readonly string[], out: string): MergedRun {
  const problems = dirs.flatMap((dir) => {
    const problem = runDirProblem(dir, dir) ?? (existsSync(join(dir, runConfigFileName)) ? undefined : `${dir}: no ${runConfigFileName}`);
    return problem === undefined ? [] : [problem];
  });
  if (dirs.length < 2) problems.push('give the run directories of two or more shards');
  if (existsSync(out) && readdirSync(out).length > 0) problems.push(`--out ${out}: exists and is not empty`);
  if (problems.length > 0) throw new MergeRefusedError(problems);

  const runs = dirs.map(readRun);
  problems.push(...mismatches(runs), ...shardProblems(runs), ...overlaps(runs));
  if (problems.length > 0) throw new MergeRefusedError(problems);

  const [first] = runs as [StoredRun, ...StoredRun[]];
  const { shard: _shard, ...dataset } = first.config.dataset as Record<string, unknown>;
  const meta: RunMeta = {
    ...first.meta,
    createdAt: runs.map((run) => run.meta.createdAt).sort()[0] ?? first.meta.createdAt,
    dataset: { ...first.meta.dataset, tasks: sum(runs.map((run) => run.meta.dataset.tasks)) },
    // Shards may have run on machines with different back-ends: the merged run names each.
    sandbox: [...new Set(runs.map((run) => run.meta.sandbox))].join(' + '),
    trials: sum(runs.map((run) => run.meta.trials)),
  };
  mkdirSync(out, { recursive: true });
  writeRunFiles(out, { ...first.config, dataset }, meta);
  appendLines(join(out, recordsFileName), runs.flatMap((run) => run.records));
  // The prompts the records name by hash: files named by their content, so the shards' copies never clash.
  for (const run of runs) {
    const prompts = join(run.dir, promptsDirName);
    if (existsSync(prompts)) cpSync(prompts, join(out, promptsDirName), { recursive: true });
  }
  const recognition = runs.flatMap((run) => run.recognition);
  if (recognition.length > 0) appendLines(join(out, recognitionFileName), recognition);
  return { runDir: out, trials: sum(runs.map((run) => run.records.length)), shards: runs.map((run) => (run.shard ? shardLabel(run.shard) : 'whole')) };
}

function readRun(dir: string): StoredRun {
  const config = parseYaml(readFileSync(join(dir, runConfigFileName), 'utf8'), join(dir, runConfigFileName)) as Record<string, unknown>;
  const shardText = (config.dataset as { shard?: unknown } | undefined)?.shard;
  return {
    dir,
    meta: readRunMeta(dir),
    config,
    shard: typeof shardText === 'string' ? parseShard(shardText) : undefined,
    records: readRecords(join(dir, recordsFileName)).records,
    recognition: readRecords<RecognitionRecord>(join(dir, recognitionFileName)).records,
  };
}

/** Everything but the shard must be the same run: the config, the dataset's bytes, the selfbench that ran it. */
function mismatches(runs: readonly StoredRun[]): string[] {
  const [first, ...rest] = runs as [StoredRun, ...StoredRun[]];
  return rest.flatMap((run) => {
    const differences = configDifferences(first.config, run.config, mayDiffer, [first.dir, run.dir]);
    if (run.meta.dataset.sha256 !== first.meta.dataset.sha256) differences.push(`the dataset file differs (sha256 ${first.meta.dataset.sha256.slice(0, 12)}… in ${first.dir}, ${run.meta.dataset.sha256.slice(0, 12)}… in ${run.dir})`);
    if (!isDeepStrictEqual(run.meta.promptHashes, first.meta.promptHashes)) differences.push(`the prompt templates differ (their sha256 in run.json) between ${first.dir} and ${run.dir}`);
    if (run.meta.selfbenchVersion !== first.meta.selfbenchVersion) differences.push(`selfbench ${first.meta.selfbenchVersion} ran ${first.dir}, ${run.meta.selfbenchVersion} ran ${run.dir}`);
    return differences;
  });
}

/** Every shard of one split, each once. */
function shardProblems(runs: readonly StoredRun[]): string[] {
  const unsharded = runs.filter((run) => run.shard === undefined).map((run) => run.dir);
  if (unsharded.length > 0) return [`not a shard (run without --shard): ${unsharded.join(', ')}`];
  const shards = runs.map((run) => run.shard as Shard);
  const counts = [...new Set(shards.map((shard) => shard.count))];
  if (counts.length > 1) return [`shards of different splits: ${runs.map((run) => `${shardLabel(run.shard as Shard)} (${run.dir})`).join(', ')}`];
  const count = counts[0] ?? 0;
  const twice = shards.filter((shard, index) => shards.findIndex((other) => other.index === shard.index) !== index).map(shardLabel);
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !shards.some((shard) => shard.index === index));
  return [
    ...(twice.length > 0 ? [`shard given twice: ${[...new Set(twice)].join(', ')}`] : []),
    ...(missing.length > 0 ? [`shard missing: ${missing.map((index) => `${index}/${count}`).join(', ')} (a merged run is every shard of the run)`] : []),
  ];
}

/** A trial recorded by two runs would count twice. */
function overlaps(runs: readonly StoredRun[]): string[] {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  for (const run of runs) {
    for (const record of run.records) {
      const other = owner.get(record.key);
      if (other !== undefined) clashes.push(`trial ${record.key} is in ${other} and ${run.dir}`);
      owner.set(record.key, run.dir);
    }
  }
  return clashes.length <= 5 ? clashes : [...clashes.slice(0, 5), `… and ${clashes.length - 5} more trials in two runs`];
}

function appendLines(path: string, items: readonly unknown[]): void {
  appendFileSync(path, items.map((item) => `${JSON.stringify(item)}\n`).join(''));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
