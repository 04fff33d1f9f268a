import { totalTokens } from '../metrics/summary.js';
import type { RunAnalysis, StrategyResult } from '../metrics/analysis.js';
import {
  count,
  decimal,
  milliseconds,
  notAvailable,
  percent,
  pointsWithInterval,
  proportionWithInterval,
  proportionWithIntervalAndCounts,
  pValue,
  rateWithCounts,
} from './format.js';
import { feedbackLabel, generatorLabel, strategyLabel } from './labels.js';
import type { TextTable } from './types.js';

/** After a Δ whose bootstrap interval and exact test disagree; `unconfirmedNote` under the table says what it means. */
export const unconfirmedMark = '†';
export const unconfirmedNote = `${unconfirmedMark} the bootstrap interval of Δ and McNemar's exact test disagree (one finds a difference, the other not), as they can with few discordant pairs: treat that Δ as unconfirmed.`;

/** Whether any row's Δ carries the mark. */
export function anyUnconfirmed(analysis: RunAnalysis): boolean {
  return analysis.results.some((result) => result.vsBaseline?.testsDisagree === true);
}

/** `markdown` is the full table; `terminal` the compact one printed after a run. */
export type HeadlineVariant = 'markdown' | 'terminal';

interface HeadlineColumn {
  head: (analysis: RunAnalysis) => string;
  cell: (result: StrategyResult, analysis: RunAnalysis, variant: HeadlineVariant) => string;
  /** Whether the compact table shows it; every column is in the markdown table. */
  inTerminal: boolean | ((analysis: RunAnalysis) => boolean);
  /** Whether either table has it at all; always when absent. */
  when?: (analysis: RunAnalysis) => boolean;
}

/** The run has plus inputs (HumanEval+): pass@1 is base + plus, shown beside base alone. */
const withPlus = (analysis: RunAnalysis) => analysis.plusTasks > 0;

const columns: readonly HeadlineColumn[] = [
  { head: () => 'strategy', cell: (result, analysis) => strategyLabel(result, analysis.baseline), inTerminal: true },
  { head: () => 'feedback', cell: (result, _, variant) => feedbackLabel(result, variant === 'terminal'), inTerminal: true },
  // One generator is named in the terminal title instead.
  { head: () => 'generator', cell: (result) => generatorLabel(result), inTerminal: (analysis) => generatorsOf(analysis).length > 1 },
  {
    head: () => 'pass@1 base [95% CI]',
    cell: (result) => (result.weakTests ? proportionWithInterval(result.weakTests.basePassAt1) : notAvailable),
    inTerminal: true,
    when: withPlus,
  },
  { head: (analysis) => (withPlus(analysis) ? 'pass@1 base + plus [95% CI]' : 'pass@1 [95% CI]'), cell: (result) => proportionWithInterval(result.summary.passAt1), inTerminal: true },
  { head: () => 'passed', cell: (result) => `${result.summary.passAt1.successes}/${result.summary.graded}`, inTerminal: false },
  {
    head: () => 'weak-test false pass',
    cell: (result, _, variant) => {
      if (!result.weakTests) return notAvailable;
      return variant === 'terminal' ? rateWithCounts(result.weakTests.falsePass) : proportionWithIntervalAndCounts(result.weakTests.falsePass);
    },
    inTerminal: true,
    when: withPlus,
  },
  {
    head: (analysis) => `Δ vs ${analysis.baseline ?? 'one-shot'} [95% CI]`,
    cell: (result) => `${pointsWithInterval(result.vsBaseline?.delta)}${result.vsBaseline?.testsDisagree ? unconfirmedMark : ''}`,
    inTerminal: true,
  },
  { head: () => 'p (McNemar)', cell: (result) => pValue(result.vsBaseline?.mcnemarP), inTerminal: true },
  {
    head: () => 'fix / break',
    cell: (result) => `${percent(result.fixAndBreak.fixRate.value)} / ${percent(result.fixAndBreak.breakRate.value)}`,
    inTerminal: false,
  },
  { head: () => 'iterations', cell: (result) => decimal(result.iterations.meanIterations), inTerminal: true },
  { head: () => 'p50 per trial', cell: (result) => milliseconds(result.summary.taskMsP50), inTerminal: true },
  { head: () => 'tokens', cell: (result) => count(totalTokens(result.summary)), inTerminal: true },
];

/** Distinct generators as `name (model tag)`, in row order. */
export function generatorsOf(analysis: RunAnalysis): string[] {
  return [...new Set(analysis.results.map(generatorLabel))];
}

/** The headline table as text cells, shared by the markdown report and the terminal. */
export function headlineTable(analysis: RunAnalysis, variant: HeadlineVariant): TextTable {
  const shown = columns.filter(
    (column) =>
      (column.when?.(analysis) ?? true) &&
      (variant === 'markdown' || (typeof column.inTerminal === 'function' ? column.inTerminal(analysis) : column.inTerminal)),
  );
  return {
    head: shown.map((column) => column.head(analysis)),
    rows: analysis.results.map((result) => shown.map((column) => column.cell(result, analysis, variant))),
  };
}
