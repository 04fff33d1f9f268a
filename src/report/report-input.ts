import type { RawConfig } from '../config/schema.js';
import { analyzeRun, compareTrials } from '../metrics/analysis.js';
import type { TrialRecord } from '../records/record.js';
import type { RecognitionRecord } from '../records/recognition.js';
import type { RunMeta } from '../records/run-meta.js';
import { instantiate } from '../strategies/instance.js';
import { strategyRegistry } from '../strategies/registry.js';
import type { ReportInput } from './types.js';

/**
 * Records in report order and their analysis; the panel threshold comes from the stored config, self-recognition from
 * its own records (asked after the trials).
 */
export function buildReportInput(storedMeta: RunMeta, records: readonly TrialRecord[], config: RawConfig | undefined, recognition: readonly RecognitionRecord[] = []): ReportInput {
  const meta = withStopThresholds(storedMeta);
  const ordered = [...records].sort(compareTrials(meta.strategies.map((strategy) => strategy.id)));
  const analysis = analyzeRun(ordered, meta, { ...(config?.panel ? { panelThreshold: config.panel.threshold } : {}), recognition });
  return { meta, records: ordered, config, analysis };
}

/**
 * Runs written before run.json recorded each strategy's stopping score: the strategy's own declaration of it,
 * from its stored options (a strategy no longer registered, or options it no longer accepts, have none).
 */
function withStopThresholds(meta: RunMeta): RunMeta {
  const strategies = meta.strategies.map((strategy) => {
    const definition = strategyRegistry.get(strategy.use);
    if ('stopThreshold' in strategy || definition === undefined) return strategy;
    const made = instantiate(definition, strategy.id, strategy.options);
    const stopThreshold = 'instance' in made ? made.instance.stopThreshold : undefined;
    return stopThreshold === undefined ? strategy : { ...strategy, stopThreshold };
  });
  return { ...meta, strategies };
}
