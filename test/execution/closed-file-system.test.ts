import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/execution/sandbox.js';
import { createSandboxedExecutor } from '../../src/execution/process/process-executor.js';
import { bwrapBackend } from '../../src/execution/sandbox/bwrap.js';
import { unshareBackend } from '../../src/execution/sandbox/unshare.js';
import { AUTO_SANDBOXES } from '../../src/execution/sandbox/sandbox-description.js';
import type { Executor } from '../../src/execution/types.js';
import { repoRoot } from '../support/cli.js';
import { pathWith } from '../support/path.js';
import { processTable, type ProcessEntry } from '../support/pool-workers.js';
import { PYTHON } from '../support/python.js';

/**
 * With bubblewrap hidden, `auto` must still give a back-end whose file system is closed: a program's writes to
 * the user's home, the real /tmp and the project do not land, and what lies outside its view (the project's
 * files, the datasets beside it) cannot be read. Where unshare cannot work either, the sandbox tests show the refusal.
 */
const marker = `selfbench-escape-${process.pid}`;
const targets = [join(homedir(), marker), join('/tmp', marker), join(repoRoot, marker)];
const secrets = [join(repoRoot, 'package.json'), join(repoRoot, '..', 'shared', 'README.md')];

const program = `
import json, os

def probe():
    seen = {}
    for path in ${JSON.stringify(targets)}:
        try:
            with open(path, "w") as f:
                f.write("escaped")
            seen[path] = "written"
        except OSError as error:
            seen[path] = error.strerror
    for path in ${JSON.stringify(secrets)}:
        seen[path] = "read" if os.path.exists(path) else "absent"
    print(json.dumps(seen))
    return 1
`;

describe.runIf(process.platform === 'linux')('auto without bubblewrap', () => {
  const path = process.env.PATH;
  let executor: Executor | undefined;
  afterEach(async () => {
    process.env.PATH = path;
    await executor?.close?.();
  });

  for (const pool of [false, true]) {
    it(`runs on unshare, where writes outside the work directory do not land and the host's files are out of sight (${pool ? 'pooled' : 'one interpreter per attempt'})`, async () => {
      process.env.PATH = await pathWith(['unshare']);
      executor = await createExecutor({ pool });
      expect(executor.sandbox).toBe('unshare');
      const result = await executor.run({ program, tests: [{ name: 'probe', code: 'assert probe() == 1' }] });
      expect(result.status, result.stderr).toBe('passed');
      const seen = JSON.parse(result.stdout) as Record<string, string>;
      // In its own view /tmp is private, so that write may succeed there; none may reach the host.
      for (const target of targets) expect(existsSync(target), `${target}: ${seen[target]}`).toBe(false);
      expect(seen[join(homedir(), marker)]).not.toBe('written');
      for (const secret of secrets) expect(seen[secret], secret).toBe('absent');
    });
  }
});

/** What Landlock decides is opening, not seeing: a path outside stays visible to stat, never readable. */
const openProbe = program.replace('seen[path] = "read" if os.path.exists(path) else "absent"', 'seen[path] = "read" if readable(path) else "refused"').replace(
  'def probe():',
  'def readable(path):\n    try:\n        with open(path) as f:\n            return bool(f.read(1))\n    except OSError:\n        return False\n\ndef probe():',
);

describe.runIf(process.platform === 'linux')('process with Landlock', () => {
  let executor: Executor | undefined;
  afterEach(async () => {
    await executor?.close?.();
  });

  for (const pool of [false, true]) {
    it(`confines user code to its work directory and the system's files, where the kernel has Landlock (${pool ? 'pooled' : 'one interpreter per attempt'})`, async (context) => {
      executor = await createExecutor({ sandbox: 'process', pool });
      if (executor.landlockAbi === undefined) context.skip('this kernel has no Landlock: process confines nothing (its description says so)');
      const result = await executor.run({ program: openProbe, tests: [{ name: 'probe', code: 'assert probe() == 1' }] });
      expect(result.status, result.stderr).toBe('passed');
      const seen = JSON.parse(result.stdout) as Record<string, string>;
      for (const target of targets) expect(existsSync(target), `${target}: ${seen[target]}`).toBe(false);
      for (const secret of secrets) expect(seen[secret], secret).toBe('refused');
    });
  }
});

