def serve_program(calls, open_channel):
    """The program's process of isolated assert-style grading: a fresh interpreter (never a fork of a process
    that held the tests), started as `python -I -S -c <calls.py + channel.py + site_packages.py + this> <program>
    <entry point> <site-packages as JSON>` with requests on fd 4 and replies on fd 5. It loads the program as
    module `solution`, says `{"ready": true}` or `{"loadError"}`, then answers each `{"args", "kwargs"}` (wire form) with `{"value"}` or `{"error",
    "raised"}`, and `{"after"}`: `[args, kwargs]` as the call left them. What it sends is only what the program
    did; the tests, the expected values and the result pipe are in another process."""
    import os
    import sys
    import types

    REQUESTS_FD, REPLIES_FD = 4, 5
    MESSAGE_LIMIT_BYTES = 256 << 20
    ERROR_LIMIT = 300

    send, receive = open_channel(REQUESTS_FD, REPLIES_FD, MESSAGE_LIMIT_BYTES)
    wire, decode, NotPlainData, builtin_classes = calls.wire, calls.decode, calls.NotPlainData, calls.builtin_classes

    def describe(error):
        try:
            text = str(error)
        except BaseException:
            text = ""
        line = type(error).__name__ + (": " + text if text else "")
        return line if len(line) <= ERROR_LIMIT else line[: ERROR_LIMIT - 3] + "..."

    def load(path, entry_point):
        module = types.ModuleType("solution")
        module.__file__ = os.path.abspath(path)
        sys.modules["solution"] = module
        sys.argv = [path]
        with open(path, encoding="utf-8") as source:
            code = compile(source.read(), path, "exec")
        exec(code, module.__dict__)
        function = module.__dict__.get(entry_point)
        if not callable(function):
            raise NameError("the program defines no function `%s`" % entry_point)
        return function

    def answer(function, request):
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

    def leave():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        os._exit(0)

    try:
        function = load(sys.argv[1], sys.argv[2])
    except BaseException as problem:
        send({"loadError": describe(problem)})
        leave()
    send({"ready": True})
    while True:
        request = receive()
        if request is None:
            leave()
        send(answer(function, request))
