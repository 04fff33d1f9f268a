import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';

/**
 * Trials stopped by an infrastructure failure (a model call or the sandbox, not the code),
 * with what failed: a reader must be able to tell a dead server from a bad strategy.
 */
export function errors({ records }: ReportInput): string {
  const failed = records.filter((record) => record.stopReason === 'error');
  if (failed.length === 0) return '';
  const byMessage = new Map<string, string[]>();
  for (const record of failed) {
    const message = record.error ?? 'unknown error';
    byMessage.set(message, [...(byMessage.get(message) ?? []), `${record.strategyId} / ${record.taskId}`]);
  }
  const rows = [...byMessage].map(([message, trials]) => [message, String(trials.length), trials.slice(0, 3).join(', ') + (trials.length > 3 ? ', …' : '')]);
  return section(
    'Errors',
    `${failed.length} trial(s) stopped on an infrastructure failure; they count as not passed until \`bench --resume\` runs them again (it retries every such trial).\n\n${markdownTable(['error', 'trials', 'e.g.'], rows)}`,
  );
}
