import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { loadDataset } from '../../src/datasets/load.js';
import { packageRoot } from '../../src/package-root.js';
import { runInMemory } from '../../src/run/run-in-memory.js';
import { processGrader } from '../support/grading.js';

const dataset = await loadDataset({ source: 'builtin:open-ended' }, { packageRoot });

async function run(pairwise: unknown) {
  const config = validateConfig({
    name: 'pairwise',
    dataset: { source: 'builtin:open-ended' },
    models: {
      coder: { provider: 'simulated', model: 'sim-coder', accuracy: 0.3, fixRate: 0.6 },
      judge: { provider: 'simulated', model: 'sim-judge', positionBias: 0.3 },
    },
    generators: ['coder'],
    strategies: ['one-shot', { use: 'self-reflection', threshold: 9.9, maxIterations: 2 }],
    panel: { judges: ['self', 'judge'], pairwise },
    seed: 3,
  });
  return (await runInMemory(config, dataset.tasks, processGrader())).records;
}

describe('panel.pairwise', () => {
  it('compares each final answer with the trial’s first, by each panel judge, in both orders', async () => {
    const records = await run(true);
    for (const record of records) {
      expect(record.pairwise?.map((comparison) => comparison.judge)).toEqual(['coder', 'judge']);
      const compareCalls = record.calls.filter((call) => call.purpose.role === 'compare');
      expect(compareCalls.every((call) => call.purpose.strategy === 'panel')).toBe(true);
      const identical = record.attempts[record.finalIndex]?.raw.trim() === record.attempts[0]?.raw.trim();
      for (const comparison of record.pairwise ?? []) {
        expect(comparison.attemptIndex).toBe(record.finalIndex);
        expect(comparison.identical).toBe(identical);
        expect(comparison.readings).toHaveLength(identical ? 0 : 2);
        if (identical) expect(comparison.outcome).toBe('tie');
        else expect(comparison.readings.map((reading) => reading.shownFirst)).toEqual(['baseline', 'answer']);
      }
      // Identical answers are asked of no one.
      expect(compareCalls).toHaveLength(identical ? 0 : 4);
    }
    // One-shot's final answer is its first: all ties without a call. Self-reflection revised some answers.
    expect(records.filter((record) => record.strategyId === 'one-shot').every((record) => record.pairwise?.every((comparison) => comparison.identical))).toBe(true);
    const compared = records.flatMap((record) => record.pairwise ?? []).filter((comparison) => !comparison.identical);
    expect(compared.length).toBeGreaterThan(0);
    expect(compared.some((comparison) => comparison.outcome === 'win')).toBe(true);
    // The judge with a position bias disagrees with itself on some pairs; the generator (no bias) never does.
    expect(compared.filter((comparison) => comparison.judge === 'coder').every((comparison) => comparison.consistent)).toBe(true);
  });

  it('judges with the judges it names, and not at all when off', async () => {
    const named = await run({ judges: ['judge'] });
    expect(named.every((record) => record.pairwise?.every((comparison) => comparison.judge === 'judge'))).toBe(true);
    const off = await run(false);
    expect(off.every((record) => record.pairwise === undefined && record.calls.every((call) => call.purpose.role !== 'compare'))).toBe(true);
  });
});
