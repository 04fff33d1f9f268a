import { setMaxListeners } from 'node:events';
import type { StrategyInstance } from '../strategies/instance.js';
import type { PanelConfig } from '../config/schema.js';
import type { Grader } from '../execution/grader.js';
import type { ModelGateway } from '../providers/gateway.js';
import type { TrialHandle } from '../providers/trial-activity.js';
import type { PromptTemplates } from '../prompts/templates.js';
import type { Trajectory } from '../strategies/types.js';
import type { PlannedTrial } from './plan.js';
import type { FeedbackKind, TaskKind } from '../records/lists.js';
import type { GradedAttempt, PanelVerdict, TrialRecord } from '../records/record.js';
import { compareByPanel } from './panel-pairwise.js';
import { OracleTrialContext, TrialContext, type TrialSetup } from './trial-context.js';

export interface RunnerDeps {
  /** Post-hoc judges of every trial's answers; none when the config has no panel. */
  panel?: PanelConfig;
  gateway: ModelGateway;
  grader: Grader;
  templates: PromptTemplates;
  /** Called with each finished trial, in completion order; persists it. */
  onRecord: (record: TrialRecord) => void;
  /** Trials in flight at once (`trialWindow`; `auto` is every trial). */
  trialWindow: number | 'auto';
  /** Cancels the calls in flight; a trial cut short this way is not recorded, so `--resume` runs it again. */
  signal: AbortSignal;
  /** Stops taking new trials; those in flight finish (until `signal` cancels them). */
  stop?: AbortSignal;
}

/** Runs the planned trials, `trialWindow` at a time; stops taking new work once `stop` or `signal` aborts. */
export async function runTrials(trials: readonly PlannedTrial[], deps: RunnerDeps): Promise<void> {
  // Every call in flight listens to the run's signal, and every trial may be in flight: no listener count is a leak.
  setMaxListeners(0, deps.signal);
  let next = 0;
  const stopped = () => deps.signal.aborted || (deps.stop?.aborted ?? false);
  const worker = async () => {
    while (next < trials.length && !stopped()) {
      const trial = trials[next++] as PlannedTrial;
      const record = await runTrial(trial, deps);
      // Cut short by the cancel (a call or a panel verdict missing): not recorded, so --resume runs it again.
      if (!deps.signal.aborted) deps.onRecord(record);
    }
  };
  const window = deps.trialWindow === 'auto' ? trials.length : Math.min(deps.trialWindow, trials.length);
  await Promise.all(Array.from({ length: window }, worker));
}

export async function runTrial(trial: PlannedTrial, deps: RunnerDeps): Promise<TrialRecord> {
  // While it is open the endpoints know whether this trial waits on a queued call or is busy; closed, it calls no more.
  const handle = deps.gateway.startTrial();
  try {
    return await runOpenTrial(trial, deps, handle);
  } finally {
    handle.close();
  }
}

async function runOpenTrial(trial: PlannedTrial, deps: RunnerDeps, handle: TrialHandle): Promise<TrialRecord> {
  const startedAt = new Date();
  const started = performance.now();
  const { task, strategy } = trial;
  const setup: TrialSetup = {
    task: task.view,
    strategyId: strategy.id,
    generator: trial.generator,
    repeat: trial.repeat,
    seed: trial.seed,
    gateway: deps.gateway,
    tests: deps.grader,
    templates: deps.templates,
    signal: deps.signal,
    trial: handle,
  };
  const context =
    strategy.run.oracle
      ? new OracleTrialContext(setup, (program) => deps.grader.grade(task, program))
      : new TrialContext(setup);
  let trajectory: Trajectory;
  if (!strategy.kinds.includes(task.view.kind)) {
    trajectory = context.stop('skipped');
  } else {
    trajectory = await solve(strategy, context).catch((error: unknown) => context.abandon(error));
  }
  // A sample still in flight when its sibling failed: its calls were spent, so the record waits for their records.
  await context.settled();
  // Every attempt is graded, not only the final one, so fix/break can be read per iteration.
  const [attempts, panel, pairwise] = await Promise.all([
    Promise.all(
      trajectory.attempts.map(
        async (attempt): Promise<GradedAttempt> =>
          task.view.kind === 'code' ? { ...attempt, grade: await deps.grader.grade(task, attempt.program) } : { ...attempt },
      ),
    ),
    deps.panel ? judgeByPanel(context, trajectory, deps.panel) : undefined,
    deps.panel ? compareByPanel(context, trajectory, deps.panel) : undefined,
  ]);
  const gradingFailure = attempts.find((attempt) => attempt.grade?.status === 'infra-error');
  if (gradingFailure && trajectory.stopReason !== 'error') {
    trajectory = { ...trajectory, stopReason: 'error', error: `the sandbox failed while grading attempt ${gradingFailure.iteration}` };
  }
  const final = attempts[trajectory.finalIndex];
  const provider = deps.gateway.provider(trial.generator);
  return {
    key: trial.key,
    strategyId: strategy.id,
    generator: trial.generator,
    taskId: task.view.id,
    repeat: trial.repeat,
    strategy: { id: strategy.id, use: strategy.use, feedback: strategy.feedback },
    feedbackUsed: feedbackOf(trajectory, trial.generator),
    model: provider.model,
    provider: provider.kind,
    taskKind: task.view.kind,
    seed: trial.seed,
    attempts,
    shape: strategy.shape,
    finalIndex: trajectory.finalIndex,
    stopReason: trajectory.stopReason,
    ...(trajectory.error === undefined ? {} : { error: trajectory.error }),
    passed: passedOf(trajectory, final, task.view.kind),
    ...(panel === undefined ? {} : { panel }),
    ...(pairwise === undefined ? {} : { pairwise }),
    ...(context.selfTests === undefined ? {} : { selfTests: context.selfTests }),
    notes: context.notes,
    calls: context.calls,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
  };
}

