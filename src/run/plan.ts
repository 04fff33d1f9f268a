import type { StrategyInstance } from '../strategies/instance.js';
import type { Task } from '../datasets/task.js';
import { uniform } from '../util/hash-random.js';
import { trialKey } from '../records/record.js';
import { strategyGroup, type RunOutline } from '../metrics/compare.js';

export interface PlannedTrial {
  key: string;
  task: Task;
  strategy: StrategyInstance;
  generator: string;
  repeat: number;
  seed: number;
}

/** A distinct, recorded seed per repeat, derived from the run seed. */
export function repeatSeed(runSeed: number, repeat: number): number {
  return Math.floor(uniform('repeat-seed', runSeed, repeat) * 2 ** 31);
}

/**
 * The seed of a trial's `sample`-th independent sample: the trial's own seed for sample 0 (the shared first
 * generation), a hash of (trial seed, sample) for the others: reproducible, and distinct from one another
 * (two draws of 2^31 collide with probability 2^-31).
 */
export function sampleSeed(trialSeed: number, sample: number): number {
  if (!Number.isInteger(sample) || sample < 0) throw new Error(`a sample index is a whole number ≥ 0, not ${sample}`);
  return sample === 0 ? trialSeed : Math.floor(uniform('sample-seed', trialSeed, sample) * 2 ** 31);
}

/**
 * Every trial of the run, ordered repeat → task → generator → strategy, so that the
 * strategies working on one task run side by side and share its first generation.
 */
export function planTrials(input: {
  tasks: readonly Task[];
  strategies: readonly StrategyInstance[];
  generators: readonly string[];
  repeats: number;
  seed: number;
}): PlannedTrial[] {
  const trials: PlannedTrial[] = [];
  for (let repeat = 0; repeat < input.repeats; repeat++) {
    const seed = repeatSeed(input.seed, repeat);
    for (const task of input.tasks) {
      for (const generator of input.generators) {
        for (const strategy of input.strategies) {
          const key = trialKey({ strategyId: strategy.id, generator, taskId: task.view.id, repeat });
          trials.push({ key, task, strategy, generator, repeat, seed });
        }
      }
    }
  }
  return trials;
}

/**
 * What the planned trials will grade, as if every one is graded: code tasks, by strategies that apply to them (the
 * runner skips the others; open tasks have no hidden tests). `--fail-on-regression` checks it against the baseline.
 */
export function plannedOutline({ source, sha256 }: RunOutline['dataset'], trials: readonly PlannedTrial[]): RunOutline {
  const graded = trials.filter(({ task, strategy }) => task.view.kind === 'code' && strategy.kinds.includes(task.view.kind));
  return {
    dataset: { source, sha256 },
    taskIds: new Set(graded.map((trial) => trial.task.view.id)),
    groups: new Set(graded.map((trial) => strategyGroup(trial.strategy.id, trial.generator))),
  };
}
