import Table from 'cli-table3';
import type { ReportInput } from './types.js';
import { headlineColumns, headlineRows } from './headline-table.js';

/** The table printed at the end of a run and by `bench report`. */
export function renderTerminalTable({ meta, summary }: ReportInput): string {
  const table = new Table({ head: [...headlineColumns], style: { head: [], border: [] } });
  table.push(...headlineRows(summary));
  const title = `${meta.name}${meta.simulated ? ' — SIMULATED models, not real results' : ''}`;
  return `${title}\n${table.toString()}`;
}
