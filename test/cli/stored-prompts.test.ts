import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageData } from '../../src/report/html/page-types.js';
import type { TrialRecord } from '../../src/records/record.js';
import type { StoredPrompt } from '../../src/records/prompt-store.js';
import { runCli, runDirIn } from '../support/cli.js';

const hangul = /[\uac00-\ud7a3]/;

/** A Korean run of self-reflection on open-ended requests (no code runs), judged by a second model. */
const config = `
name: korean
dataset: { source: builtin:open-ended, limit: 3 }
promptLanguage: ko
models:
  writer: { provider: simulated, model: sim-writer-7b }
  judge: { provider: simulated, model: sim-judge-8b }
generators: [writer]
strategies: [one-shot, self-reflection]
panel: { judges: [self, judge] }
`;

describe('every prompt sent, stored once per content and named from each call', () => {
  let runDir = '';
  let records: TrialRecord[] = [];
  const prompt = (hash: string) => JSON.parse(readFileSync(join(runDir, 'prompts', `${hash}.json`), 'utf8')) as StoredPrompt;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-prompts-'));
    writeFileSync(join(dir, 'korean.yaml'), config);
    const result = await runCli(['--config', join(dir, 'korean.yaml'), '--out', join(dir, 'out')]);
    expect(result.code, result.stderr).toBe(0);
    runDir = runDirIn(join(dir, 'out'));
    records = readFileSync(join(runDir, 'records.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TrialRecord);
  });

  it('keeps the prompt of every call, cached ones included, in the language it was asked in', () => {
    const calls = records.flatMap((record) => record.calls);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.promptHash, call.id).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(join(runDir, 'prompts', `${call.promptHash}.json`))).toBe(true);
    }
    const generation = prompt(calls.find((call) => call.purpose.role === 'generate')!.promptHash!);
    expect(generation.messages.map((message) => message.content).join('\n')).toMatch(hangul);
    // A judge's prompt carries the schema its reply was to fill.
    expect(prompt(calls.find((call) => call.purpose.role === 'judge')!.promptHash!).jsonSchema).toMatchObject({ type: 'object' });
    // Once per content: as many files as distinct hashes.
    expect(readdirSync(join(runDir, 'prompts'))).toHaveLength(new Set(calls.map((call) => call.promptHash)).size);
  });

  it('names the language and template hashes in run.json and report.md', () => {
    const meta = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { promptLanguage: string; promptHashes: Record<string, string> };
    expect(meta.promptLanguage).toBe('ko');
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(report).toContain('Templates in language `ko`');
    expect(report).toContain(`| initial-open | \`${meta.promptHashes['initial-open']}\` |`);
  });

  it('shows each attempt\'s conversation in the trial browser', () => {
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const data = JSON.parse(json) as PageData;
    const revised = data.trials.find((trial) => trial.attempts.length > 1);
    expect(revised).toBeDefined();
    for (const attempt of revised!.attempts) {
      expect(attempt.prompt?.length).toBeGreaterThan(0);
      expect(attempt.prompt!.map((index) => data.messages[index]!.content).join('\n')).toMatch(hangul);
    }
    // A revision's prompt holds the conversation before it: more messages than the first attempt's.
    expect(revised!.attempts[1]!.prompt!.length).toBeGreaterThan(revised!.attempts[0]!.prompt!.length);
  });
});
