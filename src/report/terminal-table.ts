import Table from 'cli-table3';
import { consoleTableOptions } from './console-table.js';
import { scoreDifference } from './format.js';
import { anyUnconfirmed, generatorsOf, headlineTable, unconfirmedNote } from './headline-table.js';
import { gradingLabel } from './labels.js';
import type { ReportInput } from './types.js';
import { wrapText } from './wrap-text.js';

/** The default table fits a terminal this wide; `--wide` (every column of old) may not. */
export const terminalColumns = 100;

export interface TerminalTableOptions {
  /** Every terminal column (iterations, time, tokens, base pass@1, weak-test false passes), however wide. */
  wide?: boolean | undefined;
  /** The frame in ASCII (`--ascii`, the legacy Windows console). */
  ascii?: boolean | undefined;
}

/** The table printed at the end of a run and by `bench report`: the headline, an assert-style grading warning, and the judges' inflation. */
export function renderTerminalTable({ meta, analysis }: ReportInput, { wide = false, ascii = false }: TerminalTableOptions = {}): string {
  const { head, rows, wrapAt } = headlineTable(analysis, wide ? 'wide' : 'terminal');
  const widest = (column: number) => Math.max(...[head, ...rows].map((row) => (row[column] ?? '').length));
  // A column wraps only when its text is wider than its limit: a fixed width would also pad the narrow ones. Widths count padding.
  const colWidths = wrapAt.map((limit, column) => (limit !== undefined && widest(column) > limit ? limit + 2 : null));
  const table = new Table({ head, colWidths, wordWrap: true, ...consoleTableOptions(ascii) });
  table.push(...rows);
  const generators = generatorsOf(analysis);
  const title = [
    meta.name,
    ...(generators.length === 1 ? [`generator ${generators[0]}`] : generators.length > 1 && !wide ? [`generators ${generators.join(', ')}`] : []),
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
  const plus =
    analysis.plusTasks > 0 && !wide
      ? ['pass@1 counts an answer that passes the base and the plus inputs, as EvalPlus reports it; base alone and the weak-test false passes: --wide, summary.csv.']
      : [];
  const grading = gradingLabel(analysis.grading);
  const notes = [...(anyUnconfirmed(analysis) ? [unconfirmedNote] : []), ...plus, ...(grading?.warning ? [grading.text] : []), ...inflation];
  const prose = (text: string) => (wide ? text : wrapText(text, terminalColumns));
  return [prose(title), table.toString(), ...notes.map(prose)].join('\n');
}