/** A program that reports what it can reach beyond its own descriptors and how much its /tmp and /dev/shm take. */
const limitsProbe = `
import json, os

def probe():
    seen = {"fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd"))}
    for place in ("/tmp", "/dev/shm"):
        written = 0
        try:
            with open(os.path.join(place, "fill"), "wb") as f:
                while written < 256 << 20:
                    f.write(b"x" * (1 << 20))
                    written += 1 << 20
        except OSError:
            pass
        seen[place] = written >> 20
    print(json.dumps(seen))
    return 1
`;

describe.runIf(process.platform === 'linux')('what an isolating back-end closes besides files', () => {
  const setups = AUTO_SANDBOXES.flatMap((sandbox) => [false, true].map((pool) => ({ sandbox, pool, key: `${sandbox}${pool ? ', pooled' : ''}` })));
  /** Each setup's result, or why its back-end does not work here: one selfbench process runs them all. */
  let outcomes: Record<string, { result?: { status: string; stdout: string; stderr: string }; unavailable?: string }>;
  beforeAll(() => {
    // selfbench started with an open descriptor on a host directory, as a shell's `exec 57<dir` leaves one.
    const script = `
      import { createExecutor } from ${JSON.stringify(join(repoRoot, 'dist/execution/sandbox.js'))};
      const outcomes = {};
      for (const { sandbox, pool, key } of ${JSON.stringify(setups)}) {
        let executor;
        try {
          executor = await createExecutor({ sandbox, pool });
        } catch (error) {
          outcomes[key] = { unavailable: error.message };
          continue;
        }
        outcomes[key] = { result: await executor.run({ program: ${JSON.stringify(limitsProbe)}, tests: [{ name: 'probe', code: 'assert probe() == 1' }] }) };
        await executor.close?.();
      }
      console.log(JSON.stringify(outcomes));`;
    const inherited = openSync(repoRoot, 'r');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe', 'ignore', 'ignore', inherited], encoding: 'utf8' });
    closeSync(inherited);
    expect(child.status, child.stderr).toBe(0);
    outcomes = JSON.parse(child.stdout) as typeof outcomes;
  });

  for (const { sandbox, key } of setups) {
    it(`${key}: no descriptor selfbench inherited reaches the program, and /tmp and /dev/shm hold 64 MiB at most`, (context) => {
      const { result, unavailable } = outcomes[key] ?? {};
      if (unavailable !== undefined && /does not work on this machine/.test(unavailable)) return context.skip(`${sandbox} does not work here`);
      expect(result, unavailable).toBeDefined();
      expect(result!.status, result!.stderr).toBe('passed');
      const seen = JSON.parse(result!.stdout) as { fds: number[]; '/tmp': number; '/dev/shm': number };
      // stdin, stdout, stderr, the result pipe, and the directory listdir itself opened.
      expect(seen.fds.length).toBeLessThanOrEqual(5);
      expect(seen.fds).not.toContain(5);
      expect(seen['/tmp']).toBeLessThanOrEqual(64);
      expect(seen['/dev/shm']).toBeLessThanOrEqual(64);
    });
  }
});

/**
 * A timed-out or aborted single run is ended by killing its root (bwrap, unshare) and the root's process group at
 * once (process-tree.ts, rootFirst): the sandbox's own first process must be in that group, since it asks for its
 * parent's death signal only a moment after it starts. bwrap's --new-session once took it out, and an early kill
 * left whole sandboxes running.
 */
describe.runIf(process.platform === 'linux')("a sandbox's first process", () => {
  // Straight on each back-end, not through createExecutor: its probes are kept per process, and this file's
  // first tests hide bwrap from them.
  for (const backend of [bwrapBackend, unshareBackend]) {
    it(`${backend.name}: stays in the process group of the root that selfbench kills`, async (context) => {
      const executor = createSandboxedExecutor(backend);
      const name = `selfbench-group-${process.pid}-${backend.name}`;
      const running = executor.run({
        program: `import subprocess, time\nsubprocess.Popen([${JSON.stringify(name)}, "30"], executable="sleep")\ntime.sleep(1)\ndef f():\n    return 1\n`,
        tests: [{ name: 'f', code: 'assert f() == 1' }],
      });
      let chain: ProcessEntry[] = [];
      for (let polls = 0; chain.length === 0 && polls < 1000; polls++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        chain = chainFromThisProcess(name);
      }
      const result = await running;
      if (result.status === 'infra-error') return context.skip(`${backend.name} does not work here: ${result.stderr.slice(0, 300)}`);
      expect(result.status, result.stderr).toBe('passed');
      expect(chain.length, 'the sandbox ran its program').toBeGreaterThan(1);
      const [root, first] = chain;
      expect(first!.group, "the sandbox's first process is in its root's group").toBe(root!.group);
    });
  }
});

