import { DatasetError } from '../datasets/dataset-error.js';
import { loadDataset, type DatasetConfig } from '../datasets/load.js';
import type { Dataset } from '../datasets/task.js';
import { packageRoot } from '../package-root.js';
import { ConfigError } from './config-error.js';

/**
 * The config's dataset, loaded. Its source was checked with the config; what only reading it finds (an invalid line,
 * an id it lacks) is a config error too, naming the field (`dataset.ids: unknown task id: x (not in builtin:py-core)`).
 */
export async function loadConfiguredDataset(dataset: DatasetConfig): Promise<Dataset> {
  try {
    return await loadDataset(dataset, { packageRoot });
  } catch (error) {
    throw error instanceof DatasetError ? new ConfigError([`dataset.${error.field}: ${error.message}`]) : error;
  }
}
