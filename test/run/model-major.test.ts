import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import { packageRoot } from '../../src/package-root.js';
import { countLoads, fourStrategyWorkload, generateThenJudgeWorkload, withJobs } from '../../src/perf/scheduling-workloads.js';
import { sharedGrader } from '../support/shared-grading.js';

/**
 * Model-major scheduling on a simulated one-model GPU: at the default config and at `-j` 1, 4 and 16, the run loads
 * models at most twice more than the fewest any order could (counted loads, no timing). Before, with trials in
 * flight = concurrency, promptfoo's workload took 328 loads at -j 1 and 82 at -j 4.
 */
const tasks = 20;
const dataset = await loadDataset({ source: 'builtin:py-core', limit: tasks }, { packageRoot });
const grader = await sharedGrader();

const jobs = [undefined, 1, 4, 16];
const workloads = [fourStrategyWorkload(tasks), generateThenJudgeWorkload(tasks, 2)];

describe('model loads on a one-model GPU', () => {
  for (const workload of workloads) {
    it.each(jobs.map((j) => [j === undefined ? 'default' : `-j ${j}`, j] as const))(`${workload.name}, %s: within the lower bound + 2`, async (_, j) => {
      const { loads, lowerBound, records } = await countLoads(withJobs(workload, j), dataset.tasks, grader);
      expect(records.every((record) => record.stopReason !== 'error')).toBe(true);
      expect(lowerBound).toBeGreaterThanOrEqual(2);
      expect(loads).toBeGreaterThanOrEqual(lowerBound);
      expect(loads).toBeLessThanOrEqual(lowerBound + 2);
    });
  }

  it('the generate-then-judge workload runs in two phases: every generation before the first judgment', async () => {
    const { records, loads } = await countLoads(withJobs(generateThenJudgeWorkload(tasks, 2), 1), dataset.tasks, grader);
    const calls = records.flatMap((record) => record.calls).filter((call) => !call.cached).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const firstJudgment = calls.findIndex((call) => call.purpose.role === 'judge');
    expect(calls.slice(firstJudgment).every((call) => call.purpose.role === 'judge')).toBe(true);
    expect(loads).toBe(2);
  });
});
