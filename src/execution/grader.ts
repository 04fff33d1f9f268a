import { createHash } from 'node:crypto';
import type { AssertTests, CallArguments, CallInput, DifferentialTests, HiddenGrading, Task, TestCase } from '../datasets/task.js';
import type { Grade, SuiteResult } from '../records/record.js';
import { Semaphore } from '../util/semaphore.js';
import { behaviourOf, type Behaviour } from './behaviour.js';
import { argumentsText, callText } from './call-text.js';
import { harnessFile } from './harness/harness-files.js';
import { OracleError } from './oracle-error.js';
import type { Oracle } from './oracle.js';
import { mismatch, polyRootArgument, polyRootMismatch } from './output-comparison.js';
import { decodeWire, pyRepr, WireError, type PyValue } from './harness/plain-data.js';
import type { CallOutcome, ExecutionLimits, ExecutionRequest, ExecutionResult, Executor, TestRequest } from './types.js';
import type { TestOutcome } from '../records/outcome.js';

/** Runs a program against tests, or calls it on inputs. What a strategy's context holds: it can run tests and inputs it has, nothing more. */
export interface TestRunner {
  run(program: string, tests: readonly TestCase[]): Promise<ExecutionResult>;
  /** The program's entry point called on each input, nothing expected of it: what each call did. */
  behaviour(program: string, entryPoint: string, inputs: readonly CallArguments[]): Promise<Behaviour>;
}

export interface GraderOptions {
  /** Over the executor's own defaults. */
  limits?: Partial<ExecutionLimits>;
  /** Programs run at once. */
  concurrency?: number;
  /** Expected values for differential grading; without it, a task graded that way is an error. */
  oracle?: Oracle;
}

/** EvalPlus' way of timing each input: a multiple of the reference's time on it, and at least a floor. */
const INPUT_TIME_FACTOR = 4;
const MIN_INPUT_LIMIT_MS = 1000;

/** Statuses that say the run did not end normally: a grade keeps them, whatever the inputs reported before. */
const ABNORMAL = new Set<ExecutionResult['status']>(['timeout', 'memory', 'output-limit', 'crashed', 'infra-error']);

/**
 * Grades programs against a task's hidden tests; with the dataset loaders, the only reader of `Task.hidden`.
 * Differential tasks: the program is called on each input in the sandbox and its return values are compared
 * here, outside its process, with the reference's (oracle.ts, output-comparison.ts). Assert-style tasks: the
 * tests run in a process of their own that calls the program's entry point over a pipe (isolated_tests.py). Grades are memoized by content, so a program that several strategies or
 * attempts produce is run once per task.
 */
export class Grader implements TestRunner {
  private readonly runs = new Map<string, Promise<ExecutionResult>>();
  private readonly behaviours = new Map<string, Promise<Behaviour>>();
  private readonly grades = new Map<string, Promise<Grade>>();
  private readonly slots: Semaphore;

  constructor(
    private readonly executor: Executor,
    private readonly options: GraderOptions = {},
  ) {
    this.slots = new Semaphore(options.concurrency ?? 2);
  }

  get sandbox(): string {
    return this.executor.sandbox;
  }

  run(program: string, tests: readonly TestCase[]): Promise<ExecutionResult> {
    return memoized(this.runs, [program, tests], () => this.execute({ program, tests }));
  }

  behaviour(program: string, entryPoint: string, inputs: readonly CallArguments[]): Promise<Behaviour> {
    return memoized(this.behaviours, [program, entryPoint, inputs], async () => {
      // No reference to time the inputs against: each gets the floor differential grading gives the fastest.
      const limits = inputs.map(() => MIN_INPUT_LIMIT_MS);
      const plan = { entryPoint, inputs, inputLimitsMs: limits, timeAllowanceMs: limits.reduce((sum, ms) => sum + ms, 0) };
      return behaviourOf(await this.execute({ program, calls: plan }), inputs.length);
    });
  }

