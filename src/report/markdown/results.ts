import { count, milliseconds, notAvailable, percent, plural } from '../format.js';
import { anyUnconfirmed, headlineTable, unconfirmedNote } from '../headline-table.js';
import { generatorLabel, oracleWarning } from '../labels.js';
import { timeLead, timeTable } from '../time-text.js';
import type { ReportInput } from '../types.js';
import { markdownTable, section } from './blocks.js';

/** The headline table, with oracle rows and the base vs plus columns explained under it. */
export function results({ analysis }: ReportInput): string {
  const { head, rows } = headlineTable(analysis, 'markdown');
  const oracleNote = analysis.results.some((result) => result.oracle)
    ? `Rows marked *${oracleWarning}* get their feedback from the hidden tests themselves: they show how far perfect feedback could go, and are not a strategy a user could run.`
    : '';
  const plusNote =
    analysis.plusTasks > 0
      ? `${analysis.plusTasks} of ${plural(analysis.tasks, 'task')} ${analysis.plusTasks === 1 ? 'has' : 'have'} plus inputs (HumanEval+). *pass@1 base + plus* counts an answer as passing only when it passes the original tests' inputs (base) and EvalPlus' extra ones (plus), as EvalPlus reports it; Δ, p and every other pass figure in this report use it. *pass@1 base* counts the base tests alone, as the original benchmark would. *Weak-test false pass*: of the final answers that pass base and ran on plus inputs, the share that fail plus — answers the original tests wrongly accept.`
      : '';
  return section(
    'Results',
    'One row per strategy and generator. Δ is the paired difference in pass@1 from the baseline on the same tasks; p is the exact McNemar test on the tasks where the two disagree.',
    markdownTable(head, rows),
    anyUnconfirmed(analysis) ? unconfirmedNote : '',
    plusNote,
    oracleNote,
  );
}

/** What each strategy spent; panel (post-hoc judging) calls are not in any strategy's cost. */
export function cost({ analysis }: ReportInput): string {
  const rows = analysis.results.map(({ strategy, summary }) => {
    const { cost: spent } = summary;
    const split = spent.modelTime
      ? `${milliseconds(spent.modelTime.loadMs)} / ${milliseconds(spent.modelTime.promptMs)} / ${milliseconds(spent.modelTime.generateMs)}`
      : notAvailable;
    return [
      strategy,
      summary.generator,
      `${count(spent.calls)} (${count(spent.cachedCalls)})`,
      count(spent.failedCalls),
      `${count(spent.tokensIn)} / ${count(spent.tokensOut)}`,
      `${milliseconds(spent.taskMs.p50)} / ${milliseconds(spent.taskMs.p95)}`,
      `${milliseconds(spent.taskQueueMs.p50)} / ${milliseconds(spent.taskQueueMs.p95)}`,
      `${milliseconds(spent.callMs.p50)} / ${milliseconds(spent.callMs.p95)}`,
      split,
      count(spent.coldCalls),
      count(spent.modelSwitches),
    ];
  });
  return section(
    'Cost',
    'Calls a strategy made for its own answers (the panel\'s post-hoc judging is not counted). A cached call is one answered from the response cache, e.g. the first answer shared with one-shot: it counts at its original tokens, because that is what the answer cost, but takes no model time. *Model time* runs from a call leaving its endpoint\'s queue to the reply; *queue* is the time calls waited before that, for a free slot and their model\'s turn.',
    markdownTable(
      [
        'strategy',
        'generator',
        'calls (cached)',
        'failed tries',
        'tokens in / out',
        'model time p50 / p95 per trial',
        'queue p50 / p95 per trial',
        'p50 / p95 per call',
        'model-reported load / prompt / generate',
        'cold loads',
        'model switches',
      ],
      rows,
    ),
  );
}

/** Model, queue and grading seconds per strategy and per trial, beside GPU time (time-text.ts, shared with report.html). */
export function time({ analysis }: ReportInput): string {
  const { head, rows } = timeTable(analysis);
  return section('Time', timeLead, markdownTable(head, rows));
}

/** Only when there are repeats to estimate it from. */
export function passAtKTable({ analysis }: ReportInput): string {
  const measured = analysis.results.flatMap((result) => (result.passAtK ? [{ result, passAtK: result.passAtK }] : []));
  if (measured.length === 0) return '';
  return section(
    'pass@k',
    'Unbiased pass@k (Chen et al. 2021) over the repeats of each task: the chance that at least one of k answers passes.',
    markdownTable(
      ['strategy', 'generator', 'k', 'pass@k', 'tasks', 'pass@1'],
      measured.map(({ result, passAtK }) => [
        result.strategy,
        generatorLabel(result),
        String(passAtK.k),
        percent(passAtK.value),
        String(passAtK.tasks),
        percent(result.summary.passAt1.value),
      ]),
    ),
  );
}

