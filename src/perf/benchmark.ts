#!/usr/bin/env node
/**
 * `npm run bench:perf`: what the harness costs and what it saves, measured in one run on
 * this machine. Prints figures; asserts nothing (targets are printed beside them).
 */
import { validateConfig } from '../config/load.js';
import { loadDataset } from '../datasets/load.js';
import type { Task } from '../datasets/task.js';
import { Grader } from '../execution/grader.js';
import { createExecutor } from '../execution/sandbox.js';
import { quantile } from '../metrics/statistics.js';
import { packageRoot } from '../package-root.js';
import { runInMemory } from '../run/run-in-memory.js';

const fourStrategies = ['one-shot', 'self-reflection', { use: 'judge-loop', judge: 'judge' }, 'reflexion'];
const maxIterations = 3;

function simulatedConfig(overrides: Record<string, unknown>) {
  return validateConfig({
    name: 'perf',
    dataset: { source: 'builtin:py-core' },
    models: {
      coder: { provider: 'simulated', model: 'sim-coder', latencyMs: 2, concurrency: 4 },
      judge: { provider: 'simulated', model: 'sim-judge', latencyMs: 2 },
    },
    generators: ['coder'],
    strategies: fourStrategies,
    ...overrides,
  });
}

async function modelLoads(tasks: readonly Task[], grader: Grader, policy: 'fifo' | 'affinity'): Promise<number> {
  const config = simulatedConfig({
    scheduling: { policy },
    simulatedGpu: { slots: 1 },
    concurrency: tasks.length * fourStrategies.length, // every trial in flight
  });
  return (await runInMemory(config, tasks, grader)).gpu.loads;
}

async function firstGenerations(tasks: readonly Task[], grader: Grader, reuse: boolean): Promise<number> {
  const { records } = await runInMemory(simulatedConfig({ cache: { enabled: reuse }, concurrency: 32 }), tasks, grader);
  return records.flatMap((record) => record.calls).filter((call) => call.purpose.role === 'generate' && call.purpose.iteration === 1 && !call.cached).length;
}

/** 1,000 tasks that differ only in id: every answer is one of a few programs, so grading is memoized away. */
function generatedTasks(count: number, template: Task): Task[] {
  return Array.from({ length: count }, (_, index) => ({ ...template, view: { ...template.view, id: `generated/${String(index + 1).padStart(4, '0')}` } }));
}

async function harnessOverhead(template: Task, grader: Grader): Promise<{ medianCallMs: number; runMs: number }> {
  const zeroLatency = (concurrency: number) =>
    validateConfig({
      name: 'overhead',
      dataset: { source: 'builtin:py-core' },
      models: { coder: { provider: 'simulated', model: 'sim-coder', concurrency: 64 } },
      generators: ['coder'],
      strategies: ['one-shot'],
      concurrency,
    });
  // One trial at a time: a trial's duration is then the harness's own time around one call.
  const sequential = await runInMemory(zeroLatency(1), generatedTasks(200, template), grader);
  const medianCallMs = quantile(sequential.records.map((record) => record.durationMs), 0.5) ?? Number.NaN;
  const full = await runInMemory(zeroLatency(32), generatedTasks(1000, template), grader);
  return { medianCallMs, runMs: full.wallMs };
}

async function main(): Promise<void> {
  const dataset = await loadDataset({ source: 'builtin:py-core', limit: 40 }, { packageRoot });
  const grader = new Grader(await createExecutor(), {}, 2);
  const line = (text: string) => process.stdout.write(`${text}\n`);
  line(`selfbench performance benchmark — ${new Date().toISOString()}, node ${process.version}, ${dataset.tasks.length} built-in tasks`);

  const fifo = await modelLoads(dataset.tasks, grader, 'fifo');
  const affinity = await modelLoads(dataset.tasks, grader, 'affinity');
  line(`1. model loads, 4 strategies × 40 tasks, generator + separate judge on a one-model GPU, all trials in flight:`);
  line(`   per-call order (fifo) ${fifo}, model-affinity scheduler ${affinity} (target ≤ ${2 * maxIterations + 2})`);

  const withoutReuse = await firstGenerations(dataset.tasks, grader, false);
  const withReuse = await firstGenerations(dataset.tasks, grader, true);
  line(`2. first generations for the same run: without the cache ${withoutReuse}, with it ${withReuse} (target: one per task = ${dataset.tasks.length})`);

  const overhead = await harnessOverhead(dataset.tasks[0] as Task, grader);
  line(`3. harness overhead, zero-latency simulated model, grading memoized: median ${overhead.medianCallMs.toFixed(3)} ms per call (target < 1 ms);`);
  line(`   a 1,000-task one-shot run in ${(overhead.runMs / 1000).toFixed(2)} s (target < 10 s)`);
}

await main();
