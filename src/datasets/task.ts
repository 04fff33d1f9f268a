/**
 * A benchmark task, split so that what a strategy may see (`TaskView`) and what only
 * the grader may see (`HiddenTests`) are different objects. Strategies receive a
 * `TaskView` and nothing else, so reading hidden tests from a strategy is a type error,
 * and at run time the object they hold has no path to them.
 */
import type { GradingStyle, SuiteName, TaskKind } from '../records/lists.js';

export type Language = 'python';

/** One runnable test: Python source executed in the program's namespace after the program itself. */
export interface TestCase {
  name: string;
  code: string;
}

/** Where a task's visible tests came from; `none` is recorded, not hidden. */
export type VisibleTestSource = 'dataset' | 'docstring' | 'none';

export interface TaskView {
  readonly id: string;
  readonly kind: TaskKind;
  readonly language: Language;
  /** What the model is asked: for code tasks the signature and docstring (HumanEval style). */
  readonly prompt: string;
  /** Function the tests call; absent for open tasks. */
  readonly entryPoint?: string;
  /** Examples a strategy may run as feedback. */
  readonly visibleTests: readonly TestCase[];
  readonly visibleTestSource: VisibleTestSource;
}

/**
 * One call's arguments as source text the sandbox decodes into plain data: `python`, a Python literal tuple
 * (`([1, 2], 3)`, read with `ast.literal_eval`); `json`, a JSON array (`[[1, 2], 3]`), read with Python's own
 * `json`, so that `1.0` stays a float.
 */
export interface CallArguments {
  format: 'python' | 'json';
  args: string;
}

/**
 * An input of differential grading: the arguments, and what its tests expect of the call beyond its return
 * value. Only the arguments enter the sandbox (attempt.ts); the rest stays with the grader.
 */
export interface CallInput extends CallArguments {
  /** The call must raise this builtin exception class (a subclass counts, as in `except ValueError:`), as the reference does. */
  raises?: string;
  /** The arguments must be as the reference leaves them after the call (e.g. a test that the input list is not modified). */
  checkArguments?: true;
}

export interface InputSuite {
  name: SuiteName;
  inputs: readonly CallInput[];
}

/**
 * How return values are compared with the reference's, the EvalPlus way: `equal` (Python `==`, then within
 * `atol` for floats); `poly-root` (HumanEval/32, `find_zero`: the answer is right when |poly(xs, x)| ≤ atol).
 */
export type OutputComparison = 'equal' | 'poly-root';

/**
 * Differential grading: the candidate is called on each input in the sandbox and returns plain data; the
 * reference's return values on the same inputs are the expected ones, and the comparison happens outside
 * the candidate's process. Nothing hidden enters the sandbox but the inputs.
 */
export interface DifferentialTests {
  readonly style: Extract<GradingStyle, 'differential'>;
  readonly entryPoint: string;
  /** A complete program whose entry point's return values are the expected ones. */
  readonly reference: string;
  readonly suites: readonly InputSuite[];
  /** Absolute tolerance for float outputs (0: EvalPlus' 1e-6 where the expected value is a float). */
  readonly atol: number;
  readonly comparison: OutputComparison;
}

/**
 * Assert-style grading: the dataset's test code decides. As hidden tests it runs in a process of its own, on the
 * prompt's definitions, calling the program's entry point in the program's process over a pipe
 * (harness/isolated_tests.py); strategies' feedback runs it in the program's process. Reports label results
 * graded this way: such tests are often weaker than inputs compared with a reference.
 */
export interface AssertTests {
  readonly style: Extract<GradingStyle, 'asserts'>;
  /** All must pass for the attempt to pass. */
  readonly tests: readonly TestCase[];
}

export type HiddenGrading = DifferentialTests | AssertTests;

export interface HiddenTests {
  readonly grading: HiddenGrading;
  /** A complete program (prompt plus canonical body) that passes the tests. */
  readonly reference?: string;
}

export interface Task {
  readonly view: TaskView;
  readonly hidden: HiddenTests;
}

export interface Dataset {
  /** The spec it was loaded from, e.g. `builtin:py-core`. */
  readonly source: string;
  /** sha256 of the loaded content, recorded in the run so results name their data. */
  readonly sha256: string;
  readonly tasks: readonly Task[];
}
