import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TestCase } from '../../src/datasets/task.js';
import { createProcessExecutor, createSandboxedExecutor } from '../../src/execution/process/process-executor.js';
import type { ExecutionLimits } from '../../src/execution/types.js';
import { unconfinedProcessBackend } from '../support/backends.js';
import { isGone } from '../support/leftovers.js';

const executor = createSandboxedExecutor(unconfinedProcessBackend);
const scratch = mkdtempSync(join(tmpdir(), 'selfbench-executor-test-'));
chmodSync(scratch, 0o777); // as root, user code runs as a user of its own
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ADD = 'def add(a, b):\n    return a + b\n';
const ADD_TESTS: TestCase[] = [
  { name: 'small', code: 'assert add(1, 2) == 3' },
  { name: 'negative', code: 'assert add(-1, -1) == -2' },
];

function run(program: string, tests: readonly TestCase[] = ADD_TESTS, limits?: Partial<ExecutionLimits>) {
  return executor.run({ program, tests, limits });
}

/** A Python string literal for a path in the test's scratch directory (outside the run's work dir). */
function scratchPath(name: string): { path: string; literal: string } {
  const path = join(scratch, name);
  return { path, literal: JSON.stringify(path) };
}

/** SIGKILL is delivered asynchronously, so poll briefly instead of checking once. */
async function eventuallyGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (isGone(pid)) return true;
    await sleep(100);
  }
  return false;
}

describe('process executor: grading', () => {
  it('passes a correct program', async () => {
    const result = await run(ADD);
    expect(result.status).toBe('passed');
    expect(result.passedCount).toBe(2);
    expect(result.tests).toEqual([
      { name: 'small', passed: true },
      { name: 'negative', passed: true },
    ]);
    expect(result.sandbox).toBe('process');
  });

  it('explains failures: expected/got for equality asserts, else the exception or the failing statement', async () => {
    const program = 'def add(a, b):\n    return a - b\n\ndef divide(a, b):\n    return a / b\n';
    const result = await run(program, [
      { name: 'equality', code: 'assert add(1, 2) == 3' },
      { name: 'check-style', code: 'def check(candidate):\n    assert candidate(5, 0) == 5\n    assert candidate(2, 2) == 4\ncheck(add)' },
      { name: 'comparison', code: 'assert add(1, 2) > 5' },
      { name: 'with message', code: 'assert add(1, 2) > 5, "too small"' },
      { name: 'exception', code: 'divide(1, 0)' },
      { name: 'passing', code: 'assert add(3, 1) == 2' },
    ]);
    expect(result.status).toBe('failed');
    expect(result.passedCount).toBe(1);
    expect(result.tests.map((test) => test.error)).toEqual([
      'AssertionError: expected 3, got -1',
      'AssertionError: expected 4, got 0',
      'AssertionError: assert add(1, 2) > 5',
      'AssertionError: too small (at: assert add(1, 2) > 5, "too small")',
      'ZeroDivisionError: division by zero',
      undefined,
    ]);
  });

  it('fails every test when the program does not compile', async () => {
    const result = await run('def add(a, b:\n    return a + b\n');
    expect(result.status).toBe('failed');
    expect(result.tests.every((test) => !test.passed && test.error?.startsWith('SyntaxError'))).toBe(true);
  });

  it('fails every test when the program raises while loading', async () => {
    const result = await run(`${ADD}undefined_name\n`);
    expect(result.status).toBe('failed');
    expect(result.tests.map((test) => test.error)).toEqual([
      "NameError: name 'undefined_name' is not defined",
      "NameError: name 'undefined_name' is not defined",
    ]);
  });

  it("runs tests after the program, so a test's own helper replaces the program's no-op", async () => {
    const program = 'def add(a, b):\n    return 0\n\ndef check(candidate):\n    pass\n';
    const result = await run(program, [{ name: 'check', code: 'def check(candidate):\n    assert candidate(1, 2) == 3\ncheck(add)' }]);
    expect(result.status).toBe('failed');
    expect(result.tests[0]?.error).toBe('AssertionError: expected 3, got 0');
  });

  it('counts SystemExit and KeyboardInterrupt raised by a test as failures and keeps going', async () => {
    const result = await run(`${ADD}import sys\n`, [
      { name: 'exit', code: 'sys.exit(0)' },
      { name: 'interrupt', code: 'raise KeyboardInterrupt' },
      { name: 'ok', code: 'assert add(1, 1) == 2' },
    ]);
    expect(result.status).toBe('failed');
    expect(result.tests).toEqual([
      { name: 'exit', passed: false, error: 'SystemExit: 0' },
      { name: 'interrupt', passed: false, error: 'KeyboardInterrupt' },
      { name: 'ok', passed: true },
    ]);
  });

  it('treats an empty test list as a check that the program loads', async () => {
    expect((await run(ADD, [])).status).toBe('passed');
    expect((await run('def add(:', [])).status).toBe('failed');
  });
});

