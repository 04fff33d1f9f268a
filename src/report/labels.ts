import type { StrategyResult } from '../metrics/analysis.js';
import type { StopReason } from '../strategies/types.js';

/** Text every report puts on rows whose feedback came from the hidden tests. */
export const oracleWarning = 'oracle — upper bound, not a fair comparison';

export function strategyLabel(result: StrategyResult, baseline: string | undefined): string {
  return result.strategy === baseline ? `${result.strategy} (baseline)` : result.strategy;
}

/** The feedback kind; oracle rows say what they are (`compact` for narrow tables). */
export function feedbackLabel(result: StrategyResult, compact = false): string {
  if (!result.oracle) return result.feedback;
  return compact ? 'oracle (upper bound)' : oracleWarning;
}

export function generatorLabel(result: StrategyResult): string {
  return `${result.generator} (${result.model})`;
}

export function judgeLabel(judge: string, self: boolean): string {
  return self ? `${judge} (self)` : judge;
}

/** Every stop reason in the order reports list them, with what it means; a Record so none is forgotten. */
export const stopReasonMeanings: Record<StopReason, string> = {
  'threshold-met': "the judge's score reached the threshold",
  'tests-passed': 'the feedback tests passed',
  'max-iterations': 'the iteration budget ran out (a one-shot trial always stops here)',
  'no-change': 'a revision returned the same code as before',
  'judge-error': 'no judge verdict could be parsed',
  skipped: 'the strategy does not apply to the task kind',
  error: 'an infrastructure failure (model call or sandbox); counts as not passed',
};

export const stopReasonOrder = Object.keys(stopReasonMeanings) as StopReason[];
