"""The Python side of every executor back-end (see harness.ts, which puts calls.py, channel.py,
site_packages.py, isolated_tests.py, program_server.py and HARNESS_CONSTANTS in front of this file). One
function, `harness(site_packages)`, returns its entry points: `main` for a single run (`python -S -c
HARNESS_SCRIPT <site-packages> [program-server]` with a per-run nonce and the job as two lines on stdin), and the
pieces a pool worker (zygote.py) runs in each attempt it forks. On
Linux `main` first forks: the parent stays behind as a subreaper that kills whatever the worker leaves behind
(even processes that called setsid), and as root keeps the privileges user code loses. The worker forks the
program's process of isolated assert-style grading if the job needs one (`program-server`: program_server.py),
then reads its job; `run_job`
switches to `runAs`, sets the resource limits, loads the program as module `solution`, then either runs each
test's code in that module's namespace (assert-style feedback), runs the hidden tests isolated
(isolated_tests.py), or calls the entry point on each input (differential, calls.py), and after each test or
call writes `{"nonce", "index", "name", "ok", "error"?, "value"?, "ms"?, "raised"?, "after"?, "timedOut"?}` as one JSON line
to fd 3. The nonce lives only in the reporter's closure, so lines written by user code cannot be taken for
results; everything is nested in one function, so user code that imports `__main__` finds nothing to patch. (A
program that walks the interpreter's frames or heap can still find the nonce in the tests it shares a process
with, which only strategies' feedback does: differential grading compares outside, and isolated assert-style
grading runs the tests where the program is not.)"""


