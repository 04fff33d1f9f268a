import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../src/records/record-store.js';
import type { TrialRecord } from '../../src/records/record.js';
import type { RunMeta } from '../../src/records/run-meta.js';
import { repoRoot, runCli, runDirIn } from '../support/cli.js';

/** A file as Windows editors save it: a UTF-8 byte-order mark, then CRLF line ends. */
const savedOnWindows = (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}`;

/** What a run did, apart from timings: each trial's outcome, its answers and what each call was sent and answered. */
function outcomes(runDir: string) {
  const { records } = readRecords(join(runDir, 'records.jsonl'));
  return records
    .map((record: TrialRecord) => ({
      key: record.key,
      passed: record.passed,
      stopReason: record.stopReason,
      answers: record.attempts.map((attempt) => attempt.code),
      // As a set: calls in flight together (samples, panel judges) are recorded in the order they returned.
      calls: record.calls
        .map((call) => JSON.stringify({ role: call.purpose.role, promptTokens: call.promptTokens, completionTokens: call.completionTokens }))
        .sort(),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Every strategy of the demo reads the files; a couple of tasks show whether it reads them as the originals. */
const tasks = 2;

describe('the demo from files saved on Windows (CRLF and a BOM)', () => {
  it('runs unchanged: the same trials, answers and prompts as from the files it was copied from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-windows-text-'));
    const dataset = join(dir, 'py-core.jsonl');
    const template = join(dir, 'initial-code.md');
    writeFileSync(dataset, savedOnWindows(readFileSync(join(repoRoot, 'datasets/py-core.jsonl'), 'utf8')));
    writeFileSync(template, savedOnWindows(readFileSync(join(repoRoot, 'prompts/en/initial-code.md'), 'utf8')));
    const demo = readFileSync(join(repoRoot, 'configs/demo.yaml'), 'utf8');
    const config = join(dir, 'demo.yaml');
    writeFileSync(
      config,
      savedOnWindows(demo.replace('dataset: { source: builtin:py-core }', `dataset: { source: jsonl:${dataset} }\nprompts: { initial-code: ${template} }`)),
    );
    expect(readFileSync(config, 'utf8')).toMatch(/^\uFEFF.*\r\n/);

    const windows = await runCli(['--config', config, '--out', join(dir, 'windows'), '--limit', String(tasks)]);
    expect(windows.code, windows.stderr).toBe(0);
    const original = await runCli(['--config', 'configs/demo.yaml', '--out', join(dir, 'original'), '--limit', String(tasks)]);
    expect(original.code, original.stderr).toBe(0);

    const [windowsRun, originalRun] = [join(dir, 'windows'), join(dir, 'original')].map(runDirIn) as [string, string];
    const trials = outcomes(windowsRun);
    expect(trials).toHaveLength(tasks * 6);
    expect(trials).toEqual(outcomes(originalRun));
    const meta = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunMeta;
    // The template saved on Windows is the same prompt, with the same hash, as the shipped one.
    expect(meta(windowsRun).promptHashes).toEqual(meta(originalRun).promptHashes);
  });
});
