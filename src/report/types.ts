import type { StoredPrompt } from '../records/prompt-store.js';
import type { RawConfig } from '../config/schema.js';
import type { RunAnalysis } from '../metrics/analysis.js';
import type { TrialRecord } from '../records/record.js';
import type { RunMeta } from '../records/run-meta.js';

/** Everything a report reads: the records, what the run was, and their analysis. Never a model. */
export interface ReportInput {
  meta: RunMeta;
  /** In report order: config strategy order, then generator, task and repeat. */
  records: readonly TrialRecord[];
  /**
   * The effective config stored with the run (`config.yaml`), for what `run.json` does not
   * carry: the panel, seed and repeats, dataset selection, model settings. Undefined when it
   * cannot be read; reports then say so instead of guessing.
   */
  config: RawConfig | undefined;
  analysis: RunAnalysis;
  /** The prompts the run kept (records/prompt-store.ts), by hash; absent where only the records are at hand. */
  promptOf?: (hash: string) => StoredPrompt | undefined;
}

/** A table as text cells, the same for the markdown, HTML and terminal renderings of it. */
export interface TextTable {
  head: string[];
  rows: string[][];
}

export interface ReportFile {
  fileName: string;
  content: string;
}

export interface Reporter {
  readonly name: string;
  render(input: ReportInput): ReportFile[];
}
