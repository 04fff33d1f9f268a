import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig, parseYaml } from '../../src/config/load.js';
import { configNotices } from '../../src/config/notices.js';
import { runCli } from '../support/cli.js';

const valid = `
name: t
dataset: { source: builtin:py-core, limit: 2 }
models:
  coder: { provider: simulated, model: sim }
generators: [coder]
strategies: [one-shot]
`;

/** A principles file written as prose: no line is a "- " item. */
const noPrinciples = join(mkdtempSync(join(tmpdir(), 'selfbench-principles-')), 'principles.md');
writeFileSync(noPrinciples, 'Be correct, and handle edge cases.\n');

/** [what is wrong, the config, text the message must contain (the field path first)]. */
const malformed: [string, string, string][] = [
  ['unknown top-level key', `${valid}colour: blue\n`, 'colour: unknown key'],
  ['unknown key in a model', valid.replace('model: sim }', 'model: sim, temprature: 0 }'), 'models.coder.temprature: unknown key'],
  ['wrong type', valid.replace('limit: 2', 'limit: two'), 'dataset.limit:'],
  ['negative limit', valid.replace('limit: 2', 'limit: -1'), 'dataset.limit:'],
  ['unknown dataset source', valid.replace('builtin:py-core', 'huggingface:foo'), 'dataset.source:'],
  ['missing name', valid.replace('name: t\n', ''), 'name:'],
  ['generator not defined', valid.replace('generators: [coder]', 'generators: [writer]'), 'generators[0]: model "writer" is not defined'],
  ['unknown provider', valid.replace('provider: simulated', 'provider: anthropic'), 'models.coder.provider'],
  ['unknown strategy', valid.replace('[one-shot]', '[one-shot, self-reflektion]'), 'strategies[1]: unknown strategy "self-reflektion"'],
  ['unknown strategy in an entry', valid.replace('[one-shot]', '[{ id: x, use: magic }]'), 'strategies[0].use: unknown strategy "magic"'],
  ['unknown strategy option', valid.replace('[one-shot]', '[{ use: one-shot, threshold: 9 }]'), 'strategies[0].threshold: unknown key'],
  ['duplicate strategy id', valid.replace('[one-shot]', '[one-shot, one-shot]'), 'id "one-shot" is used twice'],
  ['temperature out of range', valid.replace('model: sim }', 'model: sim, options: { temperature: 5 } }'), 'models.coder.options.temperature:'],
  ['accuracy out of range', valid.replace('model: sim }', 'model: sim, accuracy: 1.5 }'), 'models.coder.accuracy:'],
  ['repeats zero', `${valid}repeats: 0\n`, 'repeats:'],
  ['execution typo', `${valid}execution: { timeout: 5 }\n`, 'execution.timeout: unknown key'],
  ['host not a URL', valid.replace('provider: simulated, model: sim', 'provider: ollama, model: m, host: "not a url"'), 'models.coder.host:'],
  ['context size not a positive count', valid.replace('provider: simulated, model: sim', 'provider: openai, model: m, contextSize: 0'), 'models.coder.contextSize:'],
  ['empty strategies', valid.replace('[one-shot]', '[]'), 'strategies:'],
  ['threshold above 10', valid.replace('[one-shot]', '[one-shot, { id: reflect-11, use: self-reflection, threshold: 11 }]'), 'strategies[1].threshold:'],
  ['judge-loop judge not defined', valid.replace('[one-shot]', '[{ use: judge-loop, judge: critic }]'), 'strategies[0].judge: model "critic" is not defined'],
  ['judge-loop judged by its own generator', valid.replace('[one-shot]', '[{ use: judge-loop, judge: coder }]'), 'strategies[0].judge: model "coder" is a generator; judged by itself this is self-reflection'],
  ['judge-loop without a judge', valid.replace('[one-shot]', '[judge-loop]'), 'strategies[0].judge:'],
  ['best-of-n picked by the oracle', valid.replace('[one-shot]', '[{ use: best-of-n, pick: oracle }]'), 'strategies[0].pick: picking by the hidden tests is the strategy `best-of-n-oracle`'],
  ['reflexion feedback unknown', valid.replace('[one-shot]', '[{ use: reflexion, feedback: hidden-tests }]'), 'strategies[0].feedback:'],
  ['pairwise judge not defined', `${valid}panel: { judges: [self], pairwise: { judges: [self, critic] } }\n`, 'panel.pairwise.judges[1]: model "critic" is not defined'],
  ['pairwise neither on nor judges', `${valid}panel: { judges: [self], pairwise: yes }\n`, 'panel.pairwise:'],
  ['pairwise key misspelt', `${valid}panel: { judges: [self], pairwise: { judge: [self] } }\n`, 'panel.pairwise.judge: unknown key'],
  ['panel judge not defined', `${valid}panel: { judges: [self, critic] }\n`, 'panel.judges[1]: model "critic" is not defined'],
  ['prompt language unknown', `${valid}promptLanguage: fr\n`, 'promptLanguage:'],
  ['prompt override missing', `${valid}prompts: { judge: /nonexistent/judge.md }\n`, 'prompts.judge: file "/nonexistent/judge.md" does not exist'],
  ['prompt override of an unknown template', `${valid}prompts: { critic: a.md }\n`, 'prompts.critic'],
  ['principles override that lists none', `${valid}prompts: { principles: ${noPrinciples} }\n`, `prompts.principles: file "${noPrinciples}" lists no principle`],
  ['critique-revise with an empty list of principles', valid.replace('[one-shot]', '[{ use: critique-revise, principles: [] }]'), 'strategies[0].principles:'],
  ['concurrency zero', `${valid}concurrency: 0\n`, 'concurrency:'],
  ['trialWindow neither auto nor a count', `${valid}trialWindow: all\n`, 'trialWindow:'],
  ['slots zero', valid.replace('model: sim }', 'model: sim, slots: 0 }'), 'models.coder.slots:'],
  ['lingerMs negative', `${valid}scheduling: { lingerMs: -1 }\n`, 'scheduling.lingerMs:'],
  ['YAML syntax error', `${valid}models: [\n`, 'config.yaml'],
  ['not a mapping', '- just\n- a list\n', '(root)'],
];

