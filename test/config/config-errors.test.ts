import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig, parseYaml } from '../../src/config/load.js';
import { describeError, exitCodeFor } from '../../src/cli/exit-codes.js';
import { runCommand } from '../../src/cli/run-command.js';
import { strategyRegistry } from '../../src/strategies/registry.js';
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
type Case = [string, string, string];

// Relative paths are the working directory's: the repository's root here, and for the CLI runs below.
const missingDataset: Case = ['dataset file missing', valid.replace('builtin:py-core', 'jsonl:./missing.jsonl'), 'dataset.source: no such file ./missing.jsonl'];
const datasetProblems: Case[] = [
  missingDataset,
  ['dataset file a directory', valid.replace('builtin:py-core', 'jsonl:./datasets'), 'dataset.source: ./datasets is a directory, not a file'],
  ['built-in dataset unknown', valid.replace('builtin:py-core', 'builtin:nope'), 'dataset.source: unknown built-in dataset "nope" (available: open-ended, py-core)'],
  ['HumanEval file missing', valid.replace('builtin:py-core', 'humaneval:./HumanEval.jsonl.gz'), 'dataset.source: no such file ./HumanEval.jsonl.gz'],
];
const emptyFile: Case = ['empty file', '', 'config.yaml: config file is empty'];
const misspeltKey: Case = ['a misspelt key', valid.replace('strategies:', 'stratgies:'), 'stratgies: unknown key; did you mean "strategies"?'];
/** Found only by reading the dataset: after the config is accepted, before anything is written. */
const unknownId: Case = ['an unknown task id', valid.replace('limit: 2', 'ids: [py-core/999]'), 'dataset.ids: unknown task id: py-core/999 (not in builtin:py-core)'];

const malformed: Case[] = [
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
  ...datasetProblems,
  ['HumanEval+ file missing', valid.replace('builtin:py-core', 'humaneval+:./nowhere/plus.jsonl'), 'dataset.source: no such file ./nowhere/plus.jsonl'],
  emptyFile,
  misspeltKey,
];

/** A directory holding only `config.yaml`, with this text. */
function configFile(yaml: string): { dir: string; configPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-config-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, yaml);
  return { dir, configPath };
}

/** Every problem `yaml` has, as the config error lists them. */
function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, 'config.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('config errors name the field', () => {
  it('accepts the valid base config', () => {
    expect(parseConfig(valid).strategies.map((strategy) => strategy.id)).toEqual(['one-shot']);
  });

  it.each(malformed)('%s', (_, yaml, expected) => {
    expect(problemsOf(yaml).join('\n')).toContain(expected);
  });
});

describe('a config error says what was meant', () => {
  const judged = valid.replace('model: sim }', 'model: sim }\n  critic: { provider: simulated, model: judge }');
  it.each([
    ['a misspelt key, once: not also the key it meant as missing', misspeltKey[1], misspeltKey[2]],
    ['a misspelt nested key', valid.replace('limit: 2', 'limt: 2'), 'dataset.limt: unknown key; did you mean "limit"?'],
    ['a key of its own provider', valid.replace('model: sim }', 'model: sim, acuracy: 0.5 }'), 'models.coder.acuracy: unknown key; did you mean "accuracy"?'],
    ['a key of another provider: no guess', valid.replace('provider: simulated, model: sim', 'provider: openai, model: m, keepAlive: 5m'), 'models.coder.keepAlive: unknown key'],
    ['a strategy option', valid.replace('[one-shot]', '[{ use: reflexion, feedbak: self-tests }]'), 'strategies[0].feedbak: unknown key; did you mean "feedback"?'],
    ['a name unlike any: no guess', `${valid}colour: blue\n`, 'colour: unknown key'],
    ['a provider', valid.replace('provider: simulated', 'provider: olama'), 'models.coder.provider: unknown provider "olama"; did you mean "ollama"? (known: ollama, openai, llama-cpp, simulated)'],
    ['a provider unlike any', valid.replace('provider: simulated', 'provider: anthropic'), 'models.coder.provider: unknown provider "anthropic" (known: ollama, openai, llama-cpp, simulated)'],
    ['a missing provider', valid.replace('provider: simulated, ', ''), 'models.coder.provider: required: one of ollama, openai, llama-cpp, simulated'],
    ['a strategy', valid.replace('[one-shot]', '[self-reflektion]'), `strategies[0]: unknown strategy "self-reflektion"; did you mean "self-reflection"? (known: ${[...strategyRegistry.keys()].join(', ')})`],
    ['a generator', valid.replace('generators: [coder]', 'generators: [codr]'), 'generators[0]: model "codr" is not defined under models; did you mean "coder"?'],
    ['a strategy\'s model', judged.replace('[one-shot]', '[{ use: judge-loop, judge: critc }]'), 'strategies[0].judge: model "critc" is not defined under models; did you mean "critic"?'],
    ['a panel judge', `${judged}panel: { judges: [slef] }\n`, 'panel.judges[0]: model "slef" is not defined under models; did you mean "self"? (or use "self")'],
    ['a built-in dataset', valid.replace('builtin:py-core', 'builtin:py-cor'), 'dataset.source: unknown built-in dataset "py-cor"; did you mean "py-core"? (available: open-ended, py-core)'],
    ['an empty file', '# nothing set yet\n', 'config.yaml: config file is empty'],
  ])('%s', (_, yaml, expected) => {
    expect(problemsOf(yaml)).toEqual([expected]);
  });

  it('lists every problem at once: the schema\'s, the strategies\', the models\' and the dataset\'s', () => {
    const many = valid
      .replace('builtin:py-core, limit: 2', 'jsonl:./missing.jsonl, limit: two')
      .replace('model: sim }', 'model: sim, accuracy: 2 }')
      .replace('generators: [coder]', 'generators: [coder, writer]')
      .replace('[one-shot]', '[one-shot, magic, { use: judge-loop, judge: critic }]');
    expect(problemsOf(many)).toEqual([
      'dataset.limit: Invalid input: expected number, received string',
      'models.coder.accuracy: Too big: expected number to be <=1',
      'generators[1]: model "writer" is not defined under models',
      `strategies[1]: unknown strategy "magic" (known: ${[...strategyRegistry.keys()].join(', ')})`,
      'strategies[2].judge: model "critic" is not defined under models',
    ]);
  });
});

describe('bench --config with a bad config', () => {
  // In-process through the command itself (a CLI process per case cost 40 s); the processes below cover the CLI's part.
  it.each([...malformed, unknownId])('%s: exits 2 naming the field, before writing anything', async (_, yaml, expected) => {
    const { dir, configPath } = configFile(yaml);
    const error = await runCommand({ config: configPath, out: join(dir, 'out'), allowCodeExecution: true }).catch((thrown: unknown) => thrown);
    expect(exitCodeFor(error)).toBe(2);
    expect(describeError(error)).toContain(expected === 'config.yaml' ? configPath : expected);
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });
});

describe('bench, the process, with a bad config', () => {
  // One case of each stage that finds a problem (reading the file, the schema, the dataset's source, the dataset's
  // tasks): every case above runs through the command in-process; these hold the process's exit code and stderr to it.
  it.each([emptyFile, misspeltKey, missingDataset, unknownId])('%s: exit 2, the field named, nothing written', async (_, yaml, expected) => {
    const { dir, configPath } = configFile(yaml);
    const result = await runCli(['--config', configPath, '--out', join(dir, 'out'), '--allow-code-execution']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(expected);
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
