/**
 * A benchmark task, split so that what a strategy may see (`TaskView`) and what only
 * the grader may see (`HiddenTests`) are different objects. Strategies receive a
 * `TaskView` and nothing else, so reading hidden tests from a strategy is a type error,
 * and at run time the object they hold has no path to them.
 */
export type Language = 'python';

/** `code`: graded by hidden tests. `open`: no tests, judged only, left out of pass@1. */
export type TaskKind = 'code' | 'open';

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

export interface HiddenTests {
  /** All must pass for the attempt to pass. */
  readonly tests: readonly TestCase[];
  /** A complete program (prompt plus canonical body) that passes `tests`. */
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
