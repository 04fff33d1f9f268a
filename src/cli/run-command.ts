import { join } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { readConfigData, validateConfig } from '../config/load.js';
import { usesAscii } from '../platform/console.js';
import { renderTerminalTable } from '../report/terminal-table.js';
import { writeReports } from '../report/write-reports.js';
import { resumeDifferences } from '../run/resume-check.js';
import { planBenchmark, runBenchmark } from '../run/run-benchmark.js';
import { runConfigFileName } from '../records/run-meta.js';
import { configNotices } from '../config/notices.js';
import { applyOverrides, type ConfigOverrides } from './config-overrides.js';
import { exitCodes } from './exit-codes.js';

export interface RunCommandOptions extends ConfigOverrides {
  config?: string;
  resume?: string;
  dryRun?: boolean;
  allowCodeExecution?: boolean;
  /** Draw the results table in ASCII. */
  ascii?: boolean;
}

/** After the first Ctrl-C, how long trials in flight may take to finish before their calls are cancelled. */
const gracePeriodMs = 30_000;

/** `bench --config x.yaml` and `bench --resume <run-dir> [--config x.yaml]`. Returns the exit code. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!options.config && !options.resume) {
    log('nothing to run: give --config <file> (or --resume <run-dir>); see bench --help');
    return exitCodes.usage;
  }
  const configData = await effectiveConfig(options, log);
  const config = validateConfig(configData);

  if (options.dryRun) {
    const plan = await planBenchmark(config);
    process.stdout.write(
      `${config.name}: ${plan.dataset.tasks.length} tasks × ${config.generators.length} generator(s) × ${config.strategies.length} strategies × ${config.repeats} repeat(s) = ${plan.trials.length} trials, at most ${plan.maxCalls} model calls (before retries)\n`,
    );
    return exitCodes.ok;
  }

  const stop = new AbortController();
  const cancel = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) {
      log('stopped at once; every finished trial is on disk');
      process.exit(130);
    }
    log(`\nstopping: no new trials; those in flight get ${gracePeriodMs / 1000} s to finish (Ctrl-C again to quit now)`);
    stop.abort();
    setTimeout(() => cancel.abort(), gracePeriodMs).unref();
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
      stop: stop.signal,
      signal: cancel.signal,
    });
    // Written from the records on disk, as `bench report` writes them: the runner knows no reporter.
    const report = writeReports(result.runDir);
    process.stdout.write(`${renderTerminalTable(report, { ascii: usesAscii(options.ascii) })}\n`);
    process.stdout.write(`reports written to ${result.runDir}\n`);
    if (result.stoppedEarly) log(result.stoppedEarly);
    if (result.remaining > 0 || result.unasked > 0) {
      const missing = [`${result.remaining} trials not run`, ...(result.unasked > 0 ? [`${result.unasked} self-recognition questions not asked`] : [])];
      log(`${missing.join(', ')}; continue with:\n  bench --resume ${result.runDir}`);
      return exitCodes.failed;
    }
    return exitCodes.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * The config a run uses. A resumed run keeps the one stored in it; a `--config` given
 * with `--resume` may change only how fast it runs and where it writes.
 */
async function effectiveConfig(options: RunCommandOptions, log: (line: string) => void): Promise<unknown> {
  if (!options.resume) {
    const data = await readConfigData(options.config as string);
    for (const notice of configNotices(data)) log(notice);
    return applyOverrides(data, options);
  }
  const stored = await readConfigData(join(options.resume, runConfigFileName));
  if (!options.config) return applyOverrides(stored, speedSettings(options));
  const given = applyOverrides(await readConfigData(options.config), { limit: options.limit, shard: options.shard });
  validateConfig(given);
  const differences = resumeDifferences(stored, given);
  if (differences.length > 0) {
    throw new ConfigError([`--config differs from the run in ${options.resume} in ways that would mix incomparable trials:`, ...differences.map((line) => `  ${line}`)]);
  }
  // Equal but for speed settings, so the given config is the run's own with new speeds.
  return applyOverrides(given, speedSettings(options));
}

/** What a resumed run may change: how fast it runs, its cache, its sandbox. */
function speedSettings({ concurrency, cache, sandbox }: RunCommandOptions): ConfigOverrides {
  return { concurrency, cache, sandbox };
}
