def program_server(calls, open_channel):
    """Returns `start`, which forks the program's process of isolated assert-style grading (isolated_tests.py).
    It is called by the process that will run the tests before that process reads its job (harness.py's `main`,
    zygote.py's `start_attempt`), so the fork never held the tests, their expected values, the nonce or the result
    pipe: nothing the program finds in its own memory or descriptors says what the tests check or lets it forge a
    result. (The zygote it may descend from never holds a job, nor keeps what it relays.) A fork, not a fresh
    interpreter: the harness's modules are loaded already.

    The process takes /dev/null as stdin at once (its parent's stdin holds the job, still unread), requests on fd 4
    and replies on fd 5, and waits. Its first message, `{"program", "entryPoint", "runAs", "limits", "landlock"}`,
    comes once the test process cannot be traced: it confines itself as user code is confined (user, limits, file
    system), loads the program as module `solution`, says `{"ready": true}` or `{"loadError"}`, then answers each
    `{"args", "kwargs"}` (wire form) with `{"value"}` or `{"error", "raised"}`, and `{"after"}`: `[args, kwargs]`
    as the call left them. What it sends is only what the program did."""
    import os
    import traceback

    REQUESTS_FD, REPLIES_FD = 4, 5
    MESSAGE_LIMIT_BYTES = 256 << 20
    wire, decode, NotPlainData, builtin_classes = calls.wire, calls.decode, calls.NotPlainData, calls.builtin_classes

    def start(confine, load_program, describe, flush_output):
        """Forks the program's process; returns its pid and the test process's (send, receive)."""
        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                take_descriptors(requests_read, replies_write)
                serve(open_channel(REQUESTS_FD, REPLIES_FD, MESSAGE_LIMIT_BYTES), confine, load_program, describe)
            except BaseException:
                traceback.print_exc()
            finally:
                flush_output()
                os._exit(0)
        os.close(requests_read)
        os.close(replies_write)
        return pid, open_channel(replies_read, requests_write, MESSAGE_LIMIT_BYTES)

    def take_descriptors(requests_read, replies_write):
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        # Out of the way first, then to their places; the result pipe (fd 3) is not among what the program keeps.
        os.dup2(requests_read, 100)
        os.dup2(replies_write, 101)
        os.dup2(100, REQUESTS_FD)
        os.dup2(101, REPLIES_FD)
        os.closerange(3, REQUESTS_FD)
        os.closerange(REPLIES_FD + 1, os.sysconf("SC_OPEN_MAX"))

    def serve(channel, confine, load_program, describe):
        send, receive = channel
        setup = receive()
        if setup is None:
            return  # the test process has gone
        confine(setup)  # as root that cannot leave root, without a capability: it cannot trace the tests
        try:
            namespace, error = load_program(setup["program"])
        except BaseException as problem:  # it exits while loading
            namespace, error = {}, describe(problem)
        function = namespace.get(setup["entryPoint"])
        if error is None and not callable(function):
            error = "NameError: the program defines no function `%s`" % setup["entryPoint"]
        if error is not None:
            send({"loadError": error})
            return
        send({"ready": True})
        while True:
            request = receive()
            if request is None:
                return
            send(answer(function, request, describe))

    def answer(function, request, describe):
        args = decode(request["args"])
        kwargs = decode(request["kwargs"])
        try:
            reply = {"value": wire(function(*args, **kwargs))}
        except NotPlainData as problem:
            reply = {"error": str(problem)}
        except BaseException as problem:  # SystemExit and KeyboardInterrupt fail this call only
            reply = {"error": describe(problem), "raised": builtin_classes(problem)}
        try:
            reply["after"] = wire([list(args), kwargs])
        except NotPlainData:
            pass  # the program put something that is not plain data into its arguments: nothing to compare
        return reply

    return start
