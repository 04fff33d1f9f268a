import type { CallArguments } from '../../datasets/task.js';
import type { LandlockRules } from '../types.js';
import { harnessFile } from './harness-files.js';

/** The program's file in each run's work directory: the only file there besides what the program writes. */
export const PROGRAM_FILE = 'solution.py';
/** File descriptor the harness writes its result records to (a pipe only the parent reads). */
export const RESULT_FD = 3;
/** `index` of the record that reports loading the program; test records use 0..n-1. */
export const PROGRAM_RECORD_INDEX = -1;
/** A test's or call's error where the harness wrote no record for it. */
export const NO_RESULT = 'no result (process ended early)';

/**
 * Assert-style: each test's code runs in the program's namespace; or, `isolated`, in a process of its own on the
 * prompt's definitions, calling the program's entry point over a pipe (harness/isolated_tests.py).
 */
interface AssertJob {
  mode: 'asserts';
  tests: readonly { name: string; code: string }[];
  isolated?: { prompt: string; entryPoint: string };
}

/**
 * Differential grading: the entry point is called on each input, each within its own time limit (calls.py);
 * with `returnArguments`, each call's arguments as they are afterwards go back too.
 */
interface CallsJob {
  mode: 'calls';
  entryPoint: string;
  inputs: readonly CallArguments[];
  inputLimitsMs: readonly number[];
  returnArguments: boolean;
}

/**
 * What the harness is told on its stdin, after the nonce line: one JSON line, read before the program loads.
 * Nothing of it is written to the work directory.
 */
export type HarnessJob = (AssertJob | CallsJob) & {
  program: string;
  limits: { memoryBytes: number; cpuSeconds: number; fileBytes: number; openFiles: number; processes: number };
  /** Set when selfbench runs as root: the uid/gid user code runs as. */
  runAs?: { uid: number; gid: number };
  /** The `process` back-end's file system, where the kernel has Landlock (harness/landlock.py). */
  landlock?: LandlockRules;
};

/**
 * The Python side of every executor back-end: harness/harness.py (its docstring says how it works), after the
 * files and constants it uses. Nothing of another language stays in this file.
 */
export const HARNESS_SOURCE = [
  harnessFile('linux_calls.py'),
  harnessFile('landlock.py'),
  harnessFile('system_calls.py'),
  harnessFile('calls.py'),
  harnessFile('channel.py'),
  harnessFile('site_packages.py'),
  harnessFile('isolated_tests.py'),
  harnessFile('program_server.py'),
  // A JSON string is a Python string literal with the same value, a JSON object a dict display.
  `HARNESS_CONSTANTS = ${JSON.stringify({ resultFd: RESULT_FD, programRecordIndex: PROGRAM_RECORD_INDEX })}`,
  harnessFile('harness.py'),
].join('\n');

/** The single run's argument that has it fork the program's process before it reads the job (harness.py's `main`). */
export const PROGRAM_SERVER_ARGUMENT = 'program-server';

/** What a single run executes (`pythonArguments`): the harness's `main`. */
export const HARNESS_SCRIPT = `${HARNESS_SOURCE}\nimport json, sys\nharness(json.loads(sys.argv[1])).main(sys.argv[2:] == [${JSON.stringify(PROGRAM_SERVER_ARGUMENT)}])\n`;

/**
 * The job runs its tests isolated (isolated_tests.py): the harness forks the program's process before it reads the
 * job, which that process must never have held, so it is told apart from the job (an argument, a pool command's field).
 */
export function needsProgramServer(job: HarnessJob): boolean {
  return job.mode === 'asserts' && job.isolated !== undefined;
}

/**
 * How selfbench starts the sandbox's Python on a script (its source, or a file of its bytecode): without site.py,
 * the installation's site-packages passed as the script's first argument (harness/site_packages.py says why), then
 * `rest`.
 */
export function pythonArguments(script: string | { bytecodeFile: string }, sitePackages: readonly string[], ...rest: string[]): string[] {
  return ['-S', ...(typeof script === 'string' ? ['-c', script] : [script.bytecodeFile]), JSON.stringify(sitePackages), ...rest];
}