describe('config errors name the field', () => {
  it('accepts the valid base config', () => {
    expect(parseConfig(valid).strategies.map((strategy) => strategy.id)).toEqual(['one-shot']);
  });

  it.each(malformed)('%s', (_, yaml, expected) => {
    const error = (() => {
      try {
        parseConfig(yaml, 'config.yaml');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(expected);
  });
});

describe('bench --config with a bad config', () => {
  it.each(malformed)('%s: exits 2 naming the field, before writing anything', async (_, yaml, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-config-'));
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, yaml);
    const out = join(dir, 'out');
    const result = await runCli(['--config', configPath, '--out', out, '--allow-code-execution']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(expected === 'config.yaml' ? configPath : expected);
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });
});

describe('settings of older configs', () => {
  it('are accepted, each with one notice: concurrency\'s new meaning, lingerMs ignored, a model\'s concurrency now slots', () => {
    const old = `${valid.replace('model: sim }', 'model: sim, concurrency: 2 }')}concurrency: 8\nscheduling: { lingerMs: 500 }\n`;
    const config = parseConfig(old);
    expect(config.concurrency).toBe(8);
    expect(config.trialWindow).toBe('auto');
    const notices = configNotices(parseYaml(old));
    expect(notices).toHaveLength(3);
    expect(notices[0]).toMatch(/concurrency \(8\) now means model calls in flight per endpoint/);
    expect(notices[1]).toMatch(/scheduling\.lingerMs is deprecated and ignored/);
    expect(notices[2]).toMatch(/models\.coder\.concurrency is deprecated: it is now models\.coder\.slots/);
    expect(configNotices(parseYaml(valid))).toEqual([]);
  });
});
