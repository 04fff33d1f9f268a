import type { RunConfig } from '../config/load.js';
import type { Task } from '../datasets/task.js';
import type { Grader } from '../execution/grader.js';
import { loadPromptTemplates } from '../prompts/templates.js';
import { connectModels, type ConnectedModels } from './connect-models.js';
import { planTrials } from './plan.js';
import type { TrialRecord } from '../records/record.js';
import { runTrials } from './runner.js';

/**
 * A whole run with nothing written: for studies that run many configs (planted-effect
 * recovery, the performance benchmark). No preflight; meant for simulated models.
 */
export async function runInMemory(
  config: RunConfig,
  tasks: readonly Task[],
  grader: Grader,
): Promise<ConnectedModels & { records: TrialRecord[]; wallMs: number }> {
  const started = performance.now();
  const connected = connectModels(config, tasks, {}, { onDisk: false });
  const records: TrialRecord[] = [];
  const trials = planTrials({ tasks, strategies: config.strategies, generators: config.generators, repeats: config.repeats, seed: config.seed });
  await runTrials(trials, {
    gateway: connected.gateway,
    grader,
    templates: loadPromptTemplates(config.promptLanguage, config.prompts),
    panel: config.panel,
    trialWindow: config.trialWindow,
    signal: new AbortController().signal,
    onRecord: (record) => records.push(record),
  });
  return { ...connected, records, wallMs: performance.now() - started };
}
