import Table from 'cli-table3';
import { scoreDifference } from './format.js';
import { headlineTable } from './headline-table.js';
import type { ReportInput } from './types.js';

/** The table printed at the end of a run and by `bench report`: the compact headline, and the judges' inflation. */
export function renderTerminalTable({ meta, analysis }: ReportInput): string {
  const { head, rows } = headlineTable(analysis, 'terminal');
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  const title = `${meta.name}${meta.simulated ? ' — SIMULATED models, not real results' : ''}`;
  const inflation = analysis.inflation
    ? [`self-judge score inflation (self − cross judge, same answers, 0–10): ${scoreDifference(analysis.inflation.all)}`]
    : [];
  return [title, table.toString(), ...inflation].join('\n');
}
