import { isRecord } from '../util/is-record.js';

/**
 * What a config written for an older selfbench should hear once per run: settings whose meaning changed or that no
 * longer do anything. Read from the file's plain data, before command-line overrides, so `-j` alone says nothing.
 */
export function configNotices(data: unknown): string[] {
  if (!isRecord(data)) return [];
  const notices: string[] = [];
  if (data.concurrency !== undefined) {
    notices.push(
      `notice: concurrency (${String(data.concurrency)}) now means model calls in flight per endpoint, as promptfoo's -j does, not trials in flight; ` +
        'every trial is in flight (trialWindow: auto), and a model\'s own slots win over it',
    );
  }
  if (isRecord(data.scheduling) && data.scheduling.lingerMs !== undefined) {
    notices.push('warning: scheduling.lingerMs is deprecated and ignored: an endpoint now switches models as soon as every trial in flight waits on another model\'s call, with no timer');
  }
  const models = isRecord(data.models) ? Object.entries(data.models) : [];
  for (const [name, spec] of models) {
    if (isRecord(spec) && spec.concurrency !== undefined) notices.push(`warning: models.${name}.concurrency is deprecated: it is now models.${name}.slots (calls in flight on its endpoint)`);
  }
  return notices;
}
