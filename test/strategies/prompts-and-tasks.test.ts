import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import { packageRoot } from '../../src/package-root.js';
import { loadPromptTemplates, promptLanguages, templateNames } from '../../src/prompts/templates.js';
import { instance, openTask, right, runScripted, verdict, wrong } from '../support/scripted.js';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('prompt templates', () => {
  const english = loadPromptTemplates('en');

  it.each(promptLanguages.filter((language) => language !== 'en'))('%s has every template with the same placeholders as English', (language) => {
    const translated = loadPromptTemplates(language);
    for (const name of templateNames) {
      expect(placeholders(translated[name].text), `${language}/${name}`).toEqual(placeholders(english[name].text));
      expect(translated[name].sha256).not.toBe(name === 'initial-open' ? '' : english[name].sha256);
    }
  });

  it('lets a config replace one template by path, and the hash says so', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'selfbench-prompt-')), 'judge.md');
    writeFileSync(file, 'Rate {{answer}} for {{task}} on {{criteria}} as {{criteriaShape}}.');
    const custom = loadPromptTemplates('en', { judge: file });
    expect(custom.judge.text).toBe(readFileSync(file, 'utf8'));
    expect(custom.judge.sha256).not.toBe(english.judge.sha256);
    expect(custom.revise.sha256).toBe(english.revise.sha256);
  });
});

describe('open-ended tasks', () => {
  const open = openTask();

  it('ships at least 10, including the two requests from the blog post', async () => {
    const dataset = await loadDataset({ source: 'builtin:open-ended' }, { packageRoot });
    expect(dataset.tasks.length).toBeGreaterThanOrEqual(10);
    const prompts = dataset.tasks.map((task) => task.view.prompt).join('\n');
    expect(prompts).toMatch(/crawler.*Seoul restaurants.*Google Maps/);
    expect(prompts).toMatch(/anomaly detection.*time series/);
    expect(dataset.tasks.every((task) => task.view.kind === 'open')).toBe(true);
  });

  it('are skipped by test-feedback strategies', async () => {
    const { record, script } = await runScripted(instance('reflexion'), [], open);
    expect(script.log).toEqual([]);
    expect(record).toMatchObject({ stopReason: 'skipped', passed: null, attempts: [] });
  });

  it('are judged, and left out of pass@1', async () => {
    const { record } = await runScripted(instance('self-reflection'), [
      { model: 'coder', role: 'generate', reply: 'Use a token bucket per client.' },
      { model: 'coder', role: 'judge', reply: verdict(8) },
    ], open);
    expect(record).toMatchObject({ stopReason: 'threshold-met', passed: null });
    expect(record.attempts[0]?.grade).toBeUndefined();
  });
});

describe('long loops', () => {
  it('notes a prompt that comes near an assumed context (the server default), where Ollama would silently cut its start', async () => {
    const steps = [
      { model: 'coder', role: 'generate', reply: wrong },
      { model: 'coder', role: 'judge', reply: verdict(3) },
      { model: 'coder', role: 'generate', reply: right },
      { model: 'coder', role: 'judge', reply: verdict(9) },
    ] as const;
    const contextWindow = { tokens: 1000, assumed: true };
    const near = await runScripted(instance('self-reflection'), [...steps], undefined, { promptTokens: 950, contextWindow });
    expect(near.record.notes).toEqual(['a prompt to "coder" used 950 of 1000 context tokens (the server default; set options.num_ctx): its start may have been cut']);
    const far = await runScripted(instance('self-reflection'), [...steps], undefined, { promptTokens: 500, contextWindow });
    expect(far.record.notes).toEqual([]);
  });
});
