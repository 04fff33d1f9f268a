import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { writeWholeFile } from '../util/whole-file.js';
import { join } from 'node:path';
import type { CallInput, DifferentialTests } from '../datasets/task.js';
import { HARNESS_SOURCE } from './harness/harness.js';
import { callText } from './call-text.js';
import { OracleError } from './oracle-error.js';
import { decodeWire, type PyValue } from './harness/plain-data.js';
import type { CallOutcome, Executor } from './types.js';

/** What the reference did on each input of a task (all suites, in order), and how long each call took. */
export interface Expected {
  /** Its return value; undefined where the input expects an exception (which the reference raised). */
  values: (PyValue | undefined)[];
  /** Its arguments after the call, for the inputs that check them. */
  argumentsAfter: (PyValue | undefined)[];
  ms: number[];
}

/** What the cache file holds: wire forms (null where there is none), decoded again on reading. */
interface StoredExpected {
  values: unknown[];
  argumentsAfter: unknown[];
  ms: number[];
}

/** The reference is trusted code, but a slow one must still end: per input, and in all. */
const REFERENCE_INPUT_LIMIT_MS = 60_000;
const REFERENCE_TIMEOUT_MS = 300_000;


/**
 * Expected values for differential grading: the reference run on the task's inputs, in the sandbox, through
 * an executor of its own. Never through the candidates' executor, whose pool workers relay every result and
 * fork the next attempt from what stays in their memory. Kept in memory per task and on disk under
 * `cacheDir` (keyed by the harness, the reference, the entry point and the inputs), in a file only the user can
 * read, in a directory the sandboxes that isolate the file system do not show.
 */
export class Oracle {
  private readonly pending = new Map<string, Promise<Expected>>();

  constructor(
    private readonly executor: Executor,
    private readonly cacheDir: string | undefined,
  ) {}

  expected(tests: DifferentialTests): Promise<Expected> {
    const key = oracleKey(tests);
    let expected = this.pending.get(key);
    if (expected === undefined) {
      expected = this.load(key, tests);
      this.pending.set(key, expected);
      expected.catch(() => this.pending.delete(key)); // a failure is not kept: the next ask tries again
    }
    return expected;
  }

  /**
   * Calls `entryPoint` of a trusted `program` on each input, through this executor: for checks that need
   * Python's own arithmetic on a candidate's return value (poly-root), run where the candidate is not.
   */
  async evaluate(program: string, entryPoint: string, inputs: readonly CallInput[]): Promise<CallOutcome[]> {
    const result = await this.executor.run({
      program,
      calls: { entryPoint, inputs, inputLimitsMs: inputs.map(() => REFERENCE_INPUT_LIMIT_MS), timeAllowanceMs: 0 },
      limits: { timeoutMs: REFERENCE_TIMEOUT_MS },
    });
    if (result.status === 'infra-error') throw new Error(`the sandbox failed while evaluating a trusted check: ${result.stderr.slice(0, 300)}`);
    return result.calls ?? [];
  }

  private async load(key: string, tests: DifferentialTests): Promise<Expected> {
    const cached = await this.readCache(key);
    const count = tests.suites.reduce((sum, suite) => sum + suite.inputs.length, 0);
    if (cached !== undefined && [cached.values, cached.argumentsAfter, cached.ms].every((list) => list.length === count)) return cached;
    const stored = await this.compute(tests);
    await this.writeCache(key, stored);
    return decodeStored(stored);
  }

  private async compute(tests: DifferentialTests): Promise<StoredExpected> {
    const inputs = tests.suites.flatMap((suite) => suite.inputs);
    const result = await this.executor.run({
      program: tests.reference,
      calls: {
        entryPoint: tests.entryPoint,
        inputs,
        inputLimitsMs: inputs.map(() => REFERENCE_INPUT_LIMIT_MS),
        timeAllowanceMs: 0,
      },
      limits: { timeoutMs: REFERENCE_TIMEOUT_MS },
    });
    if (result.status === 'infra-error') throw new Error(`the sandbox failed while running the reference: ${result.stderr.slice(0, 300)}`);
    const calls = inputs.map((_, index) => result.calls?.[index] ?? { error: `no result: the run ended as ${result.status}` });
    inputs.forEach((input, index) => {
      const problem = referenceProblem(input, calls[index] as CallOutcome);
      if (problem !== undefined) {
        throw new OracleError(`the reference fails on input ${index + 1} of ${inputs.length}, ${callText(tests.entryPoint, input)}: ${problem}`);
      }
    });
    return {
      values: calls.map((call) => call.value ?? null),
      argumentsAfter: calls.map((call) => call.after ?? null),
      ms: calls.map((call) => call.ms ?? 0),
    };
  }

  /** The cached expected values, or undefined when there are none or they cannot be read (computed again then). */
  private async readCache(key: string): Promise<Expected | undefined> {
    if (this.cacheDir === undefined) return undefined;
    const text = await readFile(this.cacheFile(key), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return decodeStored(JSON.parse(text) as StoredExpected);
    } catch {
      return undefined; // a torn or damaged file
    }
  }

  private async writeCache(key: string, stored: StoredExpected): Promise<void> {
    if (this.cacheDir === undefined) return;
    const dir = join(this.cacheDir, 'oracles');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await writeWholeFile(this.cacheFile(key), JSON.stringify(stored), { mode: 0o600 });
  }

  private cacheFile(key: string): string {
    return join(this.cacheDir as string, 'oracles', `${key}.json`);
  }
}

/** Why the reference's call is no expected outcome for its input, or undefined when it is one. */
function referenceProblem(input: CallInput, call: CallOutcome): string | undefined {
  if (input.raises !== undefined) {
    if (call.raised?.includes(input.raises)) return undefined;
    return call.value !== undefined ? `it returns, where the input expects ${input.raises}` : `${call.error ?? 'no result'}, where the input expects ${input.raises}`;
  }
  if (call.value === undefined) return call.error ?? 'no result';
  if (input.checkArguments && call.after === undefined) return 'its arguments after the call did not come back';
  return undefined;
}

function decodeStored(stored: StoredExpected): Expected {
  const decodeOptional = (wire: unknown) => (wire === null ? undefined : decodeWire(wire));
  return { values: stored.values.map(decodeOptional), argumentsAfter: stored.argumentsAfter.map(decodeOptional), ms: stored.ms };
}

const oracleKeys = new WeakMap<DifferentialTests, string>();

/**
 * Changes with anything that could change an expected value, the harness's encoding included. Kept per task's
 * tests: the harness's source alone is tens of kilobytes to hash, and every grade of the task asks.
 */
function oracleKey(tests: DifferentialTests): string {
  let key = oracleKeys.get(tests);
  if (key === undefined) {
    const inputs = tests.suites.flatMap((suite) => suite.inputs);
    key = createHash('sha256').update(JSON.stringify([HARNESS_SOURCE, tests.reference, tests.entryPoint, inputs])).digest('hex');
    oracleKeys.set(tests, key);
  }
  return key;
}
