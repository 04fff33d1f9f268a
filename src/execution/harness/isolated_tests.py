def isolated_tests_runner(calls):
    """Assert-style grading that a program cannot talk its way past: the dataset's test code runs in this
    process, on the prompt's own definitions (a helper the tests use is the dataset's, not the program's), with
    the entry point a proxy that calls the program in a process of its own (program_server.py: forked before this
    process read its job, it never held the tests, the nonce or the result pipe, and as root it keeps no capability).
    Each call's arguments go there and its return value comes back as plain data (harness/calls.py's wire
    form, decoded strictly), so the tests compare values the program cannot make lie; an exception comes back
    as the same builtin class, and what the call did to its arguments is done to the test's own objects. A
    call the program's process cannot answer fails its test, whatever the test catches. This process cannot
    be traced by the program's (not dumpable), and imports nothing from the work directory the program can write.

    What does not cross the pipe (documented limits): the identity of objects (a returned argument is a copy;
    the same list passed twice is two lists there), arguments and results that are not plain data, and
    anything else the test shares with the program in one process (patches, globals, captured output)."""
    import builtins
    import collections
    import os
    import signal
    import sys
    import types

    PR_SET_DUMPABLE = 4
    REPLAYED_CALLS = 8  # what a failed assert's message may show again: the test's own calls, the last ones made
    # What a program raising these would do to the test's own control flow (PEP 479 turns them into this too).
    CONTROL_FLOW = ("StopIteration", "StopAsyncIteration")
    wire, decode, NotPlainData = calls.wire, calls.decode, calls.NotPlainData

    class ProgramFailed(BaseException):
        """The program's process gave no usable answer. Not an Exception, so `except Exception` in a test does not
        take it for an exception the program raised; and the test fails even when a bare `except` swallows it."""

    def proxy_for(name, send, receive, failures):
        """The entry point as the tests see it, and what switches it to replaying, for while a failed assert is
        re-evaluated for its message (harness.py's `explain_assertion`): it then answers from this test's calls,
        the newest first, without asking the program again or changing the test's objects once more. A call made
        again would tell the program that it had failed (it could then hang, to be run again)."""
        recent = collections.deque(maxlen=REPLAYED_CALLS)  # (request, reply)
        replaying = []

        def fail(message):
            failures.append(message)
            return ProgramFailed(message)

        def ask(request):
            if replaying:
                for asked, reply in reversed(recent):
                    if asked == request:
                        return reply
                raise ProgramFailed("not a call the tests made")
            send(request)
            reply = receive()
            if reply is None:
                raise fail("the program's process ended")
            recent.append((request, reply))
            return reply

        def call(*args, **kwargs):
            try:
                request = {"args": wire(list(args)), "kwargs": wire(kwargs)}
            except NotPlainData as problem:
                raise fail("an argument of %s() cannot be sent to the program's process: %s" % (name, problem))
            try:
                reply = ask(request)
                if "after" in reply and not replaying:
                    update_in_place([list(args), kwargs], decode(reply["after"]))
                if "raised" in reply:
                    raised = rebuilt(reply["raised"], reply.get("error"))
                elif "value" in reply:
                    return decode(reply["value"])
                else:
                    raise fail(reply.get("error") or "the program's process sent no value")
            except ProgramFailed:
                raise
            except Exception as problem:  # a broken pipe, a reply that is not what it should be, nested too deep
                raise fail("the program's process sent an unreadable reply: %s" % problem)
            raise raised

        def replay(on):
            replaying[:] = [True] if on else []

        def new_test():
            recent.clear()

        call.__name__ = name
        return types.SimpleNamespace(call=call, replay=replay, new_test=new_test)

    def rebuilt(classes, message):
        """The exception the program raised, as the nearest builtin class that can be made from a message."""
        message = message if type(message) is str else ""
        for name in classes if type(classes) is list else []:
            if name in CONTROL_FLOW:
                return RuntimeError("the program raised " + message)
            kind = getattr(builtins, name, None) if type(name) is str else None
            if isinstance(kind, type) and issubclass(kind, BaseException):
                try:
                    return kind(message)
                except BaseException:
                    continue  # e.g. UnicodeDecodeError needs five arguments
        return RuntimeError(message)

    def update_in_place(mine, theirs):
        """Makes the test's containers equal to what the call left, keeping the identity of every container that
        is still there (a row of a matrix the test holds on to changes too)."""
        if type(mine) is list and type(theirs) is list:
            if len(mine) == len(theirs):
                for index, (old, new) in enumerate(zip(mine, theirs)):
                    if not same_container_kind(old, new):
                        mine[index] = new
                    else:
                        update_in_place(old, new)
            else:
                mine[:] = theirs
        elif type(mine) is dict and type(theirs) is dict:
            for key in [key for key in mine if key not in theirs]:
                del mine[key]
            for key, new in theirs.items():
                if key in mine and same_container_kind(mine[key], new):
                    update_in_place(mine[key], new)
                else:
                    mine[key] = new
        elif type(mine) is set and type(theirs) is set:
            mine.clear()
            mine.update(theirs)

    def same_container_kind(old, new):
        return type(old) is type(new) and type(old) in (list, dict, set)

    def run_isolated(job, report, tests, program_record_index, prctl, server):
        """Runs the job's tests against `server` (program_server.py's `start`: the program's process, waiting);
        `tests`, the harness's `run` (a test's described error or None), `raises` (what it raised) and `describe`."""
        isolated = job["isolated"]
        if prctl is not None:
            prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # before the program loads: it cannot trace this process
        # Nothing the program can write is importable here: no relative entry, none in the work directory by any name.
        work_dir = os.path.realpath(os.getcwd())
        sys.path[:] = [path for path in sys.path if os.path.isabs(path) and not (os.path.realpath(path) + os.sep).startswith(work_dir + os.sep)]
        pid, (send, receive) = server
        try:
            setup = {key: job.get(key) for key in ("program", "runAs", "limits", "landlock")}
            setup["entryPoint"] = isolated["entryPoint"]
            send(setup)
            hello = receive()
        except Exception as problem:
            hello = {"loadError": "the program's process sent an unreadable reply: %s" % problem}
        load_error = None
        if type(hello) is not dict or hello.get("ready") is not True:
            load_error = hello.get("loadError") if type(hello) is dict and type(hello.get("loadError")) is str else "the program's process ended while loading"
        report(program_record_index, job["program"], load_error)
        namespace = {"__name__": "__test__", "__builtins__": builtins}
        prompt_error = tests.run(isolated["prompt"], namespace)
        failures = []
        proxy = proxy_for(isolated["entryPoint"], send, receive, failures)
        namespace[isolated["entryPoint"]] = proxy.call
        for index, test in enumerate(job["tests"]):
            error = load_error or (prompt_error and "the prompt does not run: " + prompt_error)
            if error is None:
                del failures[:]
                proxy.new_test()
                raised = tests.raises(test["code"], namespace)
                if raised is not None:
                    # The verdict first, in words the program cannot make costly: no work that only a failure does (its
                    # message, built from what the program returned) can make it a timeout, run again.
                    report(index, test["name"], type(raised).__name__)
                    proxy.replay(True)
                    try:
                        error = tests.describe(raised, test["code"])
                    finally:
                        proxy.replay(False)
                elif failures:
                    error = "ProgramFailed: " + failures[0]
            report(index, test["name"], error)
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass

    return run_isolated
