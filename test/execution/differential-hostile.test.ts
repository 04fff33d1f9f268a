import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import type { CallInput, Task } from '../../src/datasets/task.js';
import { Grader } from '../../src/execution/grader.js';
import { Oracle } from '../../src/execution/oracle.js';
import { createExecutor } from '../../src/execution/sandbox.js';
import { describeSandbox, SANDBOX_NAMES, type SandboxDescription, type SandboxName } from '../../src/execution/sandbox/sandbox-description.js';
import type { ExecutionLimits, ExecutionResult, Executor } from '../../src/execution/types.js';
import { packageRoot } from '../../src/package-root.js';
import type { Grade } from '../../src/records/record.js';
import { leftoversOf } from '../support/leftovers.js';

/**
 * Programs that try to get a PASS out of differential grading without solving the task: objects that equal
 * anything, patched builtins, forged result records (with the nonce stolen from the harness's closures),
 * swapped encoders, lies on the digest path, timers dodged, hidden values hunted for in the sandbox, in files,
 * in other processes and in selfbench's own memory. Each runs on every back-end this machine has, with a fresh
 * interpreter per run and through the pool of warm workers. Each must not pass, its grade must come back (no
 * hang, no rejected promise), and it must leave no process and no work directory behind. An attack that can
 * only work because a back-end does not isolate something it does not claim to (describeSandbox: `process`
 * shares the file system and the process table) is checked against that description
 * instead; a pass forged through the grading protocol itself must fail on every back-end. Set
 * SELFBENCH_TEST_REQUIRE_SANDBOX=bwrap (comma-separated) to fail instead of skipping when a back-end is missing.
 *
 * Runs are slow to start, so each back-end+mode runs its programs in order, one at a time, as a stream that
 * starts before the first test; the six streams run side by side and each test awaits its program's outcome.
 */

const required = (process.env.SELFBENCH_TEST_REQUIRE_SANDBOX ?? '').split(',').filter(Boolean);
const linux = process.platform === 'linux';
const MODES = ['single', 'pool'] as const;
type Mode = (typeof MODES)[number];

const TEST_FILE = fileURLToPath(import.meta.url);
const HACKS = readFileSync(fileURLToPath(new URL('./fixtures/differential-hostile-hacks.py', import.meta.url)), 'utf8');
const HUMANEVAL_PLUS = fileURLToPath(new URL('../../../shared/datasets/HumanEvalPlus.jsonl.gz', import.meta.url));
/** Over the 1 s floor of a per-input limit, so that a program that dodges it has time to finish. */
const LIMITS: Partial<ExecutionLimits> = { timeoutMs: 3000 };
/** For the program meant to hang: it times out, then runs again alone, holding every other run back. */
const HANG_LIMITS: Partial<ExecutionLimits> = { timeoutMs: 1000 };
const TEST_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------------------
// Tasks. The references are one line each, so that a program that reads this file can find them: process
// does not isolate the file system. The secret's token exists only in this process's memory.
// ---------------------------------------------------------------------------------------------------------

const TOKEN = `tok-${randomUUID()}`;
/** The token's shape (not the token): what a program hunting for it would search for. */
const TOKEN_PATTERN = String.raw`rb"tok-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"`;
/** A token-shaped placeholder, built at run time so that no program's source matches the pattern. */
const NO_TOKEN = String.raw`"tok-" + "-".join("0" * size for size in (8, 4, 4, 4, 12))`;

const ADD_REFERENCE = 'def add(a, b):\n    return a + b\n';
const SCALE_REFERENCE = 'def scale(xs, k):\n    return [x * k + 0.1 for x in xs]\n';
const MUL_REFERENCE = 'def mul(a, b):\n    return a * b\n';
const BIG_REFERENCE = 'def big(n):\n    return [i * i for i in range(n)]\n';
const PRIMES = 'def primes(n):\n    found = []\n    candidate = 2\n    while len(found) < n:\n        if all(candidate % p for p in found):\n            found.append(candidate)\n        candidate += 1\n    return found\n';
const FIRST_PRIMES_REFERENCE = `${PRIMES}def first_primes(n):\n    return set(primes(n))\n`;
const PRIME_INDEX_REFERENCE = `${PRIMES}def prime_index(n):\n    return {k + 1: p for k, p in enumerate(primes(n))}\n`;
const SECRET_REFERENCE = `def secret(n):\n    return "${TOKEN}:" + str(n * 7)\n`;
const FIND_ZERO_REFERENCE =
  'import math\ndef poly(xs, x):\n    return sum([coeff * math.pow(x, i) for i, coeff in enumerate(xs)])\ndef find_zero(xs):\n    dxs = [xs[i] * i for i in range(1, len(xs))]\n    x = 0.0\n    for _ in range(1000):\n        fx = poly(xs, x)\n        if abs(fx) < 1e-5:\n            break\n        x = x - fx / poly(dxs, x)\n    return x\n';
/** The secret's right answer for the control run, written so that its source does not hold the token itself. */
const SECRET_SOLUTION = `def secret(n):\n    return "tok" + "${TOKEN.slice(3)}:" + str(n * 7)\n`;

function differentialTask(entryPoint: string, reference: string, base: string[], plus: string[], atol = 0, comparison: 'equal' | 'poly-root' = 'equal'): Task {
  const input = (args: string): CallInput => ({ format: args.startsWith('[') ? 'json' : 'python', args });
  return {
    view: {
      id: `hostile/${entryPoint}`,
      kind: 'code',
      language: 'python',
      prompt: `def ${entryPoint}(*args):\n    """Hidden."""\n`,
      entryPoint,
      visibleTests: [],
      visibleTestSource: 'none',
    },
    hidden: {
      grading: {
        style: 'differential',
        entryPoint,
        reference,
        suites: [
          { name: 'base', inputs: base.map(input) },
          { name: 'plus', inputs: plus.map(input) },
        ],
        atol,
        comparison,
      },
      reference,
    },
  };
}

const TASKS = {
  add: differentialTask('add', ADD_REFERENCE, ['(1, 2)', '(-5, 7)'], ['(100000000000000000000, 1)', '[2.5, 0.25]', '(0, 0)']),
  scale: differentialTask('scale', SCALE_REFERENCE, ['[[1.0, 2.0, 3.5], 3]'], ['[[0.1, 0.2], 0.3]', '[[-4.0], 2.5]'], 1e-6),
  secret: differentialTask('secret', SECRET_REFERENCE, ['(1,)', '(2,)'], ['(35,)']),
  mul: differentialTask('mul', MUL_REFERENCE, ['(2, 3)', '(7, -6)'], ['(0, 9)']),
  big: differentialTask('big', BIG_REFERENCE, ['(3000,)'], ['(4000,)']),
  firstPrimes: differentialTask('first_primes', FIRST_PRIMES_REFERENCE, ['(3,)'], ['(5,)', '(8,)']),
  primeIndex: differentialTask('prime_index', PRIME_INDEX_REFERENCE, ['(3,)'], ['(6,)']),
  // HumanEval/32's rule: any x with |poly(xs, x)| <= atol passes, the residual computed beside the reference.
  findZero: differentialTask('find_zero', FIND_ZERO_REFERENCE, ['[[-10, -2]]', '[[-3, -6, -7, 7]]'], ['[[1, 2]]'], 1e-4, 'poly-root'),
} satisfies Record<string, Task>;
type TaskName = keyof typeof TASKS;

