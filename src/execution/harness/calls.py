def calls_runner():
    """Returns `run_calls` and the `encode` it uses. Differential grading's side in the sandbox: calls the program's entry point on each input and writes
    back what it returned as plain data, strictly encoded. This process holds no expected value, no test and
    nothing that decides a pass: the comparison with the reference's return values happens in selfbench's
    own process (execution/plain-data.ts). A program that patches this encoder can only misreport its own
    return values, which gains it nothing it could not get by returning them.

    Wire form of a value, one JSON array: ["N"] None, ["b", bool], ["i", hex] int (hex: linear to write for
    huge ints, where decimal is quadratic), ["f", repr] float (repr round-trips; also "nan", "inf", "-inf"),
    ["c", real repr, imag repr] complex, ["s", str], ["y", base64] bytes, ["l", [...]] list, ["t", [...]]
    tuple, ["S", [...]] set, ["F", [...]] frozenset, ["d", [[key, value], ...]] dict. A value whose
    canonical form (below) is larger than DIGEST_ABOVE bytes is sent as ["#", sha256 of that form, its
    size, full wire form if it is floats else None]: equal digests mean Python-equal values.
    Anything else (a subclass, a custom object, a generator, a structure deeper than MAX_DEPTH) is not plain
    data, and that input fails."""
    import ast
    import base64
    import hashlib
    import json
    import signal
    import struct
    import sys
    import time

    DIGEST_ABOVE = 16384
    MAX_DEPTH = 100
    EXACT_INT_LIMIT = 2**53
    REAL_TYPES = {bool, int, float}
    # A per-input limit after which SIGALRM keeps interrupting, in case the program swallows the first one.
    ALARM_REPEAT_SECONDS = 0.05
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)  # the reference's huge ints must survive repr in error messages

    class NotPlainData(Exception):
        pass

    class InputTimedOut(BaseException):
        """Not an Exception, so `except Exception` in the program does not swallow it."""

    def wire(value, depth=0):
        if depth > MAX_DEPTH:
            raise NotPlainData("nested deeper than %d levels" % MAX_DEPTH)
        kind = type(value)
        if value is None:
            return ["N"]
        if kind is bool:
            return ["b", value]
        if kind is int:
            return ["i", hex(value)]
        if kind is float:
            return ["f", repr(value)]
        if kind is complex:
            return ["c", repr(value.real), repr(value.imag)]
        if kind is str:
            return ["s", value]
        if kind is bytes:
            return ["y", base64.b64encode(value).decode("ascii")]
        if kind is list or kind is tuple or kind is set or kind is frozenset:
            tag = {list: "l", tuple: "t", set: "S", frozenset: "F"}[kind]
            return [tag, [wire(item, depth + 1) for item in value]]
        if kind is dict:
            return ["d", [[wire(key, depth + 1), wire(item, depth + 1)] for key, item in value.items()]]
        raise NotPlainData("returned %s, which is not plain data" % describe_type(kind))

    def describe_type(kind):
        try:
            return "a " + kind.__module__ + "." + kind.__qualname__
        except BaseException:
            return "an object"

    def canonical(value, parts, depth=0):
        """Appends bytes that are equal exactly when the values are equal under Python's ==, for plain data
        (True == 1 == 1.0, set == frozenset, dicts and sets in any order; NaN is the one value == denies), and
        raises NotPlainData on anything else. Parts, not one string: a huge value is hashed without copies."""
        if depth > MAX_DEPTH:
            raise NotPlainData("nested deeper than %d levels" % MAX_DEPTH)
        kind = type(value)
        if value is None:
            parts.append(b"N")
        elif kind is bool or kind is int or kind is float:
            parts.append(number_key(kind, value))
        elif kind is complex:
            if value.imag == 0:
                parts.append(number_key(float, value.real))
            else:
                parts.append(b"c" + number_key(float, value.real) + number_key(float, value.imag))
        elif kind is str or kind is bytes:
            data = value.encode("utf-8", "surrogatepass") if kind is str else value
            parts.append((b"s%d:" if kind is str else b"y%d:") % len(data))
            parts.append(data)
        elif kind is list or kind is tuple:
            packed = packed_reals(value)
            if packed is not None:
                parts.append((b"L%d[" if kind is list else b"T%d[") % len(value))
                parts.append(packed)
            else:
                parts.append((b"l%d[" if kind is list else b"t%d[") % len(value))
                for item in value:
                    canonical(item, parts, depth + 1)
            parts.append(b"]")
        elif kind is set or kind is frozenset:
            items = sorted(canonical_bytes(item, depth + 1) for item in value)
            parts.append(b"S%d[" % len(value) + b"".join(items) + b"]")
        elif kind is dict:
            entries = sorted(canonical_bytes(key, depth + 1) + canonical_bytes(item, depth + 1) for key, item in value.items())
            parts.append(b"d%d[" % len(value) + b"".join(entries) + b"]")
        else:
            raise NotPlainData("returned %s, which is not plain data" % describe_type(kind))

    def canonical_bytes(value, depth):
        parts = []
        canonical(value, parts, depth)
        return b"".join(parts)

    def packed_reals(items):
        """A sequence of numbers that are all exactly doubles (bools, ints up to what a double holds, floats) as
        one block of doubles: the common large output, canonical at C speed. Whether a sequence qualifies is the
        same for every sequence == to it, so equal values still get equal forms; None for any other sequence."""
        if not items or not set(map(type, items)) <= REAL_TYPES:
            return None
        ints = [item for item in items if type(item) is int]
        if ints and (max(ints) > EXACT_INT_LIMIT or min(ints) < -EXACT_INT_LIMIT):
            for item in ints:
                try:
                    if float(item) != item:
                        return None
                except OverflowError:
                    return None
        if 0.0 in items:
            items = [item + 0.0 for item in items]  # -0.0 == 0.0: one form for both
        return struct.pack("<%dd" % len(items), *items)

    def number_key(kind, value):
        """One key per number Python's == cannot tell apart: an int and a float are equal exactly when the float
        is integral and the int is that value. Floats beyond 2**53 keep their own (fast) hex form, which an int
        shares only when it converts to that float exactly."""
        if kind is float:
            if value != value or value in (float("inf"), float("-inf")):
                return b"f" + repr(value).encode() + b";"
            if not value.is_integer():
                return b"f" + value.hex().encode() + b";"
            if -EXACT_INT_LIMIT <= value <= EXACT_INT_LIMIT:
                return b"i%x;" % int(value)
            return b"F" + value.hex().encode() + b";"
        if -EXACT_INT_LIMIT <= value <= EXACT_INT_LIMIT:
            return b"i%x;" % value
        try:
            as_float = float(value)
        except OverflowError:
            return b"i%x;" % value
        return b"F" + as_float.hex().encode() + b";" if as_float == value else b"i%x;" % value

    def is_floats(value):
        """EvalPlus compares these within a tolerance, so they travel in full even when large."""
        kind = type(value)
        if kind is float:
            return True
        return (kind is list or kind is tuple) and all(type(item) is float for item in value)

    def encode(value):
        parts = []
        canonical(value, parts)  # raises on anything that is not plain data, before anything is sent
        size = sum(map(len, parts))
        if size <= DIGEST_ABOVE:
            return wire(value)
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part)
        return ["#", digest.hexdigest(), size, wire(value) if is_floats(value) else None]

    def decode(value, depth=0):
        """The value a wire form stands for, strictly: anything that is not a well-formed wire form of plain
        data (a digest included: it stands for no value) raises NotPlainData. For values that come from a
        process that may lie, e.g. the program's over the pipe of isolated assert-style grading."""
        if depth > MAX_DEPTH:
            raise NotPlainData("nested deeper than %d levels" % MAX_DEPTH)
        if type(value) is not list or not value or type(value[0]) is not str:
            raise NotPlainData("not a value in wire form")
        tag, fields = value[0], value[1:]
        try:
            if tag == "N" and not fields:
                return None
            if tag == "b" and len(fields) == 1 and type(fields[0]) is bool:
                return fields[0]
            if tag == "i" and len(fields) == 1 and type(fields[0]) is str:
                return int(fields[0], 16)
            if tag == "f" and len(fields) == 1 and type(fields[0]) is str:
                return float(fields[0])
            if tag == "c" and len(fields) == 2 and all(type(field) is str for field in fields):
                return complex(float(fields[0]), float(fields[1]))
            if tag == "s" and len(fields) == 1 and type(fields[0]) is str:
                return fields[0]
            if tag == "y" and len(fields) == 1 and type(fields[0]) is str:
                return base64.b64decode(fields[0], validate=True)
            if tag in ("l", "t", "S", "F") and len(fields) == 1 and type(fields[0]) is list:
                items = [decode(item, depth + 1) for item in fields[0]]
                return {"l": list, "t": tuple, "S": set, "F": frozenset}[tag](items)
            if tag == "d" and len(fields) == 1 and type(fields[0]) is list:
                entries = {}
                for entry in fields[0]:
                    if type(entry) is not list or len(entry) != 2:
                        raise NotPlainData("a dict entry that is not a pair")
                    entries[decode(entry[0], depth + 1)] = decode(entry[1], depth + 1)
                return entries
        except (ValueError, TypeError) as problem:  # a bad number, bad base64, an unhashable member
            raise NotPlainData("a malformed %r value: %s" % (tag, problem))
        raise NotPlainData("a malformed %r value" % tag)

    def decode_args(case):
        if case["format"] == "json":
            args = json.loads(case["args"])
        else:
            args = ast.literal_eval(case["args"])
        if type(args) not in (list, tuple):
            raise ValueError("the arguments are not a list or tuple")
        return args

    def raise_timeout(signum, frame):
        raise InputTimedOut()

    def builtin_classes(error):
        """The builtin classes an exception is an instance of, nearest first: what an `except` clause in a test
        would match (a program's own subclass of ValueError is still a ValueError)."""
        try:
            return [kind.__name__ for kind in type(error).__mro__ if kind.__module__ == "builtins"]
        except BaseException:
            return []

    def run_calls(job, namespace, report, describe):
        """Calls the entry point on each input within its time limit and reports each return value (or
        error, with the builtin classes of what it raised) as it comes, so a crash or the wall clock loses
        only the inputs not yet reached. With `returnArguments` (the job's), the arguments as they are after
        the call go back too (`after`), for the inputs whose tests say the call must not change them."""
        function = namespace.get(job["entryPoint"])
        missing = None if callable(function) else "the program defines no function `%s`" % job["entryPoint"]
        clock = time.perf_counter
        for index, (case, limit_ms) in enumerate(zip(job["inputs"], job["inputLimitsMs"])):
            if missing is not None:
                report(index, error=missing)
                continue
            outcome = {}
            started = clock()
            try:
                args = decode_args(case)
                signal.signal(signal.SIGALRM, raise_timeout)
                signal.setitimer(signal.ITIMER_REAL, limit_ms / 1000.0, ALARM_REPEAT_SECONDS)
                try:
                    outcome["value"] = encode(function(*args))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except InputTimedOut:
                outcome = {"error": "timed out after %d ms" % limit_ms, "timed_out": True}
            except NotPlainData as problem:
                outcome = {"error": str(problem)}
            except BaseException as problem:  # SystemExit and KeyboardInterrupt from the program fail this input only
                outcome = {"error": describe(problem), "raised": builtin_classes(problem)}
            elapsed_ms = (clock() - started) * 1000.0
            if job["returnArguments"] and ("value" in outcome or "raised" in outcome):
                try:
                    outcome["after"] = encode(list(args))
                except NotPlainData as problem:
                    outcome = {"error": "the arguments after the call: %s" % problem}
            report(index, ms=elapsed_ms, **outcome)

    import types

    return types.SimpleNamespace(
        run_calls=run_calls, encode=encode, wire=wire, decode=decode, NotPlainData=NotPlainData, builtin_classes=builtin_classes
    )
