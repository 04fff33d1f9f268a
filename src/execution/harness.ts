/** File names the process executor writes into each run's work directory. */
export const HARNESS_FILE = 'harness.py';
export const PROGRAM_FILE = 'solution.py';
export const JOB_FILE = 'job.json';
/** File descriptor the harness writes its result records to (a pipe only the parent reads). */
export const RESULT_FD = 3;
/** `index` of the record that reports loading the program; test records use 0..n-1. */
export const PROGRAM_RECORD_INDEX = -1;

/** What the harness reads from `job.json`. */
export interface HarnessJob {
  program: string;
  tests: readonly { name: string; code: string }[];
  limits: { memoryBytes: number; cpuSeconds: number; fileBytes: number };
}

/**
 * The Python side of the process executor, run as `python harness.py job.json` with a
 * per-run nonce as the only line on stdin. It loads the program as module `solution`,
 * runs each test's code in that module's namespace, and after each test completes writes
 * `{"nonce", "index", "name", "ok", "error"?}` as one JSON line to fd 3. The nonce lives
 * only in the reporter's closure, so lines written by user code cannot be taken for results.
 * Kept as a string so it ships inside the compiled JS.
 */
export const HARNESS_SOURCE = String.raw`
import ast
import json
import os
import sys
import types

RESULT_FD = ${RESULT_FD}
PROGRAM_RECORD_INDEX = ${PROGRAM_RECORD_INDEX}
TEST_FILENAME = "<test>"
ERROR_LIMIT = 300
REPR_LIMIT = 120


def main():
    nonce = sys.stdin.readline().strip()
    # User code sees EOF on stdin instead of whatever the parent might still send.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    with open(sys.argv[1], encoding="utf-8") as job_file:
        job = json.load(job_file)
    report = make_reporter(nonce)
    del nonce
    apply_limits(job["limits"])
    namespace, load_error = load_program(job["program"])
    report(PROGRAM_RECORD_INDEX, job["program"], load_error)
    for index, test in enumerate(job["tests"]):
        report(index, test["name"], load_error or run_test(test["code"], namespace))
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass  # user code may have closed or replaced the stream
    # Skip atexit handlers and non-daemon threads the program may have left behind.
    os._exit(0)


def make_reporter(nonce):
    # Bound before user code runs, so patching os.write or json.dumps later changes nothing here.
    write = os.write
    encode = json.JSONEncoder(ensure_ascii=True).encode
    os.set_inheritable(RESULT_FD, False)  # subprocesses of user code never get the result pipe

    def report(index, name, error):
        record = {"nonce": nonce, "index": index, "name": name, "ok": error is None}
        if error is not None:
            record["error"] = error
        write(RESULT_FD, (encode(record) + "\n").encode("utf-8"))

    return report


def apply_limits(limits):
    try:
        import resource
    except ImportError:  # Windows: only the parent's wall-clock timeout applies
        return
    wanted = (
        ("RLIMIT_AS", limits["memoryBytes"]),
        ("RLIMIT_CPU", limits["cpuSeconds"]),
        ("RLIMIT_CORE", 0),
        ("RLIMIT_FSIZE", limits["fileBytes"]),
    )
    for name, value in wanted:
        kind = getattr(resource, name, None)
        if kind is None:
            continue
        hard = resource.getrlimit(kind)[1]
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            # soft == hard, so user code cannot raise it again
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass  # e.g. macOS rejects RLIMIT_AS; the parent's limits still apply


def load_program(path):
    module = types.ModuleType("solution")
    module.__file__ = os.path.abspath(path)
    sys.modules["solution"] = module
    sys.argv = [path]
    try:
        with open(path, encoding="utf-8") as source:
            code = compile(source.read(), path, "exec")
        exec(code, module.__dict__)
    except Exception as error:
        # SystemExit and KeyboardInterrupt propagate on purpose: exiting while loading
        # ends the process without records, which the parent reports as a crash.
        return module.__dict__, describe(error)
    return module.__dict__, None


def run_test(source, namespace):
    try:
        exec(compile(source, TEST_FILENAME, "exec"), namespace)
    except BaseException as error:  # SystemExit or KeyboardInterrupt from a test is a failure too
        return describe(error, source)
    return None


def describe(error, test_source=None):
    detail = ""
    if isinstance(error, AssertionError) and test_source is not None:
        detail = explain_assertion(error, test_source)
    return trim("AssertionError: " + detail if detail else exception_line(error), ERROR_LIMIT)


def exception_line(error):
    text = safe_str(error)
    return type(error).__name__ + (": " + text if text else "")


def explain_assertion(error, source):
    """'expected <repr>, got <repr>' for 'assert got == expected', else the failing statement (and message)."""
    frame, lineno = innermost_test_frame(error.__traceback__)
    statement = assert_statement_at(source, lineno)
    if statement is not None:
        comparison = statement.test
        if isinstance(comparison, ast.Compare) and len(comparison.ops) == 1 and isinstance(comparison.ops[0], ast.Eq):
            try:
                # Re-evaluated in the failing frame, so a stateful candidate may differ from the first call.
                got = evaluate(comparison.left, frame)
                expected = evaluate(comparison.comparators[0], frame)
                return "expected " + trim(repr(expected), REPR_LIMIT) + ", got " + trim(repr(got), REPR_LIMIT)
            except BaseException:
                pass
        failing = ast.get_source_segment(source, statement) or ""
    else:
        lines = source.splitlines()
        failing = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    message = safe_str(error)
    failing = " ".join(failing.split())
    if message and failing:
        return message + " (at: " + failing + ")"
    return message or failing


def innermost_test_frame(traceback):
    frame, lineno = None, 0
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == TEST_FILENAME:
            frame, lineno = traceback.tb_frame, traceback.tb_lineno
        traceback = traceback.tb_next
    return frame, lineno


def assert_statement_at(source, lineno):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.lineno <= lineno <= (node.end_lineno or node.lineno):
            return node
    return None


def evaluate(expression, frame):
    code = compile(ast.Expression(body=expression), TEST_FILENAME, "eval")
    return eval(code, frame.f_globals, frame.f_locals)


def safe_str(value):
    try:
        return str(value)
    except BaseException:
        return ""


def trim(text, limit):
    return text if len(text) <= limit else text[: limit - 3] + "..."


main()
`;