/** Real HumanEval+ tasks, when the dataset is on this machine: a bool result and a float one (atol 1e-6). */
const HUMANEVAL_IDS = { closeElements: 'HumanEval/0', truncate: 'HumanEval/2' } as const;
const humanEval = new Map<string, Task>();
if (existsSync(HUMANEVAL_PLUS)) {
  const dataset = await loadDataset({ source: `humaneval+:${HUMANEVAL_PLUS}`, ids: Object.values(HUMANEVAL_IDS) }, { packageRoot });
  for (const task of dataset.tasks) humanEval.set(task.view.id, task);
}
const humanEvalSkip = humanEval.size === 0 ? `HumanEval+ not found at ${HUMANEVAL_PLUS}` : undefined;

// ---------------------------------------------------------------------------------------------------------
// Attacks.
// ---------------------------------------------------------------------------------------------------------

/** What only a back-end that claims to isolate it can be expected to stop. */
type Gate = 'fileSystem' | 'processes';

interface Attack {
  title: string;
  /** A custom task, or a HumanEval+ task id. */
  task: TaskName | string;
  /** Pasted after the prelude (and the hacks, when `hacks`). */
  body: string;
  hacks?: boolean;
  gate?: Gate;
  /** Further checks of the outcome, beyond "did not pass, came back, left nothing". */
  check?: (outcome: Outcome, isolates: SandboxDescription) => void;
  /** Runs the whole attack itself (several grades). */
  special?: 'oracle-cache';
  /** Meant to hang: graded with HANG_LIMITS. */
  hangs?: boolean;
  /** Run on every back-end, not only the strongest (see `attacksOn`). */
  everywhere?: boolean;
}

const ALWAYS_EQUAL = String.raw`
class Anything:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __hash__(self):
        return 0
    def __repr__(self):
        return "3"
`;

/** Sleeps through its first call only: 1.25 s, over the 1 s per-input limit. */
const SLOW_FIRST_CALL = String.raw`
import signal, time
def slow_first_call(dodge, seconds=1.25):
    if getattr(slow_first_call, "done", False):
        return
    slow_first_call.done = True
    if dodge == "ignore":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
    elif dodge == "cancel":
        signal.setitimer(signal.ITIMER_REAL, 0)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if dodge == "swallow":
            try:
                time.sleep(0.01)
            except BaseException:
                pass
        else:
            time.sleep(0.01)
`;