/** From the child of this process down to the process whose command is `name`: none while there is none. */
function chainFromThisProcess(name: string): ProcessEntry[] {
  const table = processTable();
  const byPid = new Map(table.map((entry) => [entry.pid, entry]));
  const chain = [];
  for (let entry = table.find((each) => each.commandLine.split(' ')[0] === name); entry !== undefined; entry = byPid.get(entry.parent)) {
    chain.unshift(entry);
    if (entry.parent === process.pid) return chain;
  }
  return [];
}

/** Leaves a tree Node's `rm` cannot remove: nested deeper than a path can name, and a directory with no permissions. */
const unremovable = `
import os

def probe():
    print(os.getcwd())
    os.mkdir("locked")
    os.mkdir("locked/inside")
    os.chmod("locked", 0)
    fd = os.open(".", os.O_RDONLY)
    for _ in range(40):
        name = "d" * 250
        os.mkdir(name, dir_fd=fd)
        inner = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    return 1
`;

describe.runIf(process.platform === 'linux')('what a program leaves on the host', () => {
  for (const pool of [false, true]) {
    it(`its work directory goes, however deep and locked it left it (${pool ? 'pooled' : 'one interpreter per attempt'})`, async () => {
      const executor = await createExecutor({ pool });
      try {
        const result = await executor.run({ program: unremovable, tests: [{ name: 'probe', code: 'assert probe() == 1' }] });
        expect(result.status, result.stderr).toBe('passed');
        const workDir = result.stdout.trim();
        expect(workDir).toMatch(/selfbench-run-/);
        expect(existsSync(workDir)).toBe(false);
      } finally {
        await executor.close?.();
      }
    });
  }
});

describe.runIf(process.platform === 'linux')('an interpreter that lives in /tmp', () => {
  // A venv under /tmp (with a space in its name) and a module in its site-packages: the sandbox's private /tmp,
  // and each pooled attempt's fresh one, must still show it. The sandbox's Python starts without site.py
  // (harness/site_packages.py): site-packages on the path after the standard library, its .pth files not run,
  // exit() and quit() defined all the same.
  const venv = join(mkdtempSync(join(tmpdir(), 'selfbench-venv-')), 'my venv');
  const made = spawnSync(PYTHON ?? 'python3', ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8' });
  const program = [
    'import sys, selfbench_probe_module',
    '',
    'def probe():',
    '    return selfbench_probe_module.VALUE',
    '',
    'def startup():',
    '    places = [index for index, path in enumerate(sys.path) if path.endswith("site-packages") or path.endswith("lib-dynload")]',
    '    return [sys.path[index].rsplit("/", 1)[-1] for index in places], "selfbench_pth_ran" in sys.modules, callable(exit) and callable(quit)',
    '',
  ].join('\n');
  const tests = [
    { name: 'probe', code: 'assert probe() == 42' },
    { name: 'startup', code: 'assert startup() == (["lib-dynload", "site-packages"], False, True), startup()' },
  ];
  for (const sandbox of AUTO_SANDBOXES) {
    for (const pool of [false, true]) {
      it(`${sandbox}${pool ? ', pooled' : ''}: imports from the venv's site-packages, and runs none of its .pth files`, async (context) => {
        if (made.status !== 0) return context.skip(`python -m venv failed: ${made.stderr}`);
        const sitePackages = readdirSync(join(venv, 'lib')).map((version) => join(venv, 'lib', version, 'site-packages'))[0]!;
        writeFileSync(join(sitePackages, 'selfbench_probe_module.py'), 'VALUE = 42\n');
        writeFileSync(join(sitePackages, 'selfbench_pth_ran.py'), '');
        writeFileSync(join(sitePackages, 'selfbench.pth'), 'import selfbench_pth_ran\n');
        const executor = await createExecutor({ sandbox, pool, python: join(venv, 'bin', 'python') }).catch(() => undefined);
        if (executor === undefined) return context.skip(`${sandbox} does not work here`);
        try {
          expect(executor.pooled ?? false).toBe(pool);
          const result = await executor.run({ program, tests });
          expect(result.status, result.stderr).toBe('passed');
        } finally {
          await executor.close?.();
        }
      });
    }
  }
});
