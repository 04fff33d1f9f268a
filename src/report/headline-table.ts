import type { RunAnalysis, StrategyResult } from '../metrics/analysis.js';
import { count, decimal, milliseconds, percent, pointsWithInterval, proportionWithInterval, pValue } from './format.js';
import { feedbackLabel, generatorLabel, strategyLabel } from './labels.js';

/** `markdown` is the full table; `terminal` the compact one printed after a run. */
export type HeadlineVariant = 'markdown' | 'terminal';

interface HeadlineColumn {
  head: (analysis: RunAnalysis) => string;
  cell: (result: StrategyResult, analysis: RunAnalysis, variant: HeadlineVariant) => string;
  /** Left out of the compact table. */
  markdownOnly?: true;
}

const columns: readonly HeadlineColumn[] = [
  { head: () => 'strategy', cell: (result, analysis) => strategyLabel(result, analysis.baseline) },
  { head: () => 'feedback', cell: (result, _, variant) => feedbackLabel(result, variant === 'terminal') },
  { head: () => 'generator', cell: (result, _, variant) => (variant === 'terminal' ? result.generator : generatorLabel(result)) },
  { head: () => 'pass@1 [95% CI]', cell: (result) => proportionWithInterval(result.summary.passAt1) },
  { head: () => 'passed', cell: (result) => `${result.summary.passAt1.successes}/${result.summary.graded}`, markdownOnly: true },
  { head: (analysis) => `Δ vs ${analysis.baseline ?? 'one-shot'} [95% CI]`, cell: (result) => pointsWithInterval(result.vsBaseline?.delta) },
  { head: () => 'p (McNemar)', cell: (result) => pValue(result.vsBaseline?.mcnemarP) },
  {
    head: () => 'fix / break',
    cell: (result) => `${percent(result.fixAndBreak.fixRate.value)} / ${percent(result.fixAndBreak.breakRate.value)}`,
    markdownOnly: true,
  },
  { head: () => 'iterations', cell: (result) => decimal(result.iterations.meanIterations) },
  { head: () => 'p50 per task', cell: (result) => milliseconds(result.summary.taskMsP50) },
  { head: () => 'tokens', cell: (result) => count(result.summary.tokensIn + result.summary.tokensOut) },
];

/** The headline table as text cells, shared by the markdown report and the terminal. */
export function headlineTable(analysis: RunAnalysis, variant: HeadlineVariant): { head: string[]; rows: string[][] } {
  const shown = columns.filter((column) => variant === 'markdown' || !column.markdownOnly);
  return {
    head: shown.map((column) => column.head(analysis)),
    rows: analysis.results.map((result) => shown.map((column) => column.cell(result, analysis, variant))),
  };
}