  grade(task: Task, program: string | null): Promise<Grade> {
    if (program === null) return Promise.resolve({ status: 'no-code', passed: false, tests: [], durationMs: 0, method: task.hidden.grading.style });
    const grading = task.hidden.grading;
    if (grading.style === 'differential') return memoized(this.grades, [program, gradingKey(grading)], () => this.gradeDifferential(grading, program));
    // The tests run beside the program, on the prompt's own definitions, calling its entry point over a pipe.
    const isolated = task.view.entryPoint === undefined ? undefined : { prompt: task.view.prompt, entryPoint: task.view.entryPoint };
    return memoized(this.grades, [program, gradingKey(grading), isolated], () => this.gradeAsserts(grading, program, isolated));
  }

  /** Expected values of every differential task, so that a reference that fails is found before any trial runs. */
  async prepare(tasks: readonly Task[]): Promise<void> {
    const differential = tasks.filter((task) => task.hidden.grading.style === 'differential');
    await Promise.all(
      differential.map((task) =>
        this.requireOracle()
          .expected(task.hidden.grading as DifferentialTests)
          .catch((error: unknown) => {
            throw error instanceof OracleError ? new OracleError(`${task.view.id}: ${error.message}`) : error;
          }),
      ),
    );
  }

  private async gradeAsserts(tests: AssertTests, program: string, isolated: TestRequest['isolated']): Promise<Grade> {
    const result = await this.execute({ program, tests: tests.tests, ...(isolated === undefined ? {} : { isolated }) });
    return {
      status: result.status,
      passed: result.status === 'passed',
      tests: result.tests,
      durationMs: result.durationMs,
      ...(result.rerunAfterTimeout ? { rerunAfterTimeout: true } : {}),
      method: 'asserts',
    };
  }

  private async gradeDifferential(tests: DifferentialTests, program: string): Promise<Grade> {
    const oracle = this.requireOracle();
    const expected = await oracle.expected(tests);
    const inputs = tests.suites.flatMap((suite) => suite.inputs);
    const budgets = expected.ms.map((ms) => INPUT_TIME_FACTOR * ms);
    const result = await this.execute({
      program,
      calls: {
        entryPoint: tests.entryPoint,
        inputs,
        inputLimitsMs: budgets.map((ms) => Math.max(MIN_INPUT_LIMIT_MS, Math.ceil(ms))),
        timeAllowanceMs: Math.ceil(budgets.reduce((sum, ms) => sum + ms, 0)),
      },
    });
    const outputs = inputs.map((_, position) => returnedValue(result, position));
    const residuals = tests.comparison === 'poly-root' ? await polyResiduals(oracle, inputs, outputs) : [];
    const problemAt = (position: number): string | undefined => {
      const input = inputs[position]!;
      const call = result.calls?.[position];
      return (input.raises === undefined ? returnProblem(position) : raisedMismatch(call, input.raises)) ?? argumentsProblem(position, call);
    };
    const returnProblem = (position: number): string | undefined => {
      const output = outputs[position]!;
      if (typeof output === 'string') return output;
      if (tests.comparison === 'poly-root') return polyRootMismatch(output, residuals[position], tests.atol);
      return mismatch(output, expected.values[position]!, tests);
    };
    const argumentsProblem = (position: number, call: CallOutcome | undefined): string | undefined => {
      const reference = expected.argumentsAfter[position];
      if (!inputs[position]!.checkArguments || reference === undefined) return undefined;
      const after = decodedWire(call?.after);
      if (typeof after === 'string') return `its arguments after the call: ${after}`;
      const problem = mismatch(after, reference, tests);
      return problem === undefined ? undefined : `it changed its arguments: ${problem}`;
    };

    const suites: SuiteResult[] = [];
    const outcomes: TestOutcome[] = [];
    let offset = 0;
    for (const suite of tests.suites) {
      let passedInputs = 0;
      let firstFailure: string | undefined;
      suite.inputs.forEach((input, index) => {
        const problem = problemAt(offset + index);
        if (problem === undefined) passedInputs++;
        else firstFailure ??= `input ${index + 1} of ${suite.inputs.length}, ${callText(tests.entryPoint, input)}: ${problem}`;
      });
      offset += suite.inputs.length;
      const passed = passedInputs === suite.inputs.length;
      suites.push({ name: suite.name, passed, inputs: suite.inputs.length, passedInputs });
      outcomes.push({ name: suite.name, passed, ...(firstFailure === undefined ? {} : { error: firstFailure }) });
    }
    const passed = suites.every((suite) => suite.passed) && !ABNORMAL.has(result.status);
    return {
      status: ABNORMAL.has(result.status) ? result.status : passed ? 'passed' : 'failed',
      passed,
      tests: outcomes,
      durationMs: result.durationMs,
      ...(result.rerunAfterTimeout ? { rerunAfterTimeout: true } : {}),
      method: 'differential',
      suites,
    };
  }

