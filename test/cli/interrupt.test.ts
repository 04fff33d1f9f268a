import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { exitCodes } from '../../src/cli/exit-codes.js';
import { readRecords } from '../../src/records/record-store.js';
import { cliPath as cli, repoRoot, runCli, runDirIn, userEnv } from '../support/cli.js';
import { demoWithoutLatency } from '../support/demo-config.js';
import { demoStrategyIds } from '../support/demo-strategies.js';
import { skipTitle } from '../support/skip-summary.js';
/** Slow enough to be stopped midway: two trials at a time, 80 ms calls; two tasks (12 trials) leave most of it undone. */
const tasks = 2;
const slowDemo = readFileSync(join(repoRoot, 'configs/demo.yaml'), 'utf8')
  .replace(/latencyMs: 5\b/g, 'latencyMs: 80')
  .replace('output:', 'trialWindow: 2\noutput:')
  .replace('source: builtin:py-core', `source: builtin:py-core, limit: ${tasks}`);

/** Waits until the run under `out` has at least `count` records on disk. */
async function recordsOnDisk(out: string, count: number): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    const runs = existsSync(out) ? readdirSync(out).filter((name) => !name.startsWith('.')) : [];
    if (runs[0] && readRecords(join(out, runs[0], 'records.jsonl')).records.length >= count) return;
    await sleep(25);
  }
  throw new Error(`no ${count} records under ${out}`);
}

describe('Ctrl-C', () => {
  it('stops taking trials, keeps every finished one, prints the resume command, and that command, run as printed, completes the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench interrupt-'));
    // Consent on the command line, not in the config: the printed command must carry it.
    writeFileSync(join(dir, 'config.yaml'), slowDemo.replace('allowUntrustedCode: true', 'allowUntrustedCode: false'));
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [cli, '--config', join(dir, 'config.yaml'), '--out', out, '--allow-code-execution'], {
      cwd: repoRoot,
      env: userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await recordsOnDisk(out, 3);
    child.kill('SIGINT');
    const code = await exited;

    const runDir = runDirIn(out);
    expect(code).toBe(1);
    expect(stderr).toContain('stopping: no new trials');
    // The way it was started (`node dist/cli/main.js` from the clone's root), the directory quoted for the shell.
    const printed = stderr.match(/continue with:\n {2}(.+)\n/)?.[1] ?? '';
    expect(printed).toBe(`node dist/cli/main.js --resume '${runDir}' --allow-code-execution`);
    const { records, tornLine } = readRecords(join(runDir, 'records.jsonl'));
    expect(tornLine).toBe(false);
    const trials = tasks * demoStrategyIds().length;
    expect(records.length).toBeLessThan(trials);
    expect(records.every((record) => record.stopReason !== 'error')).toBe(true);

    const resumed = spawnSync('sh', ['-c', printed], { cwd: repoRoot, env: userEnv(), encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    const all = readRecords(join(runDir, 'records.jsonl')).records;
    expect(all).toHaveLength(trials);
    expect(new Set(all.map((record) => record.key)).size).toBe(trials);
  });

  it('a second Ctrl-C quits at once, with what finished still on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-interrupt-'));
    // Calls slow enough that the trials in flight cannot finish between the two signals: the second must find the
    // run still stopping. It is sent once the first has been taken ("stopping" on stderr): two signals sent before
    // the process handles the first are merged into one by the kernel, which a loaded machine makes likely.
    writeFileSync(join(dir, 'config.yaml'), slowDemo.replace(/latencyMs: 80/g, 'latencyMs: 400'));
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [cli, '--config', join(dir, 'config.yaml'), '--out', out], { cwd: repoRoot, env: userEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stderr = '';
    const stopping = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('stopping:')) resolve();
      }),
    );
    await recordsOnDisk(out, 2);
    child.kill('SIGINT');
    await stopping;
    child.kill('SIGINT');
    expect(await exited).toBe(exitCodes.interrupted);
    const runDir = runDirIn(out);
    expect(stderr).toContain(`stopped at once; every finished trial is on disk; continue with:\n  node dist/cli/main.js --resume ${runDir}\n`);
    expect(readRecords(join(runDir, 'records.jsonl')).tornLine).toBe(false);
  });

  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  it.skipIf(script.status !== 0)(skipTitle('in a terminal, the stopping notice stays on screen above the table (a pseudo-terminal from util-linux script)', script.status === 0 ? undefined : 'util-linux script is absent'), async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-interrupt-'));
    writeFileSync(join(dir, 'config.yaml'), slowDemo);
    const out = join(dir, 'out');
    // Ctrl-C typed into the terminal: the pseudo-terminal turns it into SIGINT for the foreground process, as a shell's would.
    const command = `exec node dist/cli/main.js --config '${join(dir, 'config.yaml')}' --out '${out}'`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: repoRoot, env: { ...userEnv(), COLUMNS: '120', LINES: '50' }, stdio: ['pipe', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await recordsOnDisk(out, 3);
    child.stdin.write('\x03');
    expect(await exited).toBe(exitCodes.failed);

    // What a terminal shows after the bar's redraws and cursor moves: each screen line as the emulator left it.
    const terminal = new xtermHeadless.Terminal({ cols: 120, rows: 50, scrollback: 1000, allowProposedApi: true });
    await new Promise<void>((written) => terminal.write(output.replace(/\r?\n/g, '\r\n'), written));
    const buffer = terminal.buffer.active;
    const screen = Array.from({ length: buffer.length }, (_, row) => buffer.getLine(row)?.translateToString(true) ?? '');
    const stopping = screen.findIndex((line) => line.startsWith('stopping: no new trials'));
    const title = screen.findIndex((line) => line.startsWith('demo — generator coder'));
    expect(stopping, screen.join('\n')).toBeGreaterThanOrEqual(0);
    expect(title).toBeGreaterThan(stopping);
    expect(screen.some((line) => line.startsWith('  node dist/cli/main.js --resume'))).toBe(true);
  });
});

describe('--resume with --config', () => {
  it('refuses a config that would mix incomparable trials, naming each difference, and accepts a speed change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-resume-'));
    // One strategy and the demo's models and panel: what the differences below name.
    const config = stringify({ ...parse(demoWithoutLatency()), strategies: ['one-shot'] });
    writeFileSync(join(dir, 'config.yaml'), config);
    expect((await runCli(['--config', join(dir, 'config.yaml'), '--out', join(dir, 'out'), '--limit', '1'])).code).toBe(0);
    const runDir = runDirIn(join(dir, 'out'));
    const before = readFileSync(join(runDir, 'records.jsonl'), 'utf8');

    writeFileSync(join(dir, 'changed.yaml'), config.replace('accuracy: 0.55', 'accuracy: 0.9').replace('threshold: 7.5', 'threshold: 9'));
    const refused = await runCli(['--resume', runDir, '--config', join(dir, 'changed.yaml'), '--limit', '1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('models.coder.accuracy: 0.55 in the run, 0.9 in --config');
    expect(refused.stderr).toContain('panel.threshold: 7.5 in the run, 9 in --config');
    expect(readFileSync(join(runDir, 'records.jsonl'), 'utf8')).toBe(before);

    writeFileSync(join(dir, 'faster.yaml'), config.replace('output:', 'trialWindow: 16\nconcurrency: 3\noutput:'));
    const accepted = await runCli(['--resume', runDir, '--config', join(dir, 'faster.yaml'), '--limit', '1']);
    expect(accepted.code, accepted.stderr).toBe(0);
  });
});