describe('process executor: programs that try to pass without passing', () => {
  it.each([
    ['sys.exit(0)', 'import sys\nsys.exit(0)\n'],
    ['os._exit(0)', 'import os\nos._exit(0)\n'],
  ])('reports %s at import as crashed', async (_label, exit) => {
    const result = await run(`${ADD}${exit}`);
    expect(result.status).toBe('crashed');
    expect(result.tests).toEqual([
      { name: 'small', passed: false, error: 'no result (process ended early)' },
      { name: 'negative', passed: false, error: 'no result (process ended early)' },
    ]);
  });

  it('ignores forged result lines and a rewritten job file', async () => {
    const forge = [
      'import json, os, sys',
      'for index, name in enumerate(["solution.py", "small", "negative"], start=-1):',
      '    line = json.dumps({"nonce": "guess", "index": index, "name": name, "ok": True}) + "\\n"',
      '    for fd in (1, 2, 3):',
      '        os.write(fd, line.encode())',
      'with open("job.json", "w") as job:',
      '    json.dump({"program": "solution.py", "tests": [], "limits": {}}, job)',
      'sys.stdout.flush()',
      'os._exit(0)',
    ].join('\n');
    const result = await run(`${ADD}${forge}\n`);
    expect(result.status).toBe('crashed');
    expect(result.passedCount).toBe(0);
  });

  it('still reports a failure after the program patches json.dumps and os.write', async () => {
    const patch = [
      'import json, os',
      '_dumps, _write = json.dumps, os.write',
      'json.dumps = lambda value, **kw: _dumps({**value, "ok": True}, **kw) if isinstance(value, dict) else _dumps(value, **kw)',
      'os.write = lambda fd, data: _write(fd, data.replace(b\'"ok": false\', b\'"ok": true\'))',
      'def add(a, b):',
      '    return 0',
    ].join('\n');
    const result = await run(`${patch}\n`);
    expect(result.status).toBe('failed');
    expect(result.passedCount).toBe(0);
  });
});

