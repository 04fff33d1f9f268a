import { createHash } from 'node:crypto';
import type { Task } from './task.js';

export interface TaskSelection {
  /** Keep only these tasks; an id the dataset lacks is an error. */
  ids?: readonly string[];
  /** Then only those whose id this regular expression matches (anywhere in the id, as `RegExp.test`). */
  pattern?: string;
  /** Then draw this many, by a shuffle seeded with `seed` (default 0). */
  sample?: number;
  seed?: number;
  /** Then keep the first this many. */
  limit?: number;
  /** Then keep one shard of them: `i/n`, the i-th of n (1-based), by task (`--shard`). */
  shard?: string;
}

/** One of n parts of a run's tasks: tasks 0-based k with k mod count = index − 1 (round robin, so each shard is a fair mix). */
export interface Shard {
  index: number;
  count: number;
}

const SHARD_PATTERN = /^([1-9]\d*)\/([1-9]\d*)$/;

/** `"2/4"` → the 2nd of 4; undefined for text that is no shard (`3/2`, `0/4`, `x`). */
export function parseShard(text: string): Shard | undefined {
  const match = SHARD_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [index, count] = [Number(match[1]), Number(match[2])];
  return index <= count ? { index, count } : undefined;
}

export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * Applies `ids`, then `pattern`, then `sample`, then `limit`, then `shard`; chosen tasks keep their file order. The sample ranks
 * tasks by a hash of the seed and the task id, so a seed draws the same tasks whatever the file's
 * order, and growing a dataset does not reshuffle the tasks already drawn.
 */
export function selectTasks(tasks: readonly Task[], selection: TaskSelection): Task[] {
  return selectById(tasks, (task) => task.view.id, selection);
}

/** `selectTasks` over anything with an id (a dataset's rows before they are made tasks). */
export function selectById<T>(items: readonly T[], idOf: (item: T) => string, selection: TaskSelection): T[] {
  let chosen = [...items];
  if (selection.ids !== undefined) {
    const known = new Set(items.map(idOf));
    const unknown = selection.ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Error(`unknown task id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    const wanted = new Set(selection.ids);
    chosen = chosen.filter((item) => wanted.has(idOf(item)));
  }
  if (selection.pattern !== undefined) {
    const pattern = new RegExp(selection.pattern);
    chosen = chosen.filter((item) => pattern.test(idOf(item)));
    if (chosen.length === 0) throw new Error(`no task id matches the pattern ${pattern}`);
  }
  if (selection.sample !== undefined) {
    const seed = selection.seed ?? 0;
    const drawn = new Set(
      chosen
        .map((item) => ({ item, key: sampleKey(seed, idOf(item)) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .slice(0, selection.sample)
        .map(({ item }) => item),
    );
    chosen = chosen.filter((item) => drawn.has(item));
  }
  if (selection.limit !== undefined) chosen = chosen.slice(0, selection.limit);
  if (selection.shard === undefined) return chosen;
  const shard = parseShard(selection.shard);
  if (shard === undefined) throw new Error(`shard "${selection.shard}" is not i/n with 1 ≤ i ≤ n`);
  return chosen.filter((_, k) => k % shard.count === shard.index - 1);
}

function sampleKey(seed: number, id: string): string {
  return createHash('sha256').update(`${seed}\0${id}`).digest('hex');
}
