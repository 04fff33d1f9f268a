import Table from 'cli-table3';
import { consoleTableOptions } from './console-table.js';
import { scoreDifference } from './format.js';
import { anyUnconfirmed, generatorsOf, headlineTable, unconfirmedNote } from './headline-table.js';
import { gradingLabel } from './labels.js';
import type { ReportInput } from './types.js';

/** The table printed at the end of a run and by `bench report`: the compact headline, an assert-style grading warning, and the judges' inflation. */
export function renderTerminalTable({ meta, analysis }: ReportInput, { ascii = false }: { ascii?: boolean } = {}): string {
  const { head, rows } = headlineTable(analysis, 'terminal');
  const table = new Table({ head, ...consoleTableOptions(ascii) });
  table.push(...rows);
  const generators = generatorsOf(analysis);
  const title = [
    meta.name,
    ...(generators.length === 1 ? [`generator ${generators[0]}`] : []),
    ...(meta.simulated ? ['SIMULATED models, not real results'] : []),
  ].join(' — ');
  const { first, final } = analysis.inflationBySelection;
  const inflation = analysis.inflation
    ? [
        `self-judge score inflation (self − cross judge, same answers, 0–10): ${
          first && final ? `first answers ${scoreDifference(first.all)}, final answers ${scoreDifference(final.all)} (a loop's own score chose those)` : scoreDifference(analysis.inflation.all)
        }`,
      ]
    : [];
  const grading = gradingLabel(analysis.grading);
  return [title, table.toString(), ...(anyUnconfirmed(analysis) ? [unconfirmedNote] : []), ...(grading?.warning ? [grading.text] : []), ...inflation].join('\n');
}
