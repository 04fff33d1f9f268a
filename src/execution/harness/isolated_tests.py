def isolated_tests_runner(calls, open_channel, server_source):
    """Assert-style grading that a program cannot talk its way past: the dataset's test code runs in this
    process, on the prompt's own definitions (a helper the tests use is the dataset's, not the program's), with
    the entry point a proxy that calls the program in a process of its own (program_server.py, a fresh
    interpreter: it never held the tests, the nonce or the result pipe). Each call's arguments go there and its
    return value comes back as plain data (harness/calls.py's wire form, decoded strictly), so the tests
    compare values the program cannot make lie; an exception comes back as the same builtin class, and
    arguments the call changed are changed here too. This process cannot be traced by the program's (not
    dumpable), and imports nothing from the work directory the program can write."""
    import builtins
    import os
    import signal
    import sys

    REQUESTS_FD, REPLIES_FD = 4, 5
    MESSAGE_LIMIT_BYTES = 256 << 20
    PR_SET_DUMPABLE = 4
    wire, decode, NotPlainData = calls.wire, calls.decode, calls.NotPlainData

    class ProgramFailed(Exception):
        """The program's process gave no usable answer: it ended, or sent what is not plain data."""

    def start_program(program_path, entry_point):
        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                # Out of the way first, then to their places; the result pipe (fd 3) is not among what the program keeps.
                os.dup2(requests_read, 100)
                os.dup2(replies_write, 101)
                os.dup2(100, REQUESTS_FD)
                os.dup2(101, REPLIES_FD)
                os.closerange(3, REQUESTS_FD)
                os.closerange(REPLIES_FD + 1, os.sysconf("SC_OPEN_MAX"))
                os.execv(sys.executable, [sys.executable, "-I", "-c", server_source, program_path, entry_point])
            finally:
                os._exit(127)
        os.close(requests_read)
        os.close(replies_write)
        return pid, open_channel(replies_read, requests_write, MESSAGE_LIMIT_BYTES)

    def proxy_for(name, send, receive):
        def call(*args, **kwargs):
            try:
                request = {"args": wire(list(args)), "kwargs": wire(kwargs)}
            except NotPlainData as problem:
                raise TypeError("an argument of %s() cannot be sent to the program's process: %s" % (name, problem))
            send(request)
            try:
                reply = receive()
                if reply is None:
                    raise ProgramFailed("the program's process ended")
                if "after" in reply:
                    update_in_place(args, decode(reply["after"]))
                if "raised" in reply:
                    raised = rebuilt(reply["raised"], reply.get("error"))
                elif "value" in reply:
                    return decode(reply["value"])
                else:
                    raise ProgramFailed(reply.get("error") or "the program's process sent no value")
            except (NotPlainData, ValueError, TypeError, KeyError, AttributeError) as problem:
                raise ProgramFailed("the program's process sent an unreadable reply: %s" % problem)
            raise raised

        call.__name__ = name
        return call

    def rebuilt(classes, message):
        """The exception the program raised, as the nearest builtin class that can be made from a message."""
        message = message if type(message) is str else ""
        for name in classes if type(classes) is list else []:
            kind = getattr(builtins, name, None) if type(name) is str else None
            if isinstance(kind, type) and issubclass(kind, BaseException):
                try:
                    return kind(message)
                except BaseException:
                    continue  # e.g. UnicodeDecodeError needs five arguments
        return ProgramFailed(message)

    def update_in_place(args, after):
        """What a call did to its (mutable, top-level) arguments, done to the test's own objects."""
        if type(after) is not list or len(after) != len(args):
            return
        for mine, theirs in zip(args, after):
            if type(mine) is list and type(theirs) is list:
                mine[:] = theirs
            elif type(mine) is dict and type(theirs) is dict or type(mine) is set and type(theirs) is set:
                mine.clear()
                mine.update(theirs)

    def run_isolated(job, report, run_test, program_record_index, prctl):
        isolated = job["isolated"]
        if prctl is not None:
            prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        # Nothing the program can write is importable here.
        work_dir = os.getcwd()
        sys.path[:] = [path for path in sys.path if path not in ("", ".", work_dir)]
        pid, (send, receive) = start_program(job["program"], isolated["entryPoint"])
        try:
            hello = receive()
        except ValueError as problem:
            hello = {"loadError": "the program's process sent an unreadable reply: %s" % problem}
        load_error = None
        if type(hello) is not dict or hello.get("ready") is not True:
            load_error = hello.get("loadError") if type(hello) is dict and type(hello.get("loadError")) is str else "the program's process ended while loading"
        report(program_record_index, job["program"], load_error)
        namespace = {"__name__": "__test__", "__builtins__": builtins}
        prompt_error = run_test(isolated["prompt"], namespace)
        namespace[isolated["entryPoint"]] = proxy_for(isolated["entryPoint"], send, receive)
        for index, test in enumerate(job["tests"]):
            error = load_error or (prompt_error and "the prompt does not run: " + prompt_error)
            report(index, test["name"], error or run_test(test["code"], namespace))
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass

    return run_isolated
