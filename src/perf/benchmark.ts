#!/usr/bin/env node
/**
 * `npm run bench:perf`: what the harness costs and what it saves, measured in one run on
 * this machine. Prints figures; asserts nothing (targets are printed beside them).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateConfig } from '../config/load.js';
import { loadDataset } from '../datasets/load.js';
import type { Task } from '../datasets/task.js';
import { Grader } from '../execution/grader.js';
import type { SandboxName } from '../execution/sandbox-description.js';
import { createExecutor } from '../execution/sandbox.js';
import type { Executor } from '../execution/types.js';
import { quantile } from '../metrics/statistics.js';
import { packageRoot } from '../package-root.js';
import { simulationOracle } from '../providers/simulated.js';
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

/** Grades every task's reference solution through `executor`; tasks per second and how many passed. */
async function gradeReferences(tasks: readonly Task[], executor: Executor, concurrency: number): Promise<{ tasksPerSecond: number; passed: number }> {
  const grader = new Grader(executor, {}, concurrency);
  // Through the simulated model's knowledge, the one reader of references besides the grader.
  const knowledge = simulationOracle(tasks);
  const references = tasks.map((task) => knowledge(task.view.id)?.reference ?? null);
  const startedAt = performance.now();
  const grades = await Promise.all(tasks.map((task, index) => grader.grade(task, references[index] ?? null)));
  const seconds = (performance.now() - startedAt) / 1000;
  return { tasksPerSecond: tasks.length / seconds, passed: grades.filter((grade) => grade.passed).length };
}

/** The pool against one process per attempt, on the same (strongest) back-end with the same limits. */
async function gradingThroughput(line: (text: string) => void): Promise<void> {
  const path = resolve(packageRoot, '..', 'shared', 'datasets', 'HumanEval.jsonl.gz');
  if (!existsSync(path)) {
    line('4. grading throughput: skipped: ../shared absent (no ../shared/datasets/HumanEval.jsonl.gz)');
    return;
  }
  const { tasks } = await loadDataset({ source: `humaneval:${path}` }, { packageRoot });
  const sandbox = (await createExecutor({ pool: false })).sandbox as SandboxName;
  line(`4. grading throughput, the ${tasks.length} HumanEval canonical solutions on ${sandbox} (target: pool ≥ 2× at concurrency 2):`);
  for (const concurrency of [1, 2]) {
    const figures: string[] = [];
    const rates: number[] = [];
    for (const pool of [false, true]) {
      const executor = await createExecutor({ sandbox, pool, concurrency });
      const { tasksPerSecond, passed } = await gradeReferences(tasks, executor, concurrency);
      await executor.close?.();
      rates.push(tasksPerSecond);
      const label = executor.pooled ? 'pool of warm workers' : pool ? 'pool unavailable, one process per attempt' : 'one process per attempt';
      figures.push(`${label} ${tasksPerSecond.toFixed(1)} tasks/s (${passed}/${tasks.length} passed)`);
    }
    const [single = Number.NaN, pooled = Number.NaN] = rates;
    line(`   concurrency ${concurrency}: ${figures.join(', ')}: ${(pooled / single).toFixed(1)}×`);
  }
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

  await gradingThroughput(line);
}

await main();
