import { join } from 'node:path';
import { readConfigData, validateConfig } from '../config/load.js';
import { renderTerminalTable } from '../report/terminal-table.js';
import { planBenchmark, runBenchmark } from '../run/run-benchmark.js';
import { runConfigFileName } from '../run/run-meta.js';
import { applyOverrides, type ConfigOverrides } from './config-overrides.js';
import { exitCodes } from './exit-codes.js';

export interface RunCommandOptions extends ConfigOverrides {
  config?: string;
  resume?: string;
  dryRun?: boolean;
  allowCodeExecution?: boolean;
}

/** `bench --config x.yaml` and `bench --resume <run-dir>`. Returns the exit code. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!options.config && !options.resume) {
    log('nothing to run: give --config <file> (or --resume <run-dir>); see bench --help');
    return exitCodes.usage;
  }
  // A resumed run keeps its own config; only how fast it runs may change.
  const source = options.resume ? join(options.resume, runConfigFileName) : (options.config as string);
  const overrides: ConfigOverrides = options.resume ? { concurrency: options.concurrency } : options;
  const configData = applyOverrides(await readConfigData(source), overrides);
  const config = validateConfig(configData);

  if (options.dryRun) {
    const plan = await planBenchmark(config);
    process.stdout.write(
      `${config.name}: ${plan.dataset.tasks.length} tasks × ${config.generators.length} generator(s) × ${config.strategies.length} strategies × ${config.repeats} repeat(s) = ${plan.trials.length} trials, at most ${plan.maxCalls} model calls (before retries)\n`,
    );
    return exitCodes.ok;
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    log('\nstopping: finishing the trials in flight (Ctrl-C again to quit now)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runBenchmark({
      config,
      configData,
      resumeDir: options.resume,
      allowCodeExecution: options.allowCodeExecution ?? false,
      env: process.env,
      log,
      signal: controller.signal,
    });
    process.stdout.write(`${renderTerminalTable(result.report)}\n`);
    process.stdout.write(`reports written to ${result.runDir}\n`);
    if (result.remaining > 0) {
      log(`${result.remaining} trials not run; continue with:\n  bench --resume ${result.runDir}`);
      return exitCodes.failed;
    }
    return exitCodes.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