const ATTACKS: Attack[] = [
  // --- Values that claim to equal anything -----------------------------------------------------------
  {
    title: 'an object whose __eq__ always returns True',
    everywhere: true,
    task: 'add',
    body: `${ALWAYS_EQUAL}\ndef add(a, b):\n    return Anything()\n`,
  },
  {
    title: 'an int subclass whose __eq__ always returns True (with __hash__)',
    task: 'add',
    body: String.raw`
class Int(int):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = int.__hash__
def add(a, b):
    return Int(0)
`,
  },
  {
    title: 'a str subclass equal to everything',
    task: 'secret',
    body: String.raw`
class Str(str):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = str.__hash__
def secret(n):
    return Str("?")
`,
  },
  {
    title: 'a list subclass equal to everything',
    task: 'scale',
    body: String.raw`
class List(list):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
def scale(xs, k):
    return List()
`,
  },
  {
    title: 'float subclasses whose subtraction, abs and comparisons say "close"',
    task: 'scale',
    body: String.raw`
class Close(float):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = float.__hash__
    def __sub__(self, other):
        return 0.0
    def __rsub__(self, other):
        return 0.0
    def __abs__(self):
        return 0.0
    def __lt__(self, other):
        return True
    def __le__(self, other):
        return True
def scale(xs, k):
    return [Close(0.0) for _ in xs]
`,
  },
  {
    title: 'a tuple subclass equal to everything, for a set result',
    task: 'firstPrimes',
    body: String.raw`
class Tuple(tuple):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = tuple.__hash__
def first_primes(n):
    return Tuple((2,) * n)
`,
  },
  {
    title: 'an object whose __class__ property claims int',
    task: 'add',
    body: String.raw`
class Liar:
    @property
    def __class__(self):
        return int
    def __eq__(self, other):
        return True
    def __hash__(self):
        return 0
    def __index__(self):
        return 3
def add(a, b):
    return Liar()
`,
  },
  {
    title: '__reduce__ / __reduce_ex__ / copyreg that rebuild a real int',
    task: 'add',
    body: String.raw`
import copyreg
class Rebuilt:
    def __init__(self, value):
        self.value = value
    def __reduce__(self):
        return (int, (self.value,))
    def __reduce_ex__(self, protocol):
        return (int, (self.value,))
    def __eq__(self, other):
        return True
    def __hash__(self):
        return 0
copyreg.pickle(Rebuilt, lambda obj: (int, (obj.value,)))
def add(a, b):
    return Rebuilt(a + b + 1)
`,
  },
  {
    title: '__index__, __int__, __float__, __str__ and __repr__ that lie',
    task: 'add',
    body: String.raw`
class Number:
    def __index__(self):
        return 3
    def __int__(self):
        return 3
    def __float__(self):
        return 3.0
    def __str__(self):
        return "3"
    def __repr__(self):
        return "3"
    def __eq__(self, other):
        return True
    def __hash__(self):
        return 3
def add(a, b):
    return Number()
`,
  },
  {
    title: 'builtins.type and builtins.isinstance patched so the encoder takes an object for an int',
    task: 'add',
    body: `${ALWAYS_EQUAL}${String.raw`
import builtins
real_type = builtins.type
real_isinstance = builtins.isinstance
Anything.__index__ = lambda self: 0
def lying_type(*args):
    if len(args) == 1 and real_type(args[0]) is Anything:
        return int
    return real_type(*args)
builtins.type = lying_type
builtins.isinstance = lambda obj, kinds: True if real_type(obj) is Anything else real_isinstance(obj, kinds)
def add(a, b):
    return Anything()
`}`,
  },
  {
    title: 'builtins.abs/isinstance/repr/hex and math.fabs/isclose patched',
    task: 'scale',
    body: String.raw`
import builtins, math
builtins.abs = lambda value: 0
builtins.isinstance = lambda obj, kinds: True
builtins.repr = lambda value: "0.1"
builtins.hex = lambda value: "0x0"
math.fabs = lambda value: 0.0
math.isclose = lambda *args, **kwargs: True
def scale(xs, k):
    return [0.0 for _ in xs]
`,
  },
  {
    title: 'redefines the helpers a check would use (is_floats, assertion, check, _poly, a fake numpy)',
    task: 'scale',
    body: String.raw`
import builtins, types
fake_numpy = types.ModuleType("numpy")
fake_numpy.allclose = lambda *args, **kwargs: True
fake_numpy.isclose = lambda *args, **kwargs: True
fake_numpy.array_equal = lambda *args, **kwargs: True
sys.modules["numpy"] = fake_numpy
def is_floats(value):
    return True
def assertion(out, expected, atol):
    return True
def check(candidate):
    return True
def _poly(*args):
    return 0.0
for name in ("is_floats", "assertion", "check", "_poly"):
    setattr(builtins, name, globals()[name])
def scale(xs, k):
    return [1.0 for _ in xs]
`,
  },

  // --- Hunting for hidden values -----------------------------------------------------------------------
  {
    title: 'hunts the expected values in its environment, stdin, fds, work directory, /tmp and /proc/*/{cmdline,environ,cwd,fd}',
    everywhere: true,
    task: 'secret',
    body: String.raw`
import re, stat
PATTERN = re.compile(${TOKEN_PATTERN})
found = set()
budget = [5000]
def look(data):
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    found.update(match.decode() for match in PATTERN.findall(data))
def read_path(path, limit=1 << 20):
    if budget[0] <= 0:
        return
    budget[0] -= 1
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            look(os.read(fd, limit))
    except OSError:
        pass
    finally:
        os.close(fd)
look(repr(sorted(os.environ.items())))
look(" ".join(sys.argv))
for fd in range(64):
    try:
        look(os.readlink("/proc/self/fd/%d" % fd))
    except OSError:
        pass
read_path("/proc/self/fd/0")
for top in (os.getcwd(), os.path.expanduser("~"), os.environ.get("TMPDIR", "/tmp"), "/tmp", "/dev/shm", "/var/tmp"):
    for root, dirs, files in os.walk(top):
        for name in files:
            read_path(os.path.join(root, name))
        if root.count(os.sep) - top.count(os.sep) >= 3:
            dirs[:] = []
for pid in os.listdir("/proc"):
    if not pid.isdigit() or int(pid) == os.getpid():
        continue
    for entry in ("cmdline", "environ"):
        read_path("/proc/%s/%s" % (pid, entry), 1 << 16)
    for link in ("cwd", "exe", "root"):
        try:
            look(os.readlink("/proc/%s/%s" % (pid, link)))
        except OSError:
            pass
    try:
        for fd in os.listdir("/proc/%s/fd" % pid):
            try:
                look(os.readlink("/proc/%s/fd/%s" % (pid, fd)))
            except OSError:
                pass
    except OSError:
        pass
import gc
for obj in gc.get_objects():
    if type(obj) in (dict, list, tuple):
        try:
            look(repr(obj)[:4096])
        except BaseException:
            pass
print("hunt found:", sorted(found), flush=True)
TOKEN = sorted(found)[0] if found else ${NO_TOKEN}
def secret(n):
    return TOKEN + ":" + str(n * 7)
`,
  },
  {
    title: "reads the reference from the test's source file on disk",
    task: 'scale',
    gate: 'fileSystem',
    body: String.raw`
import ast
reference = {}
try:
    with open(${JSON.stringify(TEST_FILE)}) as source:
        for line in source:
            if line.startswith("const SCALE_REFERENCE = "):
                exec(ast.literal_eval(line.split(" = ", 1)[1].strip().rstrip(";")), reference)
    print("read the reference", flush=True)
except OSError as error:
    print("test file unreadable:", error, flush=True)
def scale(xs, k):
    return reference["scale"](xs, k) if "scale" in reference else [0.0 for _ in xs]
`,
  },
  {
    title: "reads the expected values out of selfbench's own memory (/proc/<node>/mem)",
    task: 'secret',
    gate: 'processes',
    hacks: true,
    body: String.raw`
import re
PATTERN = re.compile(${TOKEN_PATTERN})
CHUNK = 1 << 24
token = None
scanned = 0
for pid in ancestors():
    try:
        exe = os.path.basename(os.readlink("/proc/%d/exe" % pid))
    except OSError:
        continue
    if not exe.startswith("node"):
        continue
    try:
        with open("/proc/%d/maps" % pid) as maps:
            regions = [line.split() for line in maps]
        memory = open("/proc/%d/mem" % pid, "rb", 0)
    except OSError as error:
        print("memory closed:", error, flush=True)
        break
    with memory:
        for fields in regions:
            if token is not None or scanned > (3 << 30):
                break
            if not fields[1].startswith("rw"):
                continue
            start, end = (int(part, 16) for part in fields[0].split("-"))
            position = start
            while position < end and token is None:
                try:
                    memory.seek(position)
                    chunk = memory.read(min(CHUNK + 64, end - position))
                except OSError:
                    break
                scanned += len(chunk)
                match = PATTERN.search(chunk)
                if match:
                    token = match.group().decode()
                position += CHUNK
    break
print("selfbench memory:", "found the token" if token else "nothing", scanned, flush=True)
TOKEN = token or ${NO_TOKEN}
def secret(n):
    return TOKEN + ":" + str(n * 7)
`,
  },
  {
    title: "ptrace (ctypes) on its parent: seize, interrupt, PEEKDATA, detach",
    task: 'secret',
    body: String.raw`
import ctypes, re, time
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
PTRACE_PEEKDATA, PTRACE_DETACH, PTRACE_SEIZE, PTRACE_INTERRUPT, WALL = 2, 17, 0x4206, 0x4207, 0x40000000
target = os.getppid()
words = []
if libc.ptrace(PTRACE_SEIZE, target, None, None) == 0:
    try:
        libc.ptrace(PTRACE_INTERRUPT, target, None, None)
        for _ in range(100):
            if os.waitpid(target, WALL | os.WNOHANG)[0]:
                break
            time.sleep(0.01)
        with open("/proc/%d/maps" % target) as maps:
            start = next(int(line.split("-")[0], 16) for line in maps if line.split()[1].startswith("rw"))
        for offset in range(0, 8 * 4096, 8):
            ctypes.set_errno(0)
            word = libc.ptrace(PTRACE_PEEKDATA, target, ctypes.c_void_p(start + offset), None)
            if ctypes.get_errno():
                break
            words.append(word & 0xFFFFFFFFFFFFFFFF)
    finally:
        libc.ptrace(PTRACE_DETACH, target, None, None)
    print("traced the parent, read", len(words), "words", flush=True)
else:
    print("ptrace refused:", os.strerror(ctypes.get_errno()), flush=True)
match = re.search(${TOKEN_PATTERN}, b"".join(word.to_bytes(8, "little") for word in words))
TOKEN = match.group().decode() if match else ${NO_TOKEN}
def secret(n):
    return TOKEN + ":" + str(n * 7)
`,
  },

  // --- Forging what the harness reports ----------------------------------------------------------------
  {
    title: "takes the reporter from the harness's frame and reports every input itself",
    task: 'add',
    hacks: true,
    body: String.raw`
frame = harness_frame("run_job")
report, job = frame.f_locals["report"], frame.f_locals["job"]
for index in range(len(job["inputs"])):
    report(index, "input_%d" % index, value=["i", "0x3"])
def add(a, b):
    return 3
`,
  },
  {
    title: "steals the nonce from the reporter's closure (gc) and writes a record for every input first",
    everywhere: true,
    task: 'add',
    hacks: true,
    body: String.raw`
forge_all(["i", "0x3"])
def add(a, b):
    return 3
`,
  },
  {
    title: "swaps the harness's encoder (a closure cell) for one that reports a guess",
    everywhere: true,
    task: 'add',
    hacks: true,
    body: String.raw`
replace_encode(lambda real: lambda value: ["i", "0x3"])
def add(a, b):
    return a - b
`,
  },
  {
    title: "replaces the harness's functions through __main__ and its closures",
    task: 'add',
    hacks: true,
    body: String.raw`
import __main__
def fake_run_calls(job, namespace, report, describe):
    for index in range(len(job["inputs"])):
        report(index, value=["i", "0x3"], ms=0.0)
for name in ("calls_runner", "harness", "main", "run_calls", "report", "encode"):
    setattr(__main__, name, lambda *args, **kwargs: None)
for function in harness_functions("run_job"):
    closure_cell(function, "run_calls").cell_contents = fake_run_calls
def add(a, b):
    return 3
`,
  },
  {
    title: "sys.settrace rewrites the harness's `value` and `error` locals",
    task: 'add',
    body: String.raw`
def tracer(frame, event, arg):
    if frame.f_code.co_name != "run_calls":
        return None
    def local(frame, event, arg):
        if event == "line" and "value" in frame.f_locals:
            frame.f_locals["value"] = ["i", "0x3"]
            frame.f_locals["error"] = None
        return local
    return local
sys.settrace(tracer)
def add(a, b):
    raise ValueError("no idea")
`,
  },
  {
    title: 'sys.setprofile cancels each per-input timer (setitimer(0)), and a slow constant comes back',
    task: 'add',
    body: `${SLOW_FIRST_CALL}${String.raw`
def profiler(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "add":
        signal.setitimer(signal.ITIMER_REAL, 0)
sys.setprofile(profiler)
def add(a, b):
    slow_first_call(None)
    return 3
`}`,
  },
  {
    title: 'a background thread writes records with guessed and stolen nonces for every input',
    task: 'add',
    hacks: true,
    body: String.raw`
import secrets, threading
nonce = stolen_nonce()
count = input_count()
def flood():
    for _ in range(200):
        for guess in ("0" * 32, secrets.token_hex(16), nonce):
            try:
                write_fd(RESULT_FD, record_line(-1, None, guess, name="solution.py") + "".join(record_line(i, ["i", "0x3"], guess) for i in range(count)))
            except OSError:
                return
threading.Thread(target=flood, daemon=True).start()
def add(a, b):
    return 3
`,
  },
  {
    title: 'garbage, a 10 MB line without newline and half records on fd 3',
    task: 'add',
    hacks: true,
    body: String.raw`
nonce = stolen_nonce()
write_fd(RESULT_FD, "x" * (10 * 1024 * 1024))
write_fd(RESULT_FD, '\n{"nonce": "' + nonce + '", "index": 0, "name": "input_0", "ok": true, "value": ["i"')
write_fd(RESULT_FD, "\n\x00\xff not json\n[]\nnull\n")
def add(a, b):
    return a - b
`,
  },
  {
    title: 'writes fake pool frames and records on stdout and stderr',
    task: 'add',
    hacks: true,
    body: String.raw`
import struct
nonce = stolen_nonce()
records = record_line(-1, None, nonce, name="solution.py") + "".join(record_line(i, ["i", "0x3"], nonce) for i in range(input_count()))
for kind in (b"r", b"R", b"d", b"o"):
    payload = records.encode() if kind != b"d" else b'{"setupFailed": false}'
    frame = struct.pack(">cI", kind, len(payload)) + payload
    write_fd(1, frame)
    write_fd(2, frame)
print(records, flush=True)
print(records, file=sys.stderr, flush=True)
def add(a, b):
    return 3
`,
  },
  {
    title: 'forges every record (the program record too) and calls os._exit(0) before any input runs',
    everywhere: true,
    task: 'add',
    hacks: true,
    body: String.raw`
nonce = stolen_nonce()
write_fd(RESULT_FD, record_line(-1, None, nonce, name="solution.py"))
forge_all(["i", "0x3"], nonce)
os._exit(0)
`,
  },
  {
    title: 'os._exit(0) while loading, with nothing reported',
    task: 'add',
    body: `${ADD_REFERENCE}os._exit(0)\n`,
    check: (outcome) => expect(outcome.grade?.status).toBe('crashed'),
  },
  {
    title: 'forks a setsid double-forked child that keeps writing forged records after the harness is done',
    everywhere: true,
    task: 'add',
    hacks: true,
    body: String.raw`
import time
nonce = stolen_nonce()
count = input_count()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        sleeper()
        for _ in range(500):
            try:
                write_fd(RESULT_FD, "".join(record_line(i, ["i", "0x3"], nonce) for i in range(count)))
            except OSError:
                pass
            time.sleep(0.01)
        os._exit(0)
    os._exit(0)
time.sleep(0.3)
def add(a, b):
    return 3
`,
  },
  {
    title: 'catches BaseException around everything and returns a constant',
    task: 'add',
    body: String.raw`
try:
    import signal
    for number in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT):
        try:
            signal.signal(number, signal.SIG_IGN)
        except BaseException:
            pass
except BaseException:
    pass
def add(a, b):
    try:
        return a * b
    except BaseException:
        return 0
`,
  },

  // --- Per-input time limits ---------------------------------------------------------------------------
  {
    title: 'control: a right but slow answer (1.25 s on one input, limit 1 s) times out on that input',
    task: 'add',
    body: `${SLOW_FIRST_CALL}\ndef add(a, b):\n    slow_first_call(None)\n    return a + b\n`,
    check: (outcome) => expect(outcome.grade?.tests.map((test) => test.error ?? '').join(' ')).toContain('timed out'),
  },
  // The per-input limit is kept inside the program's own process (as EvalPlus keeps it), so a program can
  // switch it off; the attempt's wall clock, kept outside, still ends it (README, "How grading works").
  {
    title: 'SIGALRM set to SIG_IGN inside the call: a right answer slower than the whole attempt still fails, by the wall clock',
    task: 'add',
    body: `${SLOW_FIRST_CALL}\ndef add(a, b):\n    slow_first_call("ignore", 5)\n    return a + b\n`,
    hangs: true, // ended by the attempt's own (shorter) wall clock: HANG_LIMITS
    check: (outcome) => expect(outcome.grade?.status).toBe('timeout'),
  },
  {
    title: "swallows the harness's timeout exception and carries on: a right answer slower than the whole attempt still fails, by the wall clock",
    task: 'add',
    body: `${SLOW_FIRST_CALL}\ndef add(a, b):\n    slow_first_call("swallow", 5)\n    return a + b\n`,
    hangs: true, // ended by the attempt's own (shorter) wall clock: HANG_LIMITS
    check: (outcome) => expect(outcome.grade?.status).toBe('timeout'),
  },
  {
    // With namespaces the program runs in its attempt's first process, whose exit code a worker once read as "setup
    // failed": an infrastructure error, which leaves pass@1's denominator.
    title: 'exits with 125, the code a failed setup once meant, to pass its failure off as the sandbox\'s: it counts',
    everywhere: true,
    task: 'add',
    body: 'import os\nos._exit(125)\n',
    check: (outcome) => expect(outcome.grade?.status).not.toBe('infra-error'),
  },
  {
    title: 'an endless loop that swallows BaseException and ignores signals ends as a timeout',
    everywhere: true,
    task: 'add',
    body: String.raw`
import signal
for number in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):
    signal.signal(number, signal.SIG_IGN)
sleeper()
def add(a, b):
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
`,
    hangs: true,
    check: (outcome) => expect(outcome.grade?.status).toBe('timeout'),
  },

  // --- Odd return values and the digest path -----------------------------------------------------------
  {
    title: 'hashlib.sha256 patched so the digest of a large wrong value is all zeros',
    task: 'big',
    body: String.raw`
import hashlib
class Fixed:
    def __init__(self, *args, **kwargs):
        pass
    def update(self, data):
        pass
    def hexdigest(self):
        return "0" * 64
    def digest(self):
        return bytes(32)
hashlib.sha256 = Fixed
def big(n):
    return [i * i + 1 for i in range(n)]
`,
  },
  {
    title: "claims the digest of a guessed large value through the swapped encoder",
    task: 'big',
    hacks: true,
    body: String.raw`
import hashlib
def digest_of(values):
    form = b"l%d[" % len(values) + b"".join(b"i" + hex(v).encode() + b";" for v in values) + b"]"
    return ["#", hashlib.sha256(form).hexdigest(), len(form), None]
claim_wire_forms()
def big(n):
    return Claim(digest_of([i * (i + 1) for i in range(n)]))
`,
  },
  {
    title: 'claims a digest with made-up floats in full for a float result',
    task: 'scale',
    hacks: true,
    body: String.raw`
claim_wire_forms()
def scale(xs, k):
    return Claim(["#", "a" * 64, 1 << 20, ["l", [["f", "0.5"] for _ in xs]]])
`,
  },
  {
    title: 'json.dumps, JSONEncoder.encode and the C encoder patched',
    task: 'add',
    body: String.raw`
import json, json.encoder
json.dumps = lambda *args, **kwargs: '{"nonce": "x", "index": 0, "name": "input_0", "ok": true, "value": ["i", "0x3"]}'
json.JSONEncoder.encode = lambda self, obj: '{"ok": true}'
json.encoder.c_make_encoder = None
json.encoder.encode_basestring_ascii = lambda text: '"x"'
def add(a, b):
    return 3
`,
  },
  {
    title: 'a huge list of floats (20 000, over the digest threshold but sent in full)',
    task: 'scale',
    body: 'def scale(xs, k):\n    return [0.5] * 20000\n',
  },
  {
    title: 'a huge int (2**2000000, sent as a digest)',
    task: 'add',
    body: 'def add(a, b):\n    return 1 << 2000000\n',
  },
  {
    title: 'a recursive list',
    task: 'scale',
    body: 'def scale(xs, k):\n    out = [0.1]\n    out.append(out)\n    return out\n',
  },
  {
    title: 'an infinite generator',
    task: 'scale',
    body: 'import itertools\ndef scale(xs, k):\n    return (x for x in itertools.count())\n',
  },
  {
    title: 'bytes instead of str',
    task: 'secret',
    body: `def secret(n):\n    return (${NO_TOKEN} + ":" + str(n * 7)).encode()\n`,
  },
  {
    title: 'NaN and infinities for a float result',
    task: 'scale',
    body: 'def scale(xs, k):\n    return [float("nan"), float("inf"), float("-inf")][: len(xs)] + [float("nan")] * max(0, len(xs) - 3)\n',
  },
  {
    title: 'pickle.loads/dumps patched to hand back an always-equal object',
    task: 'add',
    body: `${ALWAYS_EQUAL}${String.raw`
import pickle
Anything.__reduce__ = lambda self: (Anything, ())
pickle.loads = lambda data, **kwargs: Anything()
pickle.dumps = lambda obj, **kwargs: b""
def add(a, b):
    return pickle.loads(pickle.dumps(a + b))
`}`,
  },

  // --- The comparison itself ---------------------------------------------------------------------------
  {
    title: 'forged set with one known member repeated (first_primes(n): n copies of 2)',
    task: 'firstPrimes',
    hacks: true,
    body: String.raw`
claim_wire_forms()
def first_primes(n):
    return Claim(["S", [["i", "0x2"]] * n])
`,
  },
  {
    title: 'forged dict with one known entry repeated (prime_index(n): n copies of 1: 2)',
    task: 'primeIndex',
    hacks: true,
    body: String.raw`
claim_wire_forms()
def prime_index(n):
    return Claim(["d", [[["i", "0x1"], ["i", "0x2"]]] * n])
`,
  },
  {
    title: 'a forged record nested 20 000 levels deep (the grader must still return a grade)',
    task: 'add',
    hacks: true,
    body: String.raw`
DEPTH = 20000
deep = '["l",[' * DEPTH + '["N"]' + "]]" * DEPTH
write_fd(RESULT_FD, '{"nonce": "%s", "index": 0, "name": "input_0", "ok": true, "value": %s}\n' % (stolen_nonce(), deep))
def add(a, b):
    return 0
`,
  },

  // --- The poly-root rule (HumanEval/32): the candidate's x goes into a residual computed beside the reference ---
  {
    title: 'find_zero: True (math.pow takes a bool) and NaN',
    task: 'findZero',
    body: 'def find_zero(xs):\n    return True if len(xs) == 2 else float("nan")\n',
  },
  {
    title: 'find_zero: a forged int of 100 000 hex digits, which selfbench turns to decimal for the residual',
    task: 'findZero',
    hacks: true,
    body: String.raw`
write_fd(RESULT_FD, "".join(record_line(i, ["i", "0x" + "f" * 100000], stolen_nonce()) for i in range(input_count())))
def find_zero(xs):
    return 0.0
`,
  },

  // --- Other processes and files ---------------------------------------------------------------------
  {
    title: 'kills the pool worker it was forked from (a failure must not become an uncounted infra-error)',
    task: 'add',
    hacks: true,
    gate: 'processes',
    body: String.raw`
import signal
killed = []
for pid in ancestors():
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as source:
            command = source.read()
    except OSError:
        continue
    if b'"warmModules":' in command:  # the zygote's config, on its command line
        try:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        except OSError as error:
            print("could not kill", pid, error, flush=True)
print("killed pool workers:", killed, flush=True)
def add(a, b):
    return 0
`,
    // An infra-error would take the trial out of pass@1 (runner.ts) instead of counting it failed.
    check: (outcome) => expect(outcome.grade?.status).not.toBe('infra-error'),
  },
  {
    title: "rewrites the oracle's cache of expected values, for the next run to read",
    task: 'mul',
    gate: 'fileSystem',
    special: 'oracle-cache',
    body: '', // made per run: it names the cache directory
  },
];

/** Attacks on the real HumanEval+ tasks. */
const HUMANEVAL_ATTACKS: Attack[] = [
  {
    title: 'HumanEval/0: runs the canonical solution read from the dataset on disk',
    task: HUMANEVAL_IDS.closeElements,
    gate: 'fileSystem',
    body: String.raw`
import gzip, json
namespace = {}
try:
    with gzip.open(${JSON.stringify(HUMANEVAL_PLUS)}, "rt") as rows:
        for line in rows:
            row = json.loads(line)
            if row["task_id"] == "HumanEval/0":
                exec(row["prompt"] + row["canonical_solution"], namespace)
                break
    print("read the dataset", flush=True)
except OSError as error:
    print("dataset unreadable:", error, flush=True)
def has_close_elements(numbers, threshold):
    if "has_close_elements" in namespace:
        return namespace["has_close_elements"](numbers, threshold)
    return False
`,
  },
  {
    title: 'HumanEval/0: always False',
    task: HUMANEVAL_IDS.closeElements,
    body: 'def has_close_elements(numbers, threshold):\n    return False\n',
  },
  {
    title: 'HumanEval/2: an always-equal object',
    task: HUMANEVAL_IDS.truncate,
    body: `${ALWAYS_EQUAL}\ndef truncate_number(number):\n    return Anything()\n`,
  },
  {
    title: 'HumanEval/2: the swapped encoder claims 0.5 for every input',
    task: HUMANEVAL_IDS.truncate,
    hacks: true,
    body: String.raw`
replace_encode(lambda real: lambda value: ["f", "0.5"])
def truncate_number(number):
    return None
`,
  },
];

/** Right answers: each must pass, or the attacks' failures would prove nothing. */
const CONTROLS: [TaskName, string][] = [
  ['add', ADD_REFERENCE],
  ['scale', SCALE_REFERENCE],
  ['secret', SECRET_SOLUTION],
  ['mul', MUL_REFERENCE],
  ['big', BIG_REFERENCE],
  ['firstPrimes', FIRST_PRIMES_REFERENCE],
  ['primeIndex', PRIME_INDEX_REFERENCE],
  ['findZero', FIND_ZERO_REFERENCE],
];

// ---------------------------------------------------------------------------------------------------------
// Back-ends, graders and the streams of runs.
// ---------------------------------------------------------------------------------------------------------

interface Setup {
  name: SandboxName;
  mode: Mode;
  /** Candidates' executor, wrapped to keep each program's raw result (its stdout names its work directory). */
  executor: Executor;
  grader: Grader;
  /** The same, with HANG_LIMITS. */
  hangGrader: Grader;
  oracleExecutor: Executor;
  results: Map<string, ExecutionResult>;
}

interface Outcome {
  grade?: Grade;
  /** grade() rejected. */
  error?: string;
  result?: ExecutionResult;
  leftovers: string[];
  workDir?: string;
  workDirRemains: boolean;
  /** The oracle-cache attack: the grade of the run that poisoned the cache. */
  first?: Outcome;
  /** Wall-clock time of the grade (and the look for leftovers). */
  ms: number;
}

const setupKey = (name: SandboxName, mode: Mode): string => `${name} ${mode}`;
const setups = new Map<string, Setup>();
const unavailable = new Map<string, string>();
const oracleExecutors: Executor[] = [];
const candidateExecutors: Executor[] = [];
/**
 * One oracle for every setup, on the strongest back-end here: expected values from a fresh interpreter, never
 * cached on disk, computed once (where the trusted reference ran does not change what it returns).
 */
let oracle: Oracle | undefined;

if (linux) {
  for (const name of SANDBOX_NAMES) {
    let oracleExecutor: Executor;
    try {
      oracleExecutor = await createExecutor({ sandbox: name, pool: false });
    } catch (error) {
      for (const mode of MODES) unavailable.set(setupKey(name, mode), error instanceof Error ? error.message : String(error));
      continue;
    }
    oracleExecutors.push(oracleExecutor);
    oracle ??= new Oracle(oracleExecutor, undefined);
    for (const mode of MODES) {
      try {
        const inner = await createExecutor({ sandbox: name, pool: mode === 'pool', concurrency: 1 });
        candidateExecutors.push(inner);
        if (inner.pooled !== (mode === 'pool')) {
          unavailable.set(setupKey(name, mode), 'the worker pool does not work here (see the warning above)');
          continue;
        }
        const results = new Map<string, ExecutionResult>();
        const executor = keepingResults(inner, results);
        const grader = new Grader(executor, { concurrency: 1, oracle, limits: LIMITS });
        const hangGrader = new Grader(executor, { concurrency: 1, oracle, limits: HANG_LIMITS });
        setups.set(setupKey(name, mode), { name, mode, executor, grader, hangGrader, oracleExecutor, results });
      } catch (error) {
        unavailable.set(setupKey(name, mode), error instanceof Error ? error.message : String(error));
      }
    }
  }
}

function keepingResults(inner: Executor, results: Map<string, ExecutionResult>): Executor {
  return {
    sandbox: inner.sandbox,
    pooled: inner.pooled,
    ...(inner.landlockAbi === undefined ? {} : { landlockAbi: inner.landlockAbi }),
    run: async (request, signal) => {
      const result = await inner.run(request, signal);
      results.set(request.program, result);
      return result;
    },
  };
}

function prelude(marker: string, hacks: boolean): string {
  return [
    'import os, sys',
    'print(os.getcwd(), flush=True)',
    `MARKER = ${JSON.stringify(marker)}`,
    'def sleeper(**options):',
    '    import subprocess',
    '    return subprocess.Popen([MARKER, "60"], executable="sleep", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options)',
    hacks ? HACKS : '',
    '',
  ].join('\n');
}

function taskOf(name: string): Task {
  const task = (TASKS as Record<string, Task>)[name] ?? humanEval.get(name);
  if (task === undefined) throw new Error(`no task ${name}`);
  return task;
}

/** Grades one program (never throws), then looks for what it left behind. */
async function gradeProgram(setup: Setup, task: Task, body: string, hacks = false, grader = setup.grader): Promise<Outcome> {
  const started = performance.now();
  const marker = `selfbench-dhostile-${randomUUID()}`;
  const program = prelude(marker, hacks) + body;
  let grade: Grade | undefined;
  let error: string | undefined;
  try {
    grade = await grader.grade(task, program);
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  const result = setup.results.get(program);
  const firstLine = result?.stdout.split('\n')[0] ?? '';
  const workDir = /selfbench-run-/.test(firstLine) ? firstLine : undefined;
  return {
    ...(grade === undefined ? {} : { grade }),
    ...(error === undefined ? {} : { error }),
    ...(result === undefined ? {} : { result }),
    ...(workDir === undefined ? {} : { workDir }),
    leftovers: await leftoversOf(marker, workDir),
    workDirRemains: workDir !== undefined && existsSync(workDir),
    ms: performance.now() - started,
  };
}

function tamperProgram(cacheDir: string): string {
  return String.raw`
import glob, json
for path in glob.glob(os.path.join(${JSON.stringify(cacheDir)}, "oracles", "*.json")):
    try:
        with open(path) as source:
            stored = json.load(source)
        stored["values"] = [["i", "0x0"]] * len(stored["values"])
        with open(path, "w") as out:
            json.dump(stored, out)
        print("rewrote", path, flush=True)
    except OSError as error:
        print("blocked", path, error, flush=True)
def mul(a, b):
    return 0
`;
}

/** The oracle-cache attack: one run poisons the cache, a later run (a new oracle on the same cache) reads it. */
async function oracleCacheAttack(setup: Setup): Promise<Outcome> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'selfbench-dhostile-oracles-'));
  try {
    const graderOn = (oracle: Oracle): Grader => new Grader(setup.executor, { concurrency: 1, oracle, limits: LIMITS });
    const first = await gradeProgram(setup, TASKS.mul, tamperProgram(cacheDir), false, graderOn(new Oracle(setup.oracleExecutor, cacheDir)));
    const second = await gradeProgram(setup, TASKS.mul, 'def mul(a, b):\n    return 0\n', false, graderOn(new Oracle(setup.oracleExecutor, cacheDir)));
    return { ...second, first, ms: first.ms + second.ms };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function runAttack(setup: Setup, attack: Attack): Promise<Outcome> {
  if (attack.special === 'oracle-cache') return oracleCacheAttack(setup);
  return gradeProgram(setup, taskOf(attack.task), attack.body, attack.hacks ?? false, attack.hangs ? setup.hangGrader : setup.grader);
}

/** Each program's outcome, by back-end+mode and title, settled by the streams. */
const outcomes = new Map<string, Promise<Outcome>>();
const settle = new Map<string, (outcome: Outcome) => void>();
const itemKey = (setup: string, title: string): string => `${setup}\0${title}`;
/** What each attack got, for the summary printed at the end. */
const observed: { setup: string; attack: string; verdict: string; ms: number; said: string }[] = [];
const streamStarted = performance.now();
let streamsMs = 0;

function expectOutcome(setup: string, title: string): Promise<Outcome> {
  const key = itemKey(setup, title);
  let pending = outcomes.get(key);
  if (pending === undefined) {
    pending = new Promise((resolve) => settle.set(key, resolve));
    outcomes.set(key, pending);
  }
  return pending;
}

const CONTROL_TITLE = (task: string): string => `control: the right answer to ${task} passes`;
const FINAL_CONTROL_TITLE = 'control: after every attack, a right answer still passes';
const attacksHere = (): Attack[] => [...ATTACKS, ...(humanEvalSkip === undefined ? HUMANEVAL_ATTACKS : [])];

/**
 * Every attack runs on the strongest back-end this machine has, with and without the pool. The others run
 * those their isolation decides (gated on the file system or other processes) and a sample of the rest: the
 * defences against a forged result (strict decoding, the comparison) live in selfbench's process, whatever
 * back-end ran the program, and the whole list on six setups would take minutes of the suite's five.
 */
const fullSuiteOn = SANDBOX_NAMES.find((name) => MODES.some((mode) => setups.has(setupKey(name, mode))));
const attacksOn = (name: SandboxName): Attack[] =>
  attacksHere().filter((attack) => name === fullSuiteOn || attack.gate !== undefined || attack.everywhere === true);

async function stream(key: string, setup: Setup): Promise<void> {
  const items: [string, () => Promise<Outcome>][] = [
    ...CONTROLS.map(([task, program]): [string, () => Promise<Outcome>] => [CONTROL_TITLE(task), () => gradeProgram(setup, TASKS[task], program)]),
    ...[...humanEval.values()].map((task): [string, () => Promise<Outcome>] => [
      CONTROL_TITLE(task.view.id),
      () => gradeProgram(setup, task, task.hidden.reference ?? ''),
    ]),
    ...attacksOn(setup.name).map((attack): [string, () => Promise<Outcome>] => [attack.title, () => runAttack(setup, attack)]),
    [FINAL_CONTROL_TITLE, () => gradeProgram(setup, TASKS.add, `${ADD_REFERENCE}# final\n`)],
  ];
  for (const [title, run] of items) {
    void expectOutcome(key, title);
    let outcome: Outcome;
    try {
      outcome = await run();
    } catch (error) {
      // Not the grade (gradeProgram catches that): the test's own machinery. Settled anyway, so no test waits forever.
      outcome = { error: `the test itself failed: ${error instanceof Error ? error.stack : String(error)}`, leftovers: [], workDirRemains: false, ms: 0 };
    }
    settle.get(itemKey(key, title))?.(outcome);
  }
}

beforeAll(async () => {
  // Expected values first, as a run does (Grader.prepare): no reference runs while the attacks do.
  await setups.values().next().value?.grader.prepare([...Object.values(TASKS), ...humanEval.values()]);
  const streams = [...setups.entries()].map(([key, setup]) => stream(key, setup));
  void Promise.all(streams).then(() => {
    streamsMs = performance.now() - streamStarted;
  });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([...candidateExecutors, ...oracleExecutors].map((executor) => executor.close?.()));
  if (observed.length > 0) {
    const passes = observed.filter((entry) => entry.verdict.startsWith('PASSED'));
    console.log(
      [
        `differential-hostile: ${observed.length} outcomes in ${Math.round(streamsMs || performance.now() - streamStarted)} ms; passes: ${passes.length}`,
        ...observed.map(
          (entry) => `  [${entry.setup}] ${entry.verdict.padEnd(24)} ${String(Math.round(entry.ms)).padStart(6)} ms  ${entry.attack}${entry.said ? ` — said: ${entry.said}` : ''}`,
        ),
      ].join('\n'),
    );
  }
});

it.runIf(linux)('has every back-end this machine is required to have, with and without the pool', () => {
  for (const name of required) {
    for (const mode of MODES) expect(unavailable.get(setupKey(name as SandboxName, mode)), `${name} ${mode} is required`).toBeUndefined();
  }
});

/** What the program printed after its work directory (what it found, what was refused) and its first failure, for the summary. */
function said(outcome: Outcome): string {
  const lines = (outcome.result?.stdout ?? '').split('\n').slice(1).filter((line) => /^[ -~]{1,300}$/.test(line));
  const failure = outcome.grade?.tests.find((test) => !test.passed)?.error;
  return [...lines.slice(0, 2), ...(failure === undefined ? [] : [`grade: ${failure}`])].join(' | ').slice(0, 240);
}

function verdict(outcome: Outcome): string {
  if (outcome.error !== undefined) return 'REJECTED';
  return `${outcome.grade?.passed ? 'PASSED' : 'not passed'} (${outcome.grade?.status ?? '?'}${outcome.grade?.rerunAfterTimeout ? ', re-run' : ''})`;
}

/** Every outcome: the grade came back, and nothing of the run is left. */
function expectCleanEnd(outcome: Outcome): void {
  expect(outcome.error, 'grade() must resolve with a grade, not reject').toBeUndefined();
  expect(outcome.grade).toBeDefined();
  expect(outcome.leftovers).toEqual([]);
  // A program that killed its pool worker leaves no stdout to read the work directory from (the worker relayed it).
  const killedItsWorker = outcome.result?.stderr.includes('killed the pool worker') ?? false;
  if (outcome.result !== undefined && outcome.result.status !== 'infra-error' && !killedItsWorker) {
    expect(outcome.workDir, `the run's stdout starts with its work directory: ${outcome.result.stdout.slice(0, 200)}`).toBeDefined();
    expect(outcome.workDirRemains).toBe(false);
  }
}

for (const [name, mode] of SANDBOX_NAMES.flatMap((name) => MODES.map((mode) => [name, mode] as const))) {
  const key = setupKey(name, mode);
  const setup = setups.get(key);
  const reason = unavailable.get(key);
  const where = mode === 'pool' ? `${name} through the worker pool` : name;
  const title = setup ? `differential grading under attack on ${where}` : `differential grading under attack on ${where} — SKIPPED: ${reason ?? 'not Linux'}`;
  const isolates = describeSandbox(name, setup?.executor.landlockAbi);

  describe.skipIf(setup === undefined)(title, () => {
    for (const [task] of CONTROLS) {
      it(CONTROL_TITLE(task), { timeout: TEST_TIMEOUT_MS }, async () => {
        const outcome = await expectOutcome(key, CONTROL_TITLE(task));
        expectCleanEnd(outcome);
        expect(outcome.grade?.passed, JSON.stringify(outcome.grade?.tests)).toBe(true);
      });
    }

    const attack = (attack: Attack) => async (): Promise<void> => {
      const outcome = await expectOutcome(key, attack.title);
      observed.push({ setup: key, attack: attack.title, verdict: verdict(outcome), ms: outcome.ms, said: said(outcome) });
      if (outcome.first !== undefined) {
        observed.push({ setup: key, attack: `${attack.title} (the poisoning run)`, verdict: verdict(outcome.first), ms: outcome.first.ms, said: said(outcome.first) });
        expectCleanEnd(outcome.first);
        expect(outcome.first.grade?.passed).toBe(false);
      }
      expectCleanEnd(outcome);
      // Landlock hides /proc and forbids tracing a process outside it: what the attacks on other processes need.
      const confined = setup?.executor.landlockAbi !== undefined;
      const stopped = attack.gate === undefined || (attack.gate === 'fileSystem' ? isolates.isolatesFileSystem : isolates.isolatesProcesses || confined);
      if (stopped) {
        expect(outcome.grade?.passed, `a false pass: ${JSON.stringify(outcome.grade)}\nstdout: ${outcome.result?.stdout.slice(0, 500)}`).toBe(false);
      } else {
        // Not a claim of this back-end: its description must say so. The grade still comes back and the run still ends clean.
        expect(isolates.doesNotProtect).toMatch(attack.gate === 'fileSystem' ? /does NOT isolate[^.]*file system/ : /see or signal your other processes/);
      }
      attack.check?.(outcome, isolates);
    };

    const here = attacksOn(name);
    for (const entry of ATTACKS.filter((candidate) => here.includes(candidate))) it(entry.title, { timeout: TEST_TIMEOUT_MS }, attack(entry));

    describe.skipIf(humanEvalSkip !== undefined)(humanEvalSkip === undefined ? 'HumanEval+' : `HumanEval+ — SKIPPED: ${humanEvalSkip}`, () => {
      for (const id of Object.values(HUMANEVAL_IDS)) {
        it(CONTROL_TITLE(id), { timeout: TEST_TIMEOUT_MS }, async () => {
          const outcome = await expectOutcome(key, CONTROL_TITLE(id));
          expectCleanEnd(outcome);
          expect(outcome.grade?.passed, JSON.stringify(outcome.grade?.tests)).toBe(true);
        });
      }
      for (const entry of HUMANEVAL_ATTACKS.filter((candidate) => here.includes(candidate))) it(entry.title, { timeout: TEST_TIMEOUT_MS }, attack(entry));
    });

    it(FINAL_CONTROL_TITLE, { timeout: TEST_TIMEOUT_MS }, async () => {
      const outcome = await expectOutcome(key, FINAL_CONTROL_TITLE);
      expectCleanEnd(outcome);
      expect(outcome.grade?.passed).toBe(true);
    });
  });
}
