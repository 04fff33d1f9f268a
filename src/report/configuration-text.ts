/** Everything needed to rerun or audit the run — versions, data, seeds, models, strategies, prompts —, shared by report.md and report.html. */
import type { RawConfig } from '../config/schema.js';
import { notAvailable, plural } from './format.js';
import { gradingLabel } from './labels.js';
import { code, strong, type RichText } from './rich-text.js';
import type { ReportInput, TextTable } from './types.js';

/** Settings that must never reach a report. */
const secret = /key|secret|token|password/i;

/** A table of the configuration under its heading; the cells of `codeColumns` are config values, shown as code. */
export interface ConfigurationTable {
  title: string;
  lead?: RichText;
  table: TextTable;
  codeColumns: readonly number[];
}

export interface ConfigurationText {
  items: RichText[];
  tables: ConfigurationTable[];
}

export function configurationText({ meta, config, analysis }: ReportInput): ConfigurationText {
  const grading = gradingLabel(analysis.grading);
  const items: RichText[] = [
    ['Run ', code(meta.name), `, started ${meta.createdAt}, selfbench ${meta.selfbenchVersion}, sandbox `, code(meta.sandbox), ...(meta.simulated ? [', ', strong('simulated'), ' generator(s)'] : []), '.'],
    ['Dataset ', code(meta.dataset.source), `: ${meta.dataset.tasks} tasks, sha256 `, code(meta.dataset.sha256), `${config ? datasetSelection(config) : ''}.`],
    ...(grading ? [[grading.text]] : []),
    ...(analysis.plusTasks > 0 ? [[`Plus inputs (HumanEval+) on ${plural(analysis.plusTasks, 'task')}: an answer passes only when it passes the base and the plus inputs.`]] : []),
    ...(config ? storedSettings(config) : [["The run's config.yaml could not be read: seed, repeats, dataset selection and panel settings are not shown."]]),
  ];
  const promptsLead: RichText = [
    'Templates in ',
    ...(meta.promptLanguage === undefined ? ['the language the run was configured with'] : ['language ', code(meta.promptLanguage)]),
    ', with the sha256 of each as the run read it. Every prompt sent is kept once in ',
    code('prompts/<sha256>.json'),
    ', which each call in records.jsonl names by its ',
    code('promptHash'),
    '.',
  ];
  return {
    items,
    tables: [
      {
        title: 'Models',
        table: {
          head: ['name', 'provider', 'model tag', 'options', 'other settings'],
          rows: Object.entries(meta.models).map(([name, model]) => [name, model.provider, model.model, json(model.options), otherSettings(config, name)]),
        },
        codeColumns: [2, 3, 4],
      },
      {
        title: 'Strategies (config order)',
        table: { head: ['id', 'use', 'feedback', 'options'], rows: meta.strategies.map((strategy) => [strategy.id, strategy.use, strategy.feedback, json(strategy.options)]) },
        codeColumns: [3],
      },
      {
        title: 'Prompts',
        lead: promptsLead,
        table: { head: ['template', 'sha256'], rows: Object.entries(meta.promptHashes).map(([name, hash]) => [name, hash]) },
        codeColumns: [1],
      },
    ],
  };
}

function datasetSelection({ dataset }: RawConfig): string {
  const parts = [
    dataset.limit === undefined ? [] : [`first ${dataset.limit}`],
    dataset.ids === undefined ? [] : [`ids ${dataset.ids.join(', ')}`],
    dataset.sample === undefined ? [] : [`sample of ${dataset.sample} (seed ${dataset.seed ?? 'run seed'})`],
  ].flat();
  return parts.length === 0 ? '' : `; selected: ${parts.join(', ')}`;
}

function storedSettings(config: RawConfig): RichText[] {
  const panel = config.panel;
  return [
    [`Seed ${config.seed} (each trial's seed is derived from it and listed in trials.csv); ${plural(config.repeats, 'repeat')} per task.`],
    panel
      ? [
          `Panel: judges ${panel.judges.join(', ')} (`,
          code('self'),
          ` is the generator), scoring ${panel.allAttempts ? 'every attempt' : 'the final answer'} of each trial; threshold ${panel.threshold}; criteria ${panel.criteria.join(', ')}; ${plural(panel.judgeRetries, 're-ask')} after a parse failure.`,
        ]
      : ['No post-hoc judge panel.'],
    [
      `Execution: ${config.execution.timeoutMs} ms and ${config.execution.memoryMb} MB per program, ${config.execution.concurrency} programs at once; ${config.trialWindow === 'auto' ? 'every trial' : config.trialWindow} in flight, ${config.concurrency ?? "the server's or provider's default"} model calls at once per endpoint.`,
    ],
  ];
}

/** A model's settings besides provider, tag and options (e.g. a simulator's planted rates), secrets left out. */
function otherSettings(config: RawConfig | undefined, name: string): string {
  const spec = config?.models[name];
  if (!spec) return notAvailable;
  const shown = Object.entries(spec).filter(([key]) => !['provider', 'model', 'options'].includes(key) && !secret.test(key));
  return json(Object.fromEntries(shown));
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