/**
 * A trial cut short by an infrastructure failure has no final answer to count: out of pass@1, shown as an error. One
 * whose first prompt did not fit the model's context has none either, and counts as not passed: that is the model's
 * limit, which asking again would not lift.
 */
function passedOf(trajectory: Trajectory, final: GradedAttempt | undefined, kind: TaskKind): boolean | null {
  if (trajectory.stopReason === 'error') return null;
  if (final?.grade) return final.grade.passed;
  return trajectory.stopReason === 'context-full' && kind === 'code' ? false : null;
}

/**
 * What the trial's feedback came from: the tests it ran, or whose inputs it called its answers on (their source), else
 * the judge it asked, else the generator's own words on its answer (a critique, Self-Refine's feedback), else nothing.
 * Reflexion and Self-Debug comment too, but only after tests, which come first. A loop that could not make its
 * feedback before its first revision (an empty critique, unreadable feedback) used none, whatever it recorded trying.
 */
function feedbackOf({ attempts, stopReason }: Trajectory, generator: string): FeedbackKind {
  if (stopReason === 'no-feedback' && attempts.length === 1) return 'none';
  const tests = attempts.find((attempt) => attempt.feedback !== undefined)?.feedback;
  const inputs = attempts.find((attempt) => attempt.behaviour !== undefined)?.behaviour;
  const source = tests?.source ?? inputs?.source;
  if (source !== undefined) return source;
  // A rubric verdict or a pairwise comparison: either way a judge's word, the generator's own or another model's.
  const judged = attempts.map((attempt) => attempt.verdict ?? attempt.comparison).find((judgement) => judgement !== undefined);
  if (judged !== undefined) return judged.judge === generator ? 'self-judge' : 'cross-judge';
  if (attempts.some((attempt) => attempt.comment !== undefined)) return 'self-critique';
  return 'none';
}

/** Only the oracle strategy is handed a context with the hidden tests; every other strategy gets the plain one. */
function solve({ run, use }: StrategyInstance, context: TrialContext): Promise<Trajectory> {
  if (!run.oracle) return run.solve(context);
  if (!(context instanceof OracleTrialContext)) throw new Error(`${use} needs the oracle context`);
  return run.solve(context);
}

/**
 * Every panel judge scores the first and the final attempt (or each attempt) after the strategy is done.
 * A panel failure does not undo the trial: it is noted, and that verdict is missing.
 */
async function judgeByPanel(context: TrialContext, trajectory: Trajectory, panel: PanelConfig): Promise<PanelVerdict[]> {
  // The first attempt always: it is unselected (every strategy's shared first answer, one cached verdict per judge), so
  // inflation on it is the judge's bias alone, apart from the selection a loop adds to its final answers.
  const indexes = panel.allAttempts ? trajectory.attempts.map((_, index) => index) : [...new Set([0, trajectory.finalIndex])];
  const verdicts: PanelVerdict[] = [];
  for (const attemptIndex of indexes) {
    const attempt = trajectory.attempts[attemptIndex];
    if (!attempt) continue;
    for (const name of panel.judges) {
      const judge = name === 'self' ? context.generator : name;
      try {
        const verdict = await context.panelJudge(attempt, judge, { criteria: panel.criteria, retries: panel.judgeRetries });
        verdicts.push({ judge, self: judge === context.generator, attemptIndex, verdict });
      } catch (error) {
        context.note(`panel judge "${judge}" failed on attempt ${attempt.iteration}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return verdicts;
}
