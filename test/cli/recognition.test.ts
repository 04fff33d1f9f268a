import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionRecord } from '../../src/records/recognition.js';
import { readCsv } from '../report/csv-table.js';
import { runCli, runDirIn } from '../support/cli.js';

/** Two simulated generators that also answer recognition questions: "writer" with a planted accuracy of 0.9, "rival" guessing. */
const config = (recognition: boolean, generators = '[writer, rival]') => `
name: recognition
dataset: { source: builtin:open-ended }
models:
  writer: { provider: simulated, model: sim-writer-7b, recognitionAccuracy: 0.9 }
  rival: { provider: simulated, model: sim-rival-8b, recognitionAccuracy: 0.5 }
generators: ${generators}
strategies: [one-shot, self-reflection]
panel: { judges: [self], recognition: ${recognition} }
repeats: 2
`;
const TRIALS = 16 * 2 * 2 * 2;

describe('panel.recognition: each generator asked which of two answers it wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-recognition-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  let runDir = '';
  let stderr = '';
  const questions = () =>
    readFileSync(join(runDir, 'recognition.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RecognitionRecord);

  beforeAll(async () => {
    const result = await runCli(['--config', write('on.yaml', config(true)), '--out', join(dir, 'out')]);
    expect(result.code, result.stderr).toBe(0);
    runDir = runDirIn(join(dir, 'out'));
    stderr = result.stderr;
  });

  it('asks every ordered pair of generators once per strategy, task and repeat, both orders, and records the calls', () => {
    expect(stderr).toContain(`self-recognition: asking ${TRIALS} questions`);
    const records = questions();
    expect(records).toHaveLength(TRIALS);
    expect(new Set(records.map((record) => record.key)).size).toBe(TRIALS);
    const asked = records.filter((entry) => !entry.identical);
    expect(asked.length).toBeGreaterThan(0);
    for (const record of asked) {
      expect(record.readings.map((reading) => reading.shownFirst)).toEqual(['other', 'own']);
      const recognise = record.calls.filter((call) => call.purpose.role === 'recognise');
      expect(recognise.length).toBeGreaterThanOrEqual(2);
      expect(recognise.every((call) => call.modelName === record.judge)).toBe(true);
    }
  });

  it('recovers the planted accuracy in recognition.csv: writer above a guess, rival not', () => {
    const { rows } = readCsv(readFileSync(join(runDir, 'recognition.csv'), 'utf8'));
    const row = (generator: string) => rows.find((entry) => entry.generator === generator);
    expect(Number(row('writer')?.recognition_accuracy_low)).toBeLessThanOrEqual(0.9);
    expect(Number(row('writer')?.recognition_accuracy_high)).toBeGreaterThanOrEqual(0.9);
    expect(Number(row('writer')?.p_value)).toBeLessThan(0.05);
    expect(Number(row('rival')?.recognition_accuracy_low)).toBeLessThanOrEqual(0.5);
    expect(Number(row('rival')?.recognition_accuracy_high)).toBeGreaterThanOrEqual(0.5);
  });

  it('shows it in report.md (table and at a glance) and report.html', () => {
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(report).toContain('### Self-recognition');
    expect(report).toMatch(/\| writer \| \d+ \| \d+\.\d% \[\d+\.\d%, \d+\.\d%\] \| <0\.001 \| 0 \| \d+ \|/);
    expect(report).toMatch(/Self-recognition: rival named its own answer in .* \(not distinguishable from a guess, p = [\d.]+\); writer named its own answer in .* \(tells its own answers apart, better than a guess, p < 0\.001\)/);
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toMatch(/<h3>Self-recognition<\/h3>.*<table id="recognition">/s);
  });

  it('on --resume asks only the questions not yet recorded', async () => {
    const path = join(runDir, 'recognition.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
    // Ten answered questions lost, and a torn line from a crash mid-write.
    writeFileSync(path, `${lines.slice(0, -10).join('\n')}\n${lines.at(-10)?.slice(0, 40)}`);
    const result = await runCli(['--resume', runDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('self-recognition: asking 10 questions');
    expect(result.stderr).toContain('dropped a torn last line in recognition.jsonl');
    const keys = questions().map((record) => record.key);
    expect(keys).toHaveLength(TRIALS);
    expect(new Set(keys).size).toBe(TRIALS);
  });

  it('plans its calls: two orders, with the re-ask, per trial and other generator', async () => {
    const plannedCalls = async (recognition: boolean) => {
      const result = await runCli(['--config', write(`dry-${recognition}.yaml`, config(recognition)), '--dry-run']);
      return Number(/at most (\d+) model calls/.exec(result.stdout + result.stderr)?.[1]);
    };
    expect((await plannedCalls(true)) - (await plannedCalls(false))).toBe(TRIALS * 2 * 2);
  });

  it('refuses a config with one generator, naming the field, before any work', async () => {
    const result = await runCli(['--config', write('one.yaml', config(true, '[writer]')), '--out', join(dir, 'refused')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('panel.recognition: needs at least two generators');
  });
});
