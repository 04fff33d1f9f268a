import type { TrialRecord } from '../run/record.js';
import { headlineColumns, headlineRows } from './headline-table.js';
import type { Reporter, ReportInput } from './types.js';

export const markdownReporter: Reporter = {
  name: 'markdown',
  render(input) {
    return [{ fileName: 'report.md', content: renderMarkdown(input) }];
  },
};

function renderMarkdown({ meta, records, summary }: ReportInput): string {
  const lines: string[] = [`# selfbench run: ${meta.name}`, ''];
  if (meta.simulated) {
    lines.push('> **SIMULATED** — these numbers come from the built-in simulated models, whose behaviour was planted in the config. They test the harness, not any real model.', '');
  }
  lines.push(
    `Dataset \`${meta.dataset.source}\` (${meta.dataset.tasks} tasks, sha256 \`${meta.dataset.sha256.slice(0, 12)}\`), ${records.length} trials, sandbox \`${meta.sandbox}\`, selfbench ${meta.selfbenchVersion}, started ${meta.createdAt}.`,
    '',
    '## Results',
    '',
    table([...headlineColumns], headlineRows(summary)),
    '',
    '## Stop reasons',
    '',
    table(['strategy', 'generator', 'stop reasons'], stopReasonRows(records)),
    '',
    ...notesSection(records),
    '## Models',
    '',
    table(
      ['name', 'provider', 'model', 'options'],
      Object.entries(meta.models).map(([name, model]) => [name, model.provider, model.model, `\`${JSON.stringify(model.options)}\``]),
    ),
    '',
    `Prompt templates (sha256): ${Object.entries(meta.promptHashes)
      .map(([name, hash]) => `${name} \`${hash.slice(0, 12)}\``)
      .join(', ')}.`,
    '',
    '## How to read this',
    '',
    '- **pass@1**: share of code tasks whose final answer passes every hidden test, with a 95% Wilson interval. Open-ended tasks and skipped trials are not in it.',
    '- **errors**: trials stopped by an infrastructure failure (a model call or the sandbox), not by the code; they count as not passed.',
    '- **iterations**: generations per trial (the first answer included).',
    '- **p50 / p95 per task**: model wall time a trial used, summed over its calls; a call shared with another strategy (the first answer) counts at its original cost in each, so the order of the run does not change a strategy\'s cost.',
    '- **wall / model-reported**: wall time of all calls vs the time the server reports (load + prompt + generation), where it reports it.',
    `- With ${Math.max(0, ...summary.map((row) => row.graded))} graded tasks per row, the 95% interval of a pass rate near 50% is about ±${halfWidthNearHalf(Math.max(1, ...summary.map((row) => row.graded)))} points wide: differences smaller than that are not evidence.`,
    '',
  );
  return lines.join('\n');
}

function stopReasonRows(records: readonly TrialRecord[]): string[][] {
  const groups = new Map<string, Map<string, number>>();
  for (const record of records) {
    const key = `${record.strategyId}\u0000${record.generator}`;
    const counts = groups.get(key) ?? new Map<string, number>();
    counts.set(record.stopReason, (counts.get(record.stopReason) ?? 0) + 1);
    groups.set(key, counts);
  }
  return [...groups].map(([key, counts]) => {
    const [strategy = '', generator = ''] = key.split('\u0000');
    return [strategy, generator, [...counts].map(([reason, count]) => `${reason} ${count}`).join(', ')];
  });
}

/** Trial notes (feedback fallbacks, prompts near the context limit, panel failures), counted by kind. */
function notesSection(records: readonly TrialRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const note of records.flatMap((record) => record.notes)) {
    // Numbers vary per trial; the kind of note is what a reader needs.
    const kind = note.replace(/\d+/g, 'N');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  return ['## Notes', '', table(['note', 'trials'], [...counts].map(([kind, count]) => [kind, String(count)])), ''];
}

function halfWidthNearHalf(n: number): string {
  return (1.96 * Math.sqrt(0.25 / n) * 100).toFixed(0);
}

function table(head: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${head.map(escape).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}
