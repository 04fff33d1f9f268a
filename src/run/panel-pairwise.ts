import { pairwiseJudges, type PanelConfig } from '../config/schema.js';
import type { PanelComparison } from '../records/pairwise.js';
import type { Trajectory } from '../strategies/types.js';
import type { TrialContext } from './trial-context.js';

/**
 * `panel.pairwise`: each pairwise judge compares the trial's final answer with its first — attempt 0, the shared first
 * answer every strategy starts from, so the one-shot answer of the same task and repeat — in both orders. A trial
 * without a final answer (skipped, or cut short by an infrastructure error) is not compared. A judge call that fails
 * does not undo the trial: it is noted, and that comparison is missing; an unreadable reply is a recorded failure.
 */
export async function compareByPanel(context: TrialContext, trajectory: Trajectory, panel: PanelConfig): Promise<PanelComparison[] | undefined> {
  const judges = pairwiseJudges(panel);
  const first = trajectory.attempts[0];
  const final = trajectory.attempts[trajectory.finalIndex];
  if (judges.length === 0 || first === undefined || final === undefined || trajectory.stopReason === 'error') return undefined;
  const comparisons: PanelComparison[] = [];
  for (const name of judges) {
    const judge = name === 'self' ? context.generator : name;
    try {
      const verdict = await context.panelCompare(final, first, judge, { retries: panel.judgeRetries });
      comparisons.push({ judge, self: judge === context.generator, attemptIndex: trajectory.finalIndex, ...verdict });
    } catch (error) {
      context.note(`pairwise judge "${judge}" failed on attempt ${final.iteration}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return comparisons;
}
