import { totalTokens } from '../metrics/summary.js';
import type { RunAnalysis, StrategyResult } from '../metrics/analysis.js';
import {
  count,
  decimal,
  milliseconds,
  notAvailable,
  percent,
  pointsWithInterval,
  proportionWithBareInterval,
  proportionWithInterval,
  proportionWithIntervalAndCounts,
  pValue,
  rateWithCounts,
} from './format.js';
import { feedbackLabel, generatorLabel, strategyLabel } from './labels.js';
import type { TextTable } from './types.js';

/** After a Δ whose bootstrap interval and exact test disagree; `unconfirmedNote` under the table says what it means. */
const unconfirmedMark = '†';
export const unconfirmedNote = `${unconfirmedMark} the bootstrap interval of Δ and McNemar's exact test disagree (one finds a difference, the other not), as they can with few discordant pairs: treat that Δ as unconfirmed.`;

/** Whether any row's Δ carries the mark. */
export function anyUnconfirmed(analysis: RunAnalysis): boolean {
  return analysis.results.some((result) => result.vsBaseline?.testsDisagree === true);
}

/**
 * `markdown` is the full table (report.md, report.html); `wide` the terminal table of `--wide`; `terminal` the one
 * printed by default, within 100 columns: pass@1 and Δ with their intervals, and p, the rest being in summary.csv.
 */
export type HeadlineVariant = 'markdown' | 'wide' | 'terminal';
type TerminalVariant = Exclude<HeadlineVariant, 'markdown'>;

interface HeadlineColumn {
  head: (analysis: RunAnalysis, variant: HeadlineVariant) => string;
  cell: (result: StrategyResult, analysis: RunAnalysis, variant: HeadlineVariant) => string;
  /** The terminal tables that show it; every column is in the markdown table. */
  inTerminal: readonly TerminalVariant[] | ((analysis: RunAnalysis) => readonly TerminalVariant[]);
  /** Whether any table has it at all; always when absent. */
  when?: (analysis: RunAnalysis) => boolean;
  /** In the default terminal table, the width past which its text wraps onto more lines (names, feedback mixes). */
  wrapAt?: number;
}

/** The run has plus inputs (HumanEval+): pass@1 is base + plus, shown beside base alone. */
const withPlus = (analysis: RunAnalysis) => analysis.plusTasks > 0;
const bothTerminals: readonly TerminalVariant[] = ['wide', 'terminal'];
const wideOnly: readonly TerminalVariant[] = ['wide'];

const columns: readonly HeadlineColumn[] = [
  // The default terminal table marks the baseline in its Δ column instead, to stay narrow.
  {
    head: () => 'strategy',
    cell: (result, analysis, variant) => (variant === 'terminal' ? result.strategy : strategyLabel(result, analysis.baseline)),
    inTerminal: bothTerminals,
    wrapAt: 20,
  },
  { head: () => 'feedback', cell: (result, _, variant) => feedbackLabel(result, variant !== 'markdown'), inTerminal: bothTerminals, wrapAt: 14 },
  // One generator is named in the terminal title instead; several by name, their models in the title of the default table.
  {
    head: () => 'generator',
    cell: (result, _, variant) => (variant === 'terminal' ? result.generator : generatorLabel(result)),
    inTerminal: (analysis) => (generatorsOf(analysis).length > 1 ? bothTerminals : []),
    wrapAt: 14,
  },
  {
    head: () => 'pass@1 base [95% CI]',
    cell: (result) => (result.weakTests ? proportionWithInterval(result.weakTests.basePassAt1) : notAvailable),
    inTerminal: wideOnly,
    when: withPlus,
  },
  {
    // The default terminal table says under it that pass@1 is base + plus.
    head: (analysis, variant) => (withPlus(analysis) && variant !== 'terminal' ? 'pass@1 base + plus [95% CI]' : 'pass@1 [95% CI]'),
    cell: (result, _, variant) => (variant === 'terminal' ? proportionWithBareInterval : proportionWithInterval)(result.summary.passAt1),
    inTerminal: bothTerminals,
  },
  { head: () => 'passed', cell: (result) => `${result.summary.passAt1.successes}/${result.summary.graded}`, inTerminal: [] },
  {
    head: () => 'weak-test false pass',
    cell: (result, _, variant) => {
      if (!result.weakTests) return notAvailable;
      return variant === 'markdown' ? proportionWithIntervalAndCounts(result.weakTests.falsePass) : rateWithCounts(result.weakTests.falsePass);
    },
    inTerminal: wideOnly,
    when: withPlus,
  },
  {
    head: (analysis) => `Δ vs ${analysis.baseline ?? 'one-shot'} [95% CI]`,
    cell: (result, analysis, variant) =>
      variant === 'terminal' && result.strategy === analysis.baseline
        ? 'baseline'
        : `${pointsWithInterval(result.vsBaseline?.delta)}${result.vsBaseline?.testsDisagree ? unconfirmedMark : ''}`,
    inTerminal: bothTerminals,
  },
  { head: () => 'p (McNemar)', cell: (result) => pValue(result.vsBaseline?.mcnemarP), inTerminal: bothTerminals },
  {
    head: () => 'fix / break',
    cell: (result) => `${percent(result.fixAndBreak.fixRate.value)} / ${percent(result.fixAndBreak.breakRate.value)}`,
    inTerminal: [],
  },
  { head: () => 'iterations', cell: (result) => decimal(result.iterations.meanIterations), inTerminal: wideOnly },
  { head: () => 'p50 per trial', cell: (result) => milliseconds(result.summary.taskMsP50), inTerminal: wideOnly },
  { head: () => 'tokens', cell: (result) => count(totalTokens(result.summary)), inTerminal: wideOnly },
];

/** Distinct generators as `name (model tag)`, in row order. */
export function generatorsOf(analysis: RunAnalysis): string[] {
  return [...new Set(analysis.results.map(generatorLabel))];
}

/** The headline table as text cells, shared by the markdown report and the terminal; `wrapAt` per column (terminal). */
export function headlineTable(analysis: RunAnalysis, variant: HeadlineVariant): TextTable & { wrapAt: (number | undefined)[] } {
  const shown = columns.filter((column) => {
    if (!(column.when?.(analysis) ?? true)) return false;
    if (variant === 'markdown') return true;
    return (typeof column.inTerminal === 'function' ? column.inTerminal(analysis) : column.inTerminal).includes(variant);
  });
  return {
    head: shown.map((column) => column.head(analysis, variant)),
    rows: analysis.results.map((result) => shown.map((column) => column.cell(result, analysis, variant))),
    wrapAt: shown.map((column) => (variant === 'terminal' ? column.wrapAt : undefined)),
  };
}
