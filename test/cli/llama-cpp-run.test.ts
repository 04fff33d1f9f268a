import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { defaultCriteria, rubricSchema } from '../../src/judges/verdict.js';
import type { JudgedVerdict } from '../../src/records/attempt.js';
import { readRecords } from '../../src/records/record-store.js';
import { runCli, runDirIn } from '../support/cli.js';
import { hasLlamaCpp, llamaCppSkip, tinyGgufInConfig, warnIfSkipped } from '../support/llama-cpp.js';
import { skipTitle } from '../support/skip-summary.js';

warnIfSkipped('test/cli/llama-cpp-run.test.ts');

const outputCap = 128;

/**
 * The tiny GGUF has random weights: it writes gibberish, so no answer holds code that passes, and its verdicts are
 * whatever a grammar makes of gibberish. The run must still complete with every record whole and every number honest.
 */
const config = `
name: llama-cpp-e2e
dataset: { source: builtin:py-core, limit: 2 }
models:
  tiny:
    provider: llama-cpp
    model: ${tinyGgufInConfig}
    threads: 1
    chatTemplate: llama2Chat
    options: { max_tokens: ${outputCap} }
generators: [tiny]
strategies: [one-shot, self-reflection]
panel: { judges: [self] }
execution: { allowUntrustedCode: true }
`;

/** A verdict that was read is one the rubric's schema accepts; one that was not is `failed`, never a default. */
function readOrFailed(verdict: JudgedVerdict): boolean {
  if (verdict.parse === 'failed') return verdict.score === undefined;
  const { score, criteria, issues, suggestions, assessment } = verdict;
  return rubricSchema(defaultCriteria).safeParse({ overall: score, criteria, issues, suggestions, assessment }).success;
}

it.skipIf(!hasLlamaCpp)(skipTitle('bench runs one-shot and a self-judging loop on the tiny GGUF through node-llama-cpp, end to end', llamaCppSkip), async () => {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-llama-cpp-'));
  writeFileSync(join(dir, 'config.yaml'), config);
  const result = await runCli(['--config', join(dir, 'config.yaml'), '--out', join(dir, 'out')]);
  expect(result.code, result.stderr).toBe(0);
  const runDir = runDirIn(join(dir, 'out'));
  expect(existsSync(join(runDir, 'report.md'))).toBe(true);

  const { records } = readRecords(join(runDir, 'records.jsonl'));
  expect(records.map((record) => `${record.strategyId} ${record.taskId}`).sort()).toEqual(['one-shot py-core/001', 'one-shot py-core/002', 'self-reflection py-core/001', 'self-reflection py-core/002']);
  for (const record of records) {
    expect(record.provider).toBe('llama-cpp');
    expect(record.error).toBeUndefined();
    expect(record.attempts.length).toBeGreaterThan(0);
    for (const attempt of record.attempts) {
      expect(attempt.grade?.status === 'no-code' || attempt.grade?.passed === false, JSON.stringify(attempt.grade)).toBe(true);
    }
    const verdicts = [...record.attempts.flatMap((attempt) => (attempt.verdict ? [attempt.verdict] : [])), ...(record.panel ?? []).map((panel) => panel.verdict)];
    expect(verdicts.length).toBeGreaterThan(0);
    for (const verdict of verdicts) expect(readOrFailed(verdict), JSON.stringify(verdict)).toBe(true);
  }

  const calls = records.flatMap((record) => record.calls);
  const asked = calls.filter((call) => !call.cached);
  expect(calls.some((call) => call.purpose.role === 'generate') && calls.some((call) => call.purpose.role === 'judge')).toBe(true);
  for (const call of asked) {
    expect(call).toMatchObject({ ok: true, provider: 'llama-cpp', model: tinyGgufInConfig });
    expect(call.endpoint).toMatch(/^llama-cpp:\/.*\/llama-2-tiny-random\.gguf\?gpu=off&threads=1&contextSize=4096&sequences=1$/);
    expect(call.promptTokens).toBeGreaterThan(0);
    expect(call.completionTokens).toBeGreaterThan(0);
    expect(call.completionTokens).toBeLessThanOrEqual(outputCap);
    expect((call.promptMs ?? Number.NaN) + (call.generateMs ?? Number.NaN)).toBeLessThanOrEqual(call.wallMs);
    expect(call.queueMs).toBeGreaterThanOrEqual(0);
    // Judge calls went out with their schema as a grammar, which node-llama-cpp accepted.
    expect(call.schemaRefusal).toBeUndefined();
  }
});
