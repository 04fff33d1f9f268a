import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../src/records/record.js';
import { readRecords } from '../../src/records/record-store.js';
import { cliPath, repoRoot, runCli, runDirIn, sharedDemoRun, userEnv } from '../support/cli.js';
import { demoStrategyIds } from '../support/demo-strategies.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'selfbench-run-'));
const recordsOf = (runDir: string) => readRecords(join(runDir, 'records.jsonl')).records;
const outcomes = (records: TrialRecord[]) =>
  Object.fromEntries(records.map((record) => [record.key, [record.passed, record.attempts[0]?.program]]));

describe('bench --config configs/demo.yaml', () => {
  it('writes records and every report, and prints the table', async () => {
    const result = await sharedDemoRun();
    expect(result.code, result.stderr).toBe(0);
    const { runDir } = result;
    for (const file of ['records.jsonl', 'summary.csv', 'trials.csv', 'report.md', 'run.json', 'config.yaml']) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    expect(result.stdout).toContain('SIMULATED');
    expect(result.stdout).toMatch(/one-shot .*pass@1|pass@1[\s\S]*one-shot/);
    const records = recordsOf(runDir);
    const tasks = readFileSync(join(repoRoot, 'datasets/py-core.jsonl'), 'utf8').trim().split('\n').length;
    const strategies = demoStrategyIds();
    expect(strategies).toEqual(['one-shot', 'self-reflection', 'judge-loop', 'reflexion', 'self-debug', 'best-of-n']);
    expect(records).toHaveLength(tasks * strategies.length);
    expect(new Set(records.map((record) => record.strategyId))).toEqual(new Set(strategies));
    // Every answer was extracted and graded: a harness bug would show up as no-code or infra errors.
    expect(records.every((record) => record.attempts.every((attempt) => attempt.grade?.status === 'passed' || attempt.grade?.status === 'failed'))).toBe(true);
    // One first generation per task, shared by every strategy through the cache (best-of-n's sample 0 included).
    const firstGenerations = records.flatMap((record) =>
      record.calls.filter((call) => call.purpose.role === 'generate' && call.purpose.iteration === 1 && !call.cached).map(() => record.taskId),
    );
    expect(firstGenerations.sort()).toEqual([...new Set(records.map((record) => record.taskId))].sort());
    const firstAnswers = new Map<string, Set<string>>();
    for (const record of records) firstAnswers.set(record.taskId, (firstAnswers.get(record.taskId) ?? new Set()).add(record.attempts[0]!.raw));
    expect([...firstAnswers.values()].every((answers) => answers.size === 1)).toBe(true);
    const summary = readFileSync(join(runDir, 'summary.csv'), 'utf8');
    expect(summary.split('\n')[0]).toContain('pass_at_1');
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toContain('**SIMULATED**');

    // Re-rendering from the records alone gives the same reports (in a copy: other files read the shared run).
    const copy = join(scratch(), 'run');
    cpSync(runDir, copy, { recursive: true });
    const rerender = await runCli(['report', copy]);
    expect(rerender.code).toBe(0);
    expect(readFileSync(join(copy, 'summary.csv'), 'utf8')).toBe(summary);
  }, 180_000); // the whole demo, end to end: six strategies on 46 tasks with real grading

  it('--dry-run prints the plan and writes nothing', async () => {
    const out = scratch();
    const result = await runCli(['--config', 'configs/demo.yaml', '--out', out, '--limit', '5', '--dry-run']);
    expect(result.code).toBe(0);
    // Per task: one-shot 1; self-reflection and judge-loop 3 generations + 3 × 2 judge asks = 9 each; reflexion 1 write-tests
    // + 3 generations + 2 reflections = 6; self-debug (visible tests) 3 generations + 2 explanations = 5; best-of-n 3 samples
    // + 3 × 2 judge asks = 9; the panel 2 judges × 2 asks on the first and final answers of each (one-shot's one) = 44;
    // the pairwise judge, both orders × 2 asks, on each of the 6 trials = 24: 107.
    expect(result.stdout).toContain('5 tasks × 1 generator(s) × 6 strategies × 1 repeat(s) = 30 trials, at most 535 model calls');
    expect(readdirSync(out)).toEqual([]);
  });

  it.each([
    ['the strongest back-end here', [], /Sandbox back-end in use: "(bwrap|unshare|process)"/],
    // With Landlock it closes the file system but still not the network; without it, neither.
    ['the process fallback, which says what it does not protect', ['--sandbox', 'process'], /does NOT isolate the network (or the file system|beyond TCP)/],
  ])('refuses to run model-written code without consent, naming %s, before writing anything', async (_, flags, warning) => {
    const dir = scratch();
    const config = readFileSync(join(repoRoot, 'configs/demo.yaml'), 'utf8').replace('allowUntrustedCode: true', 'allowUntrustedCode: false');
    writeFileSync(join(dir, 'config.yaml'), config);
    const result = await runCli(['--config', join(dir, 'config.yaml'), '--out', join(dir, 'out'), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--allow-code-execution');
    expect(result.stderr).toMatch(warning);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('a run killed midway and resumed', () => {
  it('ends with exactly one record per trial, the same as an uninterrupted run', async () => {
    const dir = scratch();
    // Slow enough to be killed midway: 2 tasks × the demo's strategies (12 trials), 60 ms calls, two trials at a time.
    const tasks = 2;
    const config = readFileSync(join(repoRoot, 'configs/demo.yaml'), 'utf8')
      .replace(/latencyMs: 5\b/g, 'latencyMs: 60')
      .replace('output:', 'trialWindow: 2\noutput:')
      .replace('source: builtin:py-core', `source: builtin:py-core, limit: ${tasks}`);
    writeFileSync(join(dir, 'config.yaml'), config);

    const killedOut = join(dir, 'killed');
    const child = spawn(process.execPath, [cliPath, '--config', join(dir, 'config.yaml'), '--out', killedOut], { cwd: repoRoot, env: userEnv(), stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill once some, but not all, trials are on disk.
    for (let waited = 0; waited < 400; waited++) {
      const runDirs = existsSync(killedOut) ? readdirSync(killedOut).filter((name) => !name.startsWith('.')) : [];
      const file = runDirs[0] ? join(killedOut, runDirs[0], 'records.jsonl') : '';
      if (file && existsSync(file) && recordsOf(join(killedOut, runDirs[0] as string)).length >= 4) break;
      await sleep(25);
    }
    child.kill('SIGKILL');
    await exited;
    const runDir = runDirIn(killedOut);
    const partial = recordsOf(runDir).length;
    expect(partial).toBeGreaterThanOrEqual(4);
    const trials = tasks * demoStrategyIds().length;
    expect(partial).toBeLessThan(trials);

    const resumed = await runCli(['--resume', runDir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`already done`);
    const records = recordsOf(runDir);
    expect(records).toHaveLength(trials);
    expect(new Set(records.map((record) => record.key)).size).toBe(trials);

    // The uninterrupted run of the same trials: the whole demo's, whose latency and trial window (how fast it went) differ
    // and whose other tasks do not count. A trial's outcome depends on its seed and task alone.
    const uninterrupted = await sharedDemoRun();
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    const keys = new Set(records.map((record) => record.key));
    const same = recordsOf(uninterrupted.runDir).filter((record) => keys.has(record.key));
    expect(same).toHaveLength(trials);
    expect(outcomes(records)).toEqual(outcomes(same));
  });
});