describe('process executor: limits', () => {
  const pidFile = scratchPath('pids');
  afterEach(() => rmSync(pidFile.path, { force: true }));

  it.runIf(process.platform === 'linux')(
    'kills an infinite loop and the processes it started, and removes the work dir',
    async () => {
      const program = [
        'import os, subprocess',
        'child = subprocess.Popen(["sleep", "60"])',
        `with open(${pidFile.literal}, "w") as f:`,
        '    f.write(f"{child.pid} {os.getcwd()}")',
        'while True:',
        '    pass',
      ].join('\n');
      const result = await run(program, ADD_TESTS, { timeoutMs: 1000 });
      expect(result.status).toBe('timeout');
      expect(result.passedCount).toBe(0);
      const [pid, workDir] = readFileSync(pidFile.path, 'utf8').split(' ');
      expect(await eventuallyGone(Number(pid))).toBe(true);
      expect(existsSync(workDir ?? '')).toBe(false);
    },
  );

  it.runIf(process.platform === 'linux').each([
    ['does not wait for a leftover grandchild that holds stdout, and kills it', ''],
    ['kills a process that left the group (setsid) and holds the pipes open', ', start_new_session=True'],
  ])('%s', async (_, popenOptions) => {
    const program = [
      'import subprocess',
      `child = subprocess.Popen(["sleep", "60"]${popenOptions})`,
      `with open(${pidFile.literal}, "w") as f:`,
      '    f.write(str(child.pid))',
      ADD,
    ].join('\n');
    const result = await run(program);
    expect(result.status).toBe('passed');
    expect(await eventuallyGone(Number(readFileSync(pidFile.path, 'utf8')))).toBe(true);
  });

  it('reports a 4 GB allocation as a memory failure', async () => {
    const program = 'def grow():\n    return len(bytearray(4 * 1024 ** 3))\n';
    const result = await run(program, [{ name: 'grow', code: 'assert grow() > 0' }]);
    expect(result.status).toBe('memory');
    expect(result.tests[0]?.error).toMatch(/^MemoryError/);
  });

  it('stops an output flood and keeps only outputBytes of it', async () => {
    const program = `import sys\nfor _ in range(3_000_000):\n    print("x" * 99)\n${ADD}`;
    const result = await run(program, ADD_TESTS, { outputBytes: 1000 });
    expect(result.status).toBe('output-limit');
    expect(result.stdout.startsWith('x'.repeat(99))).toBe(true);
    expect(result.stdout).toMatch(/\n\[\d+ more bytes not kept\]$/);
    expect(result.stdout.length).toBeLessThan(1100);
  });
});

describe('process executor: environment', () => {
  afterEach(() => {
    delete process.env.OPENAI_API_KEY;
  });

  it('hides the parent environment, stdin and nonce, and removes the work dir', async () => {
    process.env.OPENAI_API_KEY = 'secret-xyz';
    const program = 'import os, sys\nprint(os.getcwd())\nprint(sorted(os.environ.items()))\nprint(sys.argv)\n';
    const result = await run(program, [
      { name: 'no key', code: 'assert "OPENAI_API_KEY" not in os.environ' },
      { name: 'home inside work dir', code: 'assert os.environ["HOME"].startswith(os.getcwd())' },
      { name: 'tmp inside work dir', code: 'import tempfile\nassert tempfile.gettempdir().startswith(os.getcwd())' },
      { name: 'hash seed', code: 'assert os.environ["PYTHONHASHSEED"] == "0"' },
      { name: 'stdin at EOF', code: 'assert sys.stdin.read() == ""' },
    ]);
    expect(result.tests.filter((test) => !test.passed)).toEqual([]);
    expect(result.status).toBe('passed');
    expect(result.stdout).not.toContain('secret-xyz');
    const workDir = result.stdout.split('\n')[0] ?? '';
    expect(workDir).not.toBe('');
    expect(existsSync(workDir)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('rejects with the abort reason and kills the process when aborted', async () => {
    const pidFile = scratchPath('abort-pid');
    // Written then renamed, so the test never reads a half-written pid.
    const program = `import os\nwith open(${pidFile.literal} + ".tmp", "w") as f:\n    f.write(str(os.getpid()))\nos.replace(${pidFile.literal} + ".tmp", ${pidFile.literal})\nwhile True:\n    pass\n`;
    const controller = new AbortController();
    const running = executor.run({ program, tests: ADD_TESTS }, controller.signal);
    for (let attempt = 0; attempt < 100 && !existsSync(pidFile.path); attempt++) await sleep(50);
    controller.abort(new Error('cancelled by test'));
    await expect(running).rejects.toThrow('cancelled by test');
    expect(await eventuallyGone(Number(readFileSync(pidFile.path, 'utf8')))).toBe(true);
  });

  it('reports infra-error when the interpreter cannot be found', async () => {
    const missing = createProcessExecutor({ python: join(scratch, 'no-such-python') });
    const result = await missing.run({ program: ADD, tests: ADD_TESTS });
    expect(result.status).toBe('infra-error');
    expect(result.tests.every((test) => !test.passed)).toBe(true);
    expect(result.stderr).toContain('no-such-python');
  });
});
