/**
 * The workloads model-major scheduling is measured on (issue 14), shared by `npm run bench:perf` and the tests
 * that hold the loads to their bound: simulated models on a one-model GPU, so every switch is a counted load.
 */
import { validateConfig, type RunConfig } from '../config/load.js';
import type { Task } from '../datasets/task.js';
import type { Grader } from '../execution/grader.js';
import type { TrialRecord } from '../records/record.js';
import { runInMemory } from '../run/run-in-memory.js';

/** The four strategies of the HumanEval measurement, the judge loop with a separate judge model. */
export const fourStrategies = ['one-shot', 'self-reflection', { use: 'judge-loop', judge: 'judge' }, 'reflexion'];

export interface Workload {
  name: string;
  /** The run's config without `concurrency`: the default, or `-j n` added by `withJobs`. */
  config: Record<string, unknown>;
}

const models = (latencyMs: number) => ({
  coder: { provider: 'simulated', model: 'sim-coder', latencyMs },
  judge: { provider: 'simulated', model: 'sim-judge', latencyMs },
});

/** Generator + separate judge, four strategies over every task. */
export function fourStrategyWorkload(datasetLimit: number, { latencyMs = 2, loadMs = 0 } = {}): Workload {
  return {
    name: `4 strategies × ${datasetLimit} tasks, generator + separate judge`,
    config: {
      name: 'four-strategies',
      dataset: { source: 'builtin:py-core', limit: datasetLimit },
      models: models(latencyMs),
      generators: ['coder'],
      strategies: fourStrategies,
      simulatedGpu: { slots: 1, loadMs },
    },
  };
}

/** promptfoo's workload: one generation per test case, then one rubric judgment of it by another model. */
export function generateThenJudgeWorkload(tasks: number, repeats: number, { latencyMs = 2, loadMs = 0 } = {}): Workload {
  return {
    name: `${tasks * repeats} generations + ${tasks * repeats} judgments`,
    config: {
      name: 'generate-then-judge',
      dataset: { source: 'builtin:py-core', limit: tasks },
      models: models(latencyMs),
      generators: ['coder'],
      strategies: ['one-shot'],
      panel: { judges: ['judge'] },
      repeats,
      simulatedGpu: { slots: 1, loadMs },
    },
  };
}

/** The config at the default (`jobs` undefined) or with `concurrency: jobs`, as `-j jobs` sets it. */
export function withJobs(workload: Workload, jobs: number | undefined): RunConfig {
  return validateConfig(jobs === undefined ? workload.config : { ...workload.config, concurrency: jobs });
}

export interface LoadCount {
  loads: number;
  lowerBound: number;
  records: TrialRecord[];
  wallMs: number;
}

export async function countLoads(config: RunConfig, tasks: readonly Task[], grader: Grader): Promise<LoadCount> {
  const { records, gpu, wallMs } = await runInMemory(config, tasks, grader);
  return { loads: gpu.loads, lowerBound: loadsLowerBound(records), records, wallMs };
}

/**
 * Fewest loads any order could reach on a one-model GPU: a trial's calls depend on each other, so each change of
 * model along one trial's live calls is a load, whatever the others do; and every model used is loaded once.
 */
export function loadsLowerBound(records: readonly TrialRecord[]): number {
  // A record keeps its calls in the order they returned: a trial's own order, but for samples of one model side by side.
  const live = records.map((record) => record.calls.filter((call) => call.ok && !call.cached));
  const runsOfModels = live.map((calls) => calls.filter((call, index) => index === 0 || call.model !== calls[index - 1]?.model).length);
  const models = new Set(live.flat().map((call) => call.model)).size;
  return Math.max(models, ...runsOfModels);
}
