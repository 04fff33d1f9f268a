import { join } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { readConfigData, validateConfig } from '../config/load.js';
import { hasCodeExecutionConsent } from '../execution/sandbox/consent.js';
import { RunConsole } from '../run/progress.js';
import { resumeDifferences } from '../run/resume-check.js';
import { planBenchmark, runBenchmark } from '../run/run-benchmark.js';
import { plannedOutline } from '../run/plan.js';
import { runConfigFileName } from '../records/run-meta.js';
import { configNotices } from '../config/notices.js';
import { applyOverrides, type ConfigOverrides } from './config-overrides.js';
import { exitCodes } from './exit-codes.js';
import { commandLine } from './invocation.js';
import { printReports } from './print-reports.js';
import { checkRegressions, incomparableBaseline } from './regression-gate.js';
import { runDirProblem } from '../run/run-dir.js';

export interface RunCommandOptions extends ConfigOverrides {
  config?: string;
  resume?: string;
  dryRun?: boolean;
  allowCodeExecution?: boolean;
  /** Draw the results table in ASCII. */
  ascii?: boolean;
  wide?: boolean;
  /** A baseline run directory: exit 3 when a strategy does significantly worse than there. */
  failOnRegression?: string;
}

/** After the first Ctrl-C, how long trials in flight may take to finish before their calls are cancelled. */
const gracePeriodMs = 30_000;

/** `bench --config x.yaml` and `bench --resume <run-dir> [--config x.yaml]`. Returns the exit code. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const terminal = new RunConsole();
  const { log } = terminal;
  if (!options.config && !options.resume) {
    log(`nothing to run: give --config <file> (or --resume <run-dir>); see ${commandLine(['--help'])}`);
    return exitCodes.usage;
  }
  const runDirProblems = [
    ...(options.resume === undefined ? [] : [runDirProblem('--resume', options.resume)]),
    ...(options.failOnRegression === undefined ? [] : [runDirProblem('--fail-on-regression', options.failOnRegression)]),
  ].filter((problem) => problem !== undefined);
  if (runDirProblems.length > 0) {
    for (const problem of runDirProblems) log(problem);
    return exitCodes.usage;
  }
  const configData = await effectiveConfig(options, log);
  const config = validateConfig(configData);

  const plan = await planBenchmark(config);
  // Before any work (and before the dry run says the plan is fine): a baseline this run could not be compared with.
  const baselineRefusal = options.failOnRegression === undefined ? undefined : incomparableBaseline(options.failOnRegression, plannedOutline(plan.dataset, plan.trials));
  if (baselineRefusal !== undefined) {
    log(baselineRefusal);
    return exitCodes.usage;
  }

  if (options.dryRun) {
    process.stdout.write(
      `${config.name}: ${plan.dataset.tasks.length} tasks × ${config.generators.length} generator(s) × ${config.strategies.length} strategies × ${config.repeats} repeat(s) = ${plan.trials.length} trials, at most ${plan.maxCalls} model calls (before retries)\n`,
    );
    return exitCodes.ok;
  }

  // What continuing needs besides the run directory: consent given on this command line or in the environment is not
  // stored in the run (consent in the config is), and the run's other settings are.
  const consentFlag = hasCodeExecutionConsent({ flag: options.allowCodeExecution ?? false, config: false, env: process.env }) && !config.execution.allowUntrustedCode;
  const resumeCommand = (runDir: string) => commandLine(['--resume', runDir, ...(consentFlag ? ['--allow-code-execution'] : [])]);
  let runDir = options.resume;
  const stop = new AbortController();
  const cancel = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) {
      terminal.end();
      log(`stopped at once; every finished trial is on disk${runDir ? `; continue with:\n  ${resumeCommand(runDir)}` : ''}`);
      process.exit(exitCodes.interrupted);
    }
    log(`stopping: no new trials; those in flight get ${gracePeriodMs / 1000} s to finish (Ctrl-C again to quit now)`);
    stop.abort();
    setTimeout(() => cancel.abort(), gracePeriodMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runBenchmark({
      config,
      plan,
      configData,
      resumeDir: options.resume,
      allowCodeExecution: options.allowCodeExecution ?? false,
      env: process.env,
      log,
      progress: (total, done) => terminal.progress(total, done),
      onRunDir: (dir) => (runDir = dir),
      stop: stop.signal,
      signal: cancel.signal,
    });
    // Written from the records on disk, as `bench report` writes them: the runner knows no reporter.
    printReports(result.runDir, { wide: options.wide, ascii: options.ascii });
    if (result.stoppedEarly) log(`${result.stoppedEarly}; check the server with:\n  ${commandLine(['doctor', '--config', options.config ?? join(result.runDir, runConfigFileName)])}`);
    if (result.remaining > 0 || result.unasked > 0) {
      const missing = [`${result.remaining} trials not run`, ...(result.unasked > 0 ? [`${result.unasked} self-recognition questions not asked`] : [])];
      log(`${missing.join(', ')}; continue with:\n  ${resumeCommand(result.runDir)}`);
      return exitCodes.failed;
    }
    return options.failOnRegression === undefined ? exitCodes.ok : checkRegressions(options.failOnRegression, result.runDir, { ascii: options.ascii });
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
  if (!options.config) {
    // Without a config to check them against, flags that choose trials would be dropped in silence: refuse them.
    const chosen = Object.entries(planSettings(options)).filter(([, value]) => value !== undefined);
    if (chosen.length > 0) {
      throw new ConfigError([`--resume keeps the run's own trials: ${chosen.map(([flag]) => flagNames[flag as keyof typeof flagNames]).join(', ')} can be given only with --config, to be checked against the run`]);
    }
    return applyOverrides(stored, speedSettings(options));
  }
  const given = applyOverrides(await readConfigData(options.config), planSettings(options));
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

/** The flags that choose the trials, as a user types them. */
const flagNames = { limit: '--limit', filterPattern: '--filter-pattern', repeat: '--repeat', shard: '--shard' } as const;

/** The flags that choose the trials: given with `--resume --config`, they must choose the run's own. */
function planSettings({ limit, filterPattern, repeat, shard }: RunCommandOptions): ConfigOverrides {
  return { limit, filterPattern, repeat, shard };
}
