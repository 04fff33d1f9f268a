import { join } from 'node:path';
import { readStoredConfig } from '../config/stored-config.js';
import { DatasetError } from '../datasets/dataset-error.js';
import { loadDataset } from '../datasets/load.js';
import type { Dataset } from '../datasets/task.js';
import { packageRoot } from '../package-root.js';
import { loadPromptTemplates, type TemplateName } from '../prompts/templates.js';
import { runConfigFileName, type RunMeta } from '../records/run-meta.js';
import { PromptBook } from '../strategies/prompt-book.js';

/** The templates a first generation prompt is made of; run.json's hashes say whether they are still the run's. */
const firstPromptTemplates: readonly TemplateName[] = ['system', 'initial-code', 'initial-open'];

/**
 * Each task's first generation prompt (its user message) as a run sent it, by task id, or why it cannot be
 * rebuilt. Records keep replies, not the prompts sent, so the prompt is made again the way the runner made it
 * (`PromptBook.initial`) from the dataset and templates the run's stored config names — and refused when the
 * dataset file or a template is no longer the one the run read (run.json keeps their sha256).
 */
export async function firstPrompts(runDir: string, meta: RunMeta): Promise<{ prompts: Map<string, string> } | { refused: string }> {
  const config = readStoredConfig(runDir);
  if (config === undefined) return { refused: `${join(runDir, runConfigFileName)} is missing or not a config this version reads` };
  let dataset: Dataset;
  try {
    dataset = await loadDataset(config.dataset, { packageRoot });
  } catch (error) {
    if (error instanceof DatasetError) return { refused: `the dataset ${config.dataset.source} cannot be read as the run did: ${error.message}` };
    throw error;
  }
  if (dataset.sha256 !== meta.dataset.sha256) {
    return { refused: `the dataset ${config.dataset.source} is not the file the run read (sha256 ${dataset.sha256}, the run's ${meta.dataset.sha256})` };
  }
  const templates = loadPromptTemplates(config.promptLanguage, config.prompts);
  const changed = firstPromptTemplates.filter((name) => meta.promptHashes[name] !== undefined && meta.promptHashes[name] !== templates[name].sha256);
  if (changed.length > 0) return { refused: `the prompt template ${changed.join(', ')} is not the one the run used (its sha256 differs from run.json's)` };
  const prompts = new Map<string, string>();
  for (const task of dataset.tasks) {
    const user = new PromptBook(templates, task.view).initial().findLast((message) => message.role === 'user');
    if (user !== undefined) prompts.set(task.view.id, user.content);
  }
  return { prompts };
}
