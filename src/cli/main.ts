#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isAbsolute, join, relative } from 'node:path';
import { defaultOutputDir } from '../records/run-meta.js';
import { significanceLevel } from '../metrics/statistics.js';
import { DATASET_SPECS } from '../datasets/dataset-spec.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import { parseShard } from '../datasets/select.js';
import { regularExpressionProblem } from '../util/regular-expression.js';
import { SANDBOX_CHOICES } from '../execution/sandbox/sandbox-description.js';
import { packageRoot } from '../package-root.js';
import { selfbenchVersion } from '../version.js';
import { describeError, exitCodeFor, exitCodes } from './exit-codes.js';
import { commandLine } from './invocation.js';

// Each command is imported when it runs: `bench grade` does not pay for the model clients, nor `bench report` for the sandbox.

function shardArgument(value: string): string {
  if (parseShard(value) === undefined) throw new InvalidArgumentError('expected i/n: the i-th of n parts, 1 ≤ i ≤ n (e.g. 2/4)');
  return value;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return number;
}

const asciiHelp = 'draw tables with ASCII only (automatic on the legacy Windows console)';

function regularExpression(value: string): string {
  const problem = regularExpressionProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(`expected a regular expression on task ids: ${problem}`);
  return value;
}

/** The help's examples, as this invocation would type them (`npx bench`, `npm run bench --`, …) from here. */
function examples(): string {
  const config = (name: string) => {
    const path = join(packageRoot, 'configs', name);
    const inside = relative(process.cwd(), path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
  };
  const demo = config('demo.yaml');
  const lines: [string, string][] = [
    [commandLine(['--config', demo]), 'the demo: simulated models, no GPU or model server, under half a minute'],
    [commandLine(['doctor', '--config', config('quickstart.yaml')]), 'check python, the sandbox, Ollama and the model'],
    [commandLine(['--config', config('quickstart.yaml'), '--allow-code-execution']), 'a real run (Ollama, qwen2.5-coder:7b)'],
    [commandLine(['-c', demo, '--filter-pattern', '^py-core/00', '--repeat', '3', '-j', '2', '-o', 'out']), 'tasks 001–009, three seeds each'],
    [commandLine(['view']), `open the latest run's report.html (under ${defaultOutputDir}/)`],
    [`${commandLine(['--resume'])} <run-dir>`, 'continue an interrupted run (a run prints its own command)'],
    [`${commandLine(['-c', demo, '--fail-on-regression'])} <baseline-run-dir>`, 'CI: exit 3 when a strategy does significantly worse'],
    [`${commandLine(['compare'])} <run-a> <run-b>`, 'run B against run A on the same tasks'],
  ];
  return `\nExamples:\n${lines.map(([command, what]) => `  ${command}\n      ${what}`).join('\n')}\n\nExit codes: 0 ok, 1 failed or interrupted, 2 bad usage, config or dataset, 3 --fail-on-regression found one, 130 a second Ctrl-C.`;
}

let exitCode: number = exitCodes.ok;
const setExit = (code: number) => {
  exitCode = code;
};

const program = new Command('bench')
  .description('Do LLM self-improvement techniques make a local model\'s answers better, at what cost, and how much do judges flatter themselves?')
  .version(selfbenchVersion)
  // Subcommands have options of the same name (--allow-code-execution, --out): each parses its own.
  .enablePositionalOptions()
  // Before the subcommands are made, so they inherit it: their usage errors are exit 2 too, not commander's 1.
  .exitOverride()
  .option('-c, --config <file>', 'YAML config of the run')
  .option('--resume <run-dir>', 'continue an interrupted run from the config stored in it')
  .option('--limit <n>', 'use only the first n tasks', positiveInteger)
  .option('--filter-first-n <n>', 'the same as --limit (promptfoo\'s name)', positiveInteger)
  .option('--filter-pattern <regex>', 'only the tasks whose id matches this regular expression (dataset.pattern)', regularExpression)
  .option('--repeat <n>', 'run each trial n times, each repetition with its own seed (the config\'s repeats)', positiveInteger)
  .option('-o, --out <dir>', 'where run directories are written (default: the config\'s output.dir)')
  .option('--shard <i/n>', 'run the i-th of n parts of the tasks (dealt round robin), e.g. one per machine; join them with bench merge', shardArgument)
  .option('-j, --concurrency <n>', 'model calls in flight per endpoint, where a model sets no slots (every trial is in flight; the config\'s trialWindow caps them)', positiveInteger)
  .option('--dry-run', 'print the plan (trials, most model calls) and exit')
  .option('--no-cache', 'reuse no model answer: every call goes to the model (no single flight, no on-disk cache)')
  .option('--allow-code-execution', 'consent to run model-written code on this machine')
  .addOption(new Option('--sandbox <back-end>', 'sandbox back-end (default: the config\'s execution.sandbox, auto)').choices(SANDBOX_CHOICES))
  .option('--ascii', asciiHelp)
  .option('--wide', 'print every column of the results table (iterations, time, tokens; base pass@1 and weak-test false passes), past 100 columns')
  .option('--fail-on-regression <baseline-run-dir>', `after the run, exit 3 when a strategy does significantly worse than in that run on the same tasks (Δ < 0, McNemar p < ${significanceLevel}), listing them; exit 2 before it when the runs could not be compared`)
  .addHelpText('after', examples)
  .action(async ({ filterFirstN, ...options }) => {
    if (filterFirstN !== undefined && options.limit !== undefined && filterFirstN !== options.limit) {
      process.stderr.write('--limit and --filter-first-n are one setting: give one\n');
      return setExit(exitCodes.usage);
    }
    setExit(await (await import('./run-command.js')).runCommand({ ...options, limit: options.limit ?? filterFirstN }));
  });

program
  .command('report <run-dir>')
  .description('re-render every report of a finished run from its records (no model is called)')
  .option('--ascii', asciiHelp)
  .option('--wide', 'print every column of the results table, past 100 columns')
  .action(async (runDir: string, options: { wide?: boolean; ascii?: boolean }) => setExit((await import('./report-command.js')).reportCommand(runDir, options)));

program
  .command('view [run-dir]')
  .description(`open a run's report.html (default: the latest run under ${defaultOutputDir}/); with no display, serve it on 127.0.0.1 and print the address`)
  .option('-o, --out <dir>', 'where to look for the latest run', defaultOutputDir)
  .action(async (runDir: string | undefined, options: { out: string }) => setExit(await (await import('./view-command.js')).viewCommand(runDir, options)));

program
  .command('compare <run-a> <run-b>')
  .description('compare two runs on the same tasks: paired Δ pass@1 with interval and McNemar p')
  .option('--ascii', asciiHelp)
  .action(async (runA: string, runB: string, options) => setExit((await import('./compare-command.js')).compareCommand(runA, runB, options)));

program
  .command('merge <run-dirs...>')
  .description('join the run directories of every shard of one run (--shard i/n) into one run, and write its reports')
  .requiredOption('--out <dir>', 'the merged run directory to create')
  .action(async (runDirs: string[], options: { out: string }) => setExit((await import('./merge-command.js')).mergeCommand(runDirs, options)));

program
  .command('export <run-dir>')
  .description('training data from a run\'s trajectories, as JSONL in TRL\'s plain-string format (no model is called, no code run)')
  .addOption(new Option('--format <format>', 'dpo: {prompt, chosen, rejected} pairs; sft: {prompt, completion} of passing answers').choices(EXPORT_FORMATS).makeOptionMandatory())
  .option('-o, --out <file>', 'where to write (default: <run-dir>/<format>.jsonl)')
  .option('--include-oracle', 'keep trials of strategies fed the hidden tests (oracle), left out by default')
  .action(async (runDir: string, options) => setExit(await (await import('./export-command.js')).exportCommand(runDir, options)));

program
  .command('grade')
  .description('grade completions produced elsewhere ({task_id, completion} JSONL, human-eval format)')
  .requiredOption('--dataset <spec>', DATASET_SPECS)
  .requiredOption('--samples <file>', 'JSONL of {task_id, completion}')
  .option('-o, --out <file>', 'per-sample results (default: <samples>_results.jsonl)')
  .addOption(new Option('-j, --concurrency <n>', 'programs run at once').argParser(positiveInteger).default(2))
  .option('--allow-code-execution', 'consent to run the samples\' code on this machine')
  .addOption(new Option('--sandbox <back-end>', 'sandbox back-end').choices(SANDBOX_CHOICES).default('auto'))
  .action(async (options) => {
    // The interpreter's probe (a process of its own) runs while the command's modules load; its result is kept.
    void (await import('../execution/sandbox/python-interpreter.js')).resolvePythonInstallation().catch(() => undefined);
    setExit(await (await import('./grade-command.js')).gradeCommand(options));
  });

program
  .command('doctor')
  .description('check python, the sandbox, and every endpoint and model of a config')
  .requiredOption('-c, --config <file>', 'YAML config')
  .action(async (options: { config: string }) => setExit(await (await import('./doctor-command.js')).doctorCommand(options.config)));

program
  .command('schema')
  .description('print the config\'s JSON Schema (for editor completion)')
  .action(async () => setExit((await import('./schema-command.js')).schemaCommand()));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; any other parse problem is bad usage.
    exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  } else {
    process.stderr.write(`bench: ${describeError(error)}\n`);
    exitCode = exitCodeFor(error);
  }
}
process.exitCode = exitCode;
