import { describe, expect, it } from 'vitest';
import { compareRuns, incomparability, outlineOf, strategyGroup, type RunOutline } from '../../src/metrics/compare.js';
import { plannedOutline, planTrials } from '../../src/run/plan.js';
import { fixtureMeta, fixtureRecords } from '../report/run-fixture.js';
import { addTask, instance, openTask } from '../support/scripted.js';

const dataset = { source: 'jsonl:tasks.jsonl', sha256: 'ab'.repeat(32) };
const outline = (changes: Partial<{ dataset: RunOutline['dataset']; taskIds: string[]; groups: [string, string][] }> = {}): RunOutline => ({
  dataset: changes.dataset ?? dataset,
  taskIds: new Set(changes.taskIds ?? ['t1', 't2']),
  groups: new Set((changes.groups ?? [['one-shot', 'gen'], ['self-reflection', 'gen']]).map(([strategy, generator]) => strategyGroup(strategy, generator))),
});

describe('incomparability: why two runs (or a baseline and a planned run) cannot be compared', () => {
  it.each([
    { case: 'the same dataset, tasks and groups', b: outline(), reason: undefined },
    { case: 'one group in common of several', b: outline({ groups: [['self-reflection', 'gen'], ['one-shot', 'other']] }), reason: undefined },
    {
      case: 'another dataset file (the sha256 decides, whatever the name)',
      b: outline({ dataset: { source: 'jsonl:tasks.jsonl', sha256: 'cd'.repeat(32) }, taskIds: ['t9'] }),
      reason: 'different datasets: jsonl:tasks.jsonl (sha256 abababababab) vs jsonl:tasks.jsonl (sha256 cdcdcdcdcdcd)',
    },
    { case: 'a task only in the first', b: outline({ taskIds: ['t1'] }), reason: 'different tasks: 1 graded only in the first run (e.g. t2), 0 only in the second (e.g. -)' },
    { case: 'tasks only in the second (the first in sorted order named, whatever order they finished in)', b: outline({ taskIds: ['t1', 't2', 't4', 't3'] }), reason: 'different tasks: 0 graded only in the first run (e.g. -), 2 only in the second (e.g. t3)' },
    { case: 'no strategy × generator in common', b: outline({ groups: [['one-shot', 'other'], ['best-of-n', 'gen']] }), reason: 'the runs have no strategy × generator in common' },
  ])('$case', ({ b, reason }) => {
    expect(incomparability(outline(), b)).toBe(reason);
  });

  it('reads a finished run from its graded trials only: an errored or open trial grades nothing', () => {
    const records = fixtureRecords();
    const errored = records.map((record) => (record.taskId === 't4' || record.strategyId === 'reflexion-oracle' ? { ...record, passed: null } : record));
    const read = outlineOf({ meta: fixtureMeta(), records: errored });
    expect([...read.taskIds].sort()).toEqual(['t1', 't2', 't3']);
    expect([...read.groups]).toEqual([strategyGroup('one-shot', 'gen'), strategyGroup('self-reflection', 'gen')]);
    expect(read.dataset).toMatchObject(fixtureMeta().dataset);
  });

  it('is the reason compareRuns gives', () => {
    const meta = fixtureMeta();
    const other = fixtureMeta({ dataset: { ...meta.dataset, sha256: 'cd'.repeat(32) } });
    const fewer = fixtureRecords().filter((record) => record.taskId !== 't4');
    for (const [a, b] of [[{ meta, records: fixtureRecords() }, { meta: other, records: fixtureRecords() }], [{ meta, records: fixtureRecords() }, { meta, records: fewer }]] as const) {
      const refused = incomparability(outlineOf(a), outlineOf(b));
      expect(refused).toBeDefined();
      expect(compareRuns(a, b)).toEqual({ refused });
    }
  });

  it('reads a planned run as if every trial it will grade is graded: code tasks, by the strategies that apply', () => {
    const trials = planTrials({ tasks: [addTask(), openTask()], strategies: [instance('one-shot'), instance('self-reflection', {}, 'mine')], generators: ['gen', 'other'], repeats: 2, seed: 1 });
    const loaded = { ...dataset, tasks: 2 };
    const planned = plannedOutline(loaded, trials);
    expect(planned.dataset).toEqual(dataset);
    expect([...planned.taskIds]).toEqual(['add']);
    expect([...planned.groups].sort()).toEqual([strategyGroup('mine', 'gen'), strategyGroup('mine', 'other'), strategyGroup('one-shot', 'gen'), strategyGroup('one-shot', 'other')].sort());
  });
});