def harness(site_packages):
    import ast
    import json
    import os
    import signal
    import sys
    import types

    use_site_packages(site_packages)

    RESULT_FD = HARNESS_CONSTANTS["resultFd"]
    PROGRAM_RECORD_INDEX = HARNESS_CONSTANTS["programRecordIndex"]
    TEST_FILENAME = "<test>"
    ERROR_LIMIT = 300
    REPR_LIMIT = 120
    PR_SET_PDEATHSIG = 1
    PR_GET_PDEATHSIG = 2
    PR_SET_DUMPABLE = 4
    PR_SET_CHILD_SUBREAPER = 36
    PR_SET_NO_NEW_PRIVS = 38
    # Bound before user code runs: replacing builtins.exec or compile later cannot skip a test.
    run_code = exec
    compile_code = compile
    calls = calls_runner()
    run_calls = calls.run_calls
    run_isolated = isolated_tests_runner(calls)
    fork_program_server = program_server(calls, open_channel)

    def main(with_program_server):
        # A descriptor inherited from whatever started selfbench could reach files the sandbox hides.
        os.closerange(RESULT_FD + 1, os.sysconf("SC_OPEN_MAX"))
        prctl = load_prctl()
        if prctl is not None:
            supervise(prctl)  # returns in the forked worker only; the supervisor never reads the job
        server = start_program_server(prctl) if with_program_server else None
        data = sys.stdin.buffer.read()
        close_stdin()
        nonce, job = parse_request(data)
        run_job(job, nonce, prctl, server=server)

    def parse_request(data):
        """The nonce and the job from what the harness is handed: the nonce's line, then the job's."""
        nonce, job = data.split(b"\n", 1)
        return nonce.decode("ascii"), json.loads(job)

    def close_stdin():
        """User code sees EOF on stdin instead of whatever the parent might still send."""
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)

    def start_program_server(prctl):
        """Forks the program's process of isolated grading, where there is fork (not on Windows); call it before the
        job is read, which that process must never have held."""
        if not hasattr(os, "fork"):
            return None
        return fork_program_server(lambda setup: confine(setup, prctl), load_program, describe, flush_output)

    def run_job(job, nonce, prctl, set_up=None, server=None):
        """Runs the job; `set_up` (a pool attempt's) is called once everything before user code is done; `server`,
        the program's process for isolated assert-style grading (start_program_server)."""
        report = make_reporter(nonce)
        del nonce
        confine(job, prctl)
        if set_up is not None:
            set_up()
        if job["mode"] == "asserts" and job.get("isolated") is not None and hasattr(os, "fork"):  # not on Windows
            if server is None:
                raise RuntimeError("isolated tests without the program's process to call")
            tests = types.SimpleNamespace(run=run_test, raises=test_raises, describe=describe)
            run_isolated(job, report, tests, PROGRAM_RECORD_INDEX, prctl, server)
            flush_output()
            os._exit(0)
        namespace, load_error = load_program(job["program"])
        report(PROGRAM_RECORD_INDEX, job["program"], load_error)
        if job["mode"] == "calls":
            if load_error is None:
                run_calls(job, namespace, lambda index, **result: report(index, "input_%d" % index, **result), describe)
            else:
                for index in range(len(job["inputs"])):
                    report(index, "input_%d" % index, load_error)
        else:
            for index, test in enumerate(job["tests"]):
                report(index, test["name"], load_error or run_test(test["code"], namespace))
        flush_output()
        # Skip atexit handlers and non-daemon threads the program may have left behind.
        os._exit(0)

    def confine(job, prctl):
        """What user code runs under, in whichever process runs it: its user (or, as root that cannot leave root, no
        capability: the process back-end with the interpreter under a private home), its limits, its file system, and
        no system call on another process's limits or priority (system_calls.py)."""
        restrict_privileges(job.get("runAs"), prctl)
        if prctl is not None and os.geteuid() == 0 and effective_capabilities():
            drop_all_capabilities()
        apply_limits(job["limits"])
        if job.get("landlock") is not None and prctl is not None:
            confine_file_system(job["landlock"])  # after the limits: apply_limits counts processes in /proc
        if prctl is not None:
            confine_system_calls()

    def flush_output():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass  # user code may have closed or replaced the stream

    def load_prctl():
        if not sys.platform.startswith("linux"):
            return None
        try:
            import ctypes
            return ctypes.CDLL(None, use_errno=True).prctl
        except Exception:
            return None  # no ctypes: no supervisor, only the parent's process-group kill

    def supervise(prctl):
        """Forks the worker. This process stays behind as a subreaper, so processes the worker leaves
        (setsid or double-forked ones too) are re-parented here, and kills them all when the worker
        ends or when selfbench dies (parent-death signal). The parent reads fd 3, not exit codes."""
        prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        worker = os.fork()
        if worker == 0:
            return
        signal.signal(signal.SIGTERM, lambda signum, frame: kill_children_and_exit())
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        # User code of the same uid must not trace it: it has no limits, and holds the privileges user code gave up.
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        # The worker only: orphans re-parented here may end first.
        os.waitpid(worker, 0)
        kill_children_and_exit()

    def kill_children_and_exit():
        kill_children()
        os._exit(0)

    def kill_children():
        """Kills and reaps every child of this process, and the orphans that come to it meanwhile (it is a subreaper)."""
        me = str(os.getpid())
        while True:
            children = [pid for pid, parent in process_table() if parent == me]
            if not children:
                return
            for pid in children:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass
            # Reap them; their own children have been re-parented here and show up in the next round.
            for _ in children:
                try:
                    os.wait()
                except ChildProcessError:
                    break

    def process_table():
        """(pid, parent pid) of every process /proc shows."""
        table = []
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open("/proc/" + name + "/stat", "rb") as stat_file:
                        stat = stat_file.read()
                except OSError:
                    continue  # gone meanwhile
                # The command name may contain spaces and parentheses; the fields after the last ")" do not.
                table.append((name, stat[stat.rindex(b")") + 2 :].split()[1].decode()))
        return table

    def restrict_privileges(run_as, prctl):
        if run_as is not None:
            death_signal = parent_death_signal(prctl)
            os.setgroups([])
            os.setgid(run_as["gid"])
            os.setuid(run_as["uid"])
            if death_signal:
                prctl(PR_SET_PDEATHSIG, death_signal, 0, 0, 0)  # the change of user cleared it
        if prctl is not None:
            prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)  # setuid programs cannot hand privileges back

    def parent_death_signal(prctl):
        """The signal this process gets when its parent dies (a pool attempt's first process has one), or 0."""
        if prctl is None:
            return 0
        import ctypes

        signal_number = ctypes.c_int(0)
        prctl(PR_GET_PDEATHSIG, ctypes.byref(signal_number), 0, 0, 0)
        return signal_number.value

    def make_reporter(nonce):
        # Bound before user code runs, so patching os.write or json.dumps later changes nothing here.
        write = os.write
        encode = json.JSONEncoder(ensure_ascii=True).encode
        os.set_inheritable(RESULT_FD, False)  # subprocesses of user code never get the result pipe

        def report(index, name, error=None, value=None, ms=None, raised=None, after=None, timed_out=None):
            record = {"nonce": nonce, "index": index, "name": name, "ok": error is None}
            for key, field in (("error", error), ("value", value), ("ms", ms), ("raised", raised), ("after", after), ("timedOut", timed_out)):
                if field is not None:
                    record[key] = field
            data = (encode(record) + "\n").encode("utf-8")
            while data:  # a pipe takes large records in parts
                data = data[write(RESULT_FD, data):]

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
            ("RLIMIT_NOFILE", limits["openFiles"]),
        )
        running = running_tasks()
        if running is not None:
            # Counted per user (per user namespace), so what this uid already runs is added on top.
            wanted += (("RLIMIT_NPROC", running + limits["processes"]),)
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

    def running_tasks():
        """Tasks (threads included) this uid runs, as far as /proc shows: RLIMIT_NPROC counts them all.
        None without /proc, where the count, and so a safe limit, is unknown."""
        uid = os.getuid()
        count = 0
        try:
            names = os.listdir("/proc")
        except OSError:
            return None
        for name in names:
            if name.isdigit():
                try:
                    if os.stat("/proc/" + name).st_uid == uid:
                        count += len(os.listdir("/proc/" + name + "/task"))
                except OSError:
                    pass  # gone meanwhile
        return count

    def load_program(path):
        module = types.ModuleType("solution")
        module.__file__ = os.path.abspath(path)
        sys.modules["solution"] = module
        sys.argv = [path]
        try:
            with open(path, encoding="utf-8") as source:
                code = compile_code(source.read(), path, "exec")
            run_code(code, module.__dict__)
        except Exception as error:
            # SystemExit and KeyboardInterrupt propagate on purpose: exiting while loading
            # ends the process without records, which the parent reports as a crash.
            return module.__dict__, describe(error)
        return module.__dict__, None

    def run_test(source, namespace):
        """The test's error, described, or None."""
        error = test_raises(source, namespace)
        return None if error is None else describe(error, source)

    def test_raises(source, namespace):
        """What the test raised, or None."""
        try:
            run_code(compile_code(source, TEST_FILENAME, "exec"), namespace)
        except BaseException as error:  # SystemExit or KeyboardInterrupt from a test is a failure too
            return error
        return None

    def describe(error, test_source=None):
        # Never raises: user code may have broken the builtins and modules this uses (e.g. ast.parse).
        try:
            detail = ""
            if isinstance(error, AssertionError) and test_source is not None:
                detail = explain_assertion(error, test_source)
            return trim("AssertionError: " + detail if detail else exception_line(error), ERROR_LIMIT)
        except BaseException:
            return "an error that could not be described"

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
        code = compile_code(ast.Expression(body=expression), TEST_FILENAME, "eval")
        return eval(code, frame.f_globals, frame.f_locals)

    def safe_str(value):
        try:
            return str(value)
        except BaseException:
            return ""

    def trim(text, limit):
        return text if len(text) <= limit else text[: limit - 3] + "..."

    return types.SimpleNamespace(
        main=main,
        parse_request=parse_request,
        close_stdin=close_stdin,
        start_program_server=start_program_server,
        load_prctl=load_prctl,
        supervise=supervise,
        run_job=run_job,
        flush_output=flush_output,
        kill_children=kill_children,
    )
