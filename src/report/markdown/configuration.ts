import { configurationText } from '../configuration-text.js';
import { notAvailable } from '../format.js';
import { markdownCode, markdownText } from '../rich-text.js';
import type { ReportInput } from '../types.js';
import { bullets, markdownTable, section } from './blocks.js';

/** Everything needed to rerun or audit the run (configuration-text.ts, shared with report.html). */
export function configuration(input: ReportInput): string {
  const { items, tables } = configurationText(input);
  return section(
    'Configuration',
    bullets(items.map(markdownText)),
    ...tables.flatMap(({ title, lead, table, codeColumns }) => [
      `### ${title}`,
      lead ? markdownText(lead) : '',
      markdownTable(
        table.head,
        table.rows.map((cells) => cells.map((cell, column) => (codeColumns.includes(column) && cell !== notAvailable ? markdownCode(cell) : cell))),
      ),
    ]),
  );
}