  private execute(request: ExecutionRequest): Promise<ExecutionResult> {
    return this.slots.run(() => this.executor.run({ ...request, limits: { ...this.options.limits, ...request.limits } }));
  }

  private requireOracle(): Oracle {
    if (this.options.oracle === undefined) throw new Error('differential grading needs an oracle (expected values from the reference)');
    return this.options.oracle;
  }
}

/** The value the call at `position` returned, or why there is none (an error, no result, an unreadable value). */
function returnedValue(result: ExecutionResult, position: number): PyValue | string {
  const call = result.calls?.[position];
  if (call?.value === undefined) return call?.error ?? 'no result';
  return decodedWire(call.value);
}

function decodedWire(wire: unknown): PyValue | string {
  if (wire === undefined) return 'no value came back';
  try {
    return decodeWire(wire);
  } catch (error) {
    if (error instanceof WireError) return `the value could not be read (${error.message})`;
    throw error;
  }
}

/** An input that expects an exception passes when the call raised that builtin class (or a subclass of it). */
function raisedMismatch(call: CallOutcome | undefined, expected: string): string | undefined {
  if (call?.raised?.includes(expected)) return undefined;
  if (call?.value === undefined) return `${call?.error ?? 'no result'}, expected ${expected} to be raised`;
  const returned = decodedWire(call.value);
  return `returned ${typeof returned === 'string' ? 'a value' : pyRepr(returned)}, expected ${expected} to be raised`;
}

const POLY_ROOT_PROGRAM = harnessFile('poly_root.py');

/** |poly(xs, x)| for each real x a candidate returned, computed by Python beside the reference, not in the candidate's process. */
async function polyResiduals(oracle: Oracle, inputs: readonly CallInput[], outputs: readonly (PyValue | string)[]): Promise<(PyValue | string | undefined)[]> {
  const asked: number[] = [];
  const calls: CallInput[] = [];
  outputs.forEach((output, position) => {
    const x = typeof output === 'string' ? undefined : polyRootArgument(output);
    if (x === undefined) return;
    asked.push(position);
    calls.push({ format: 'json', args: `[${argumentsText(inputs[position] as CallInput)}, ${x}]` });
  });
  const residuals: (PyValue | string | undefined)[] = [];
  if (calls.length === 0) return residuals;
  const outcomes = await oracle.evaluate(POLY_ROOT_PROGRAM, 'poly_residual', calls);
  asked.forEach((position, index) => {
    const outcome = outcomes[index];
    residuals[position] = outcome?.value === undefined ? (outcome?.error ?? 'no result') : decodeWire(outcome.value);
  });
  return residuals;
}

/** A task's tests hashed once: a HumanEval+ task has hundreds of inputs. */
const gradingKeys = new WeakMap<HiddenGrading, string>();

function gradingKey(grading: HiddenGrading): string {
  let key = gradingKeys.get(grading);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(grading)).digest('hex');
    gradingKeys.set(grading, key);
  }
  return key;
}

/** One promise per content; an infrastructure failure is not a property of the program, so it is not kept. */
function memoized<T extends { status: string }>(cache: Map<string, Promise<T>>, content: unknown, make: () => Promise<T>): Promise<T> {
  const key = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = make();
    cache.set(key, pending);
    pending.then((value) => value.status === 'infra-error' && cache.delete(key)).catch(() => cache.delete(key));
  }
  return pending;
}
