import type { RawConfig } from '../config/schema.js';
import { analyzeRun, compareTrials } from '../metrics/analysis.js';
import type { TrialRecord } from '../records/record.js';
import type { RunMeta } from '../records/run-meta.js';
import type { ReportInput } from './types.js';

/** Records in report order and their analysis; the panel threshold comes from the stored config. */
export function buildReportInput(meta: RunMeta, records: readonly TrialRecord[], config: RawConfig | undefined): ReportInput {
  const ordered = [...records].sort(compareTrials(meta.strategies.map((strategy) => strategy.id)));
  const analysis = analyzeRun(ordered, meta, config?.panel ? { panelThreshold: config.panel.threshold } : {});
  return { meta, records: ordered, config, analysis };
}
