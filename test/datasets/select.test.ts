import { describe, expect, it } from 'vitest';
import { parseShard, selectTasks } from '../../src/datasets/select.js';
import type { Task } from '../../src/datasets/task.js';

const task = (id: string): Task => ({
  view: { id, kind: 'open', language: 'python', prompt: id, visibleTests: [], visibleTestSource: 'none' },
  hidden: { grading: { style: 'asserts', tests: [] } },
});
const tasks = Array.from({ length: 40 }, (_, i) => task(`t/${String(i).padStart(2, '0')}`));
const ids = (chosen: Task[]) => chosen.map((t) => t.view.id);

describe('selectTasks', () => {
  it('returns every task, in order, with no selection', () => {
    expect(ids(selectTasks(tasks, {}))).toEqual(ids(tasks));
  });

  it('keeps the named ids in file order', () => {
    expect(ids(selectTasks(tasks, { ids: ['t/05', 't/01'] }))).toEqual(['t/01', 't/05']);
  });

  it('names unknown ids', () => {
    expect(() => selectTasks(tasks, { ids: ['t/01', 'nope'] })).toThrow('unknown task id: nope');
    expect(() => selectTasks(tasks, { ids: ['a', 'b'] })).toThrow('unknown task ids: a, b');
  });

  it('keeps the ids a pattern matches (anywhere in the id), after ids and before limit, and says when none does', () => {
    expect(ids(selectTasks(tasks, { pattern: '^t/0[1-3]$' }))).toEqual(['t/01', 't/02', 't/03']);
    expect(ids(selectTasks(tasks, { pattern: '3', limit: 2 }))).toEqual(['t/03', 't/13']);
    expect(ids(selectTasks(tasks, { ids: ['t/05', 't/15', 't/06'], pattern: '5' }))).toEqual(['t/05', 't/15']);
    expect(() => selectTasks(tasks, { pattern: '^u/' })).toThrow('no task id matches the pattern /^u\\//');
  });

  it('samples deterministically by seed, in file order', () => {
    const drawn = ids(selectTasks(tasks, { sample: 5, seed: 7 }));
    expect(drawn).toHaveLength(5);
    expect(ids(selectTasks(tasks, { sample: 5, seed: 7 }))).toEqual(drawn);
    expect([...drawn].sort()).toEqual(drawn);
    const seeds = [1, 2, 3, 4].map((seed) => ids(selectTasks(tasks, { sample: 5, seed })).join());
    expect(new Set([...seeds, drawn.join()]).size).toBeGreaterThan(1);
  });

  it('draws the same tasks whatever the file order, and keeps earlier draws when the dataset grows', () => {
    const drawn = ids(selectTasks(tasks, { sample: 8, seed: 3 }));
    expect(ids(selectTasks([...tasks].reverse(), { sample: 8, seed: 3 }))).toEqual([...drawn].reverse());
    const grown = [...tasks, ...Array.from({ length: 40 }, (_, i) => task(`u/${i}`))];
    const fromGrown = ids(selectTasks(grown, { sample: 8, seed: 3 }));
    expect(fromGrown.filter((id) => id.startsWith('t/')).every((id) => drawn.includes(id))).toBe(true);
  });

  it('defaults the seed to 0 and returns all tasks when the sample is larger', () => {
    expect(ids(selectTasks(tasks, { sample: 6 }))).toEqual(ids(selectTasks(tasks, { sample: 6, seed: 0 })));
    expect(selectTasks(tasks, { sample: 100 })).toHaveLength(40);
  });

  it('applies ids, then sample, then limit', () => {
    const named = ['t/01', 't/02', 't/03', 't/04', 't/05', 't/06'];
    const sampled = ids(selectTasks(tasks, { ids: named, sample: 4, seed: 9 }));
    expect(sampled.every((id) => named.includes(id))).toBe(true);
    expect(ids(selectTasks(tasks, { ids: named, sample: 4, seed: 9, limit: 2 }))).toEqual(sampled.slice(0, 2));
    expect(ids(selectTasks(tasks, { limit: 3 }))).toEqual(['t/00', 't/01', 't/02']);
  });

  it('deals shards round robin after the other selections: every task in exactly one of n, none lost', () => {
    for (const count of [1, 3, 7]) {
      const parts = Array.from({ length: count }, (_, index) => ids(selectTasks(tasks, { limit: 20, shard: `${index + 1}/${count}` })));
      expect(parts.flat().sort()).toEqual(ids(tasks.slice(0, 20)));
      expect(Math.max(...parts.map((part) => part.length)) - Math.min(...parts.map((part) => part.length))).toBeLessThanOrEqual(1);
    }
    expect(ids(selectTasks(tasks, { ids: ['t/01', 't/02', 't/03'], shard: '2/2' }))).toEqual(['t/02']);
  });

  it('reads a shard as i/n with 1 ≤ i ≤ n, and nothing else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const text of ['0/4', '5/4', '2', '2/4/1', 'a/b', '-1/2', '']) expect(parseShard(text), text).toBeUndefined();
    expect(() => selectTasks(tasks, { shard: '5/4' })).toThrow('shard "5/4" is not i/n');
  });
});
