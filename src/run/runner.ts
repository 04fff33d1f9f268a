import type { Grader } from '../execution/grader.js';
import type { ModelGateway } from '../providers/gateway.js';
import type { PromptTemplates } from '../strategies/prompt-templates.js';
import type { Trajectory } from '../strategies/types.js';
import type { PlannedTrial } from './plan.js';
import type { GradedAttempt, TrialRecord } from './record.js';
import { TrialContext } from './trial-context.js';

export interface RunnerDeps {
  gateway: ModelGateway;
  grader: Grader;
  templates: PromptTemplates;
  /** Called with each finished trial, in completion order; persists it. */
  onRecord: (record: TrialRecord) => void;
  /** Trials in flight at once. */
  concurrency: number;
  signal: AbortSignal;
}

/** Runs the planned trials with bounded concurrency; stops taking new work once the signal aborts. */
export async function runTrials(trials: readonly PlannedTrial[], deps: RunnerDeps): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < trials.length && !deps.signal.aborted) {
      const trial = trials[next++] as PlannedTrial;
      deps.onRecord(await runTrial(trial, deps));
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency, trials.length) }, worker));
}

export async function runTrial(trial: PlannedTrial, deps: RunnerDeps): Promise<TrialRecord> {
  const startedAt = new Date();
  const started = performance.now();
  const { task, strategy } = trial;
  const context = new TrialContext({
    task: task.view,
    strategyId: strategy.id,
    generator: trial.generator,
    repeat: trial.repeat,
    seed: trial.seed,
    gateway: deps.gateway,
    templates: deps.templates,
    signal: deps.signal,
  });
  let trajectory: Trajectory;
  if (!strategy.definition.kinds.includes(task.view.kind)) {
    trajectory = context.stop('skipped');
  } else {
    trajectory = await strategy.definition.solve(context, strategy.options).catch((error: unknown) => context.abandon(error));
  }
  // Every attempt is graded, not only the final one, so fix/break can be read per iteration.
  const attempts: GradedAttempt[] = await Promise.all(
    trajectory.attempts.map(async (attempt) =>
      task.view.kind === 'code' ? { ...attempt, grade: await deps.grader.grade(task, attempt.program) } : { ...attempt },
    ),
  );
  const final = attempts[trajectory.finalIndex];
  const provider = deps.gateway.provider(trial.generator);
  return {
    key: trial.key,
    strategyId: strategy.id,
    generator: trial.generator,
    taskId: task.view.id,
    repeat: trial.repeat,
    strategy: { id: strategy.id, use: strategy.use, feedback: strategy.definition.feedback },
    model: provider.model,
    provider: provider.kind,
    taskKind: task.view.kind,
    seed: trial.seed,
    attempts,
    finalIndex: trajectory.finalIndex,
    stopReason: trajectory.stopReason,
    ...(trajectory.error === undefined ? {} : { error: trajectory.error }),
    passed: final?.grade ? final.grade.passed : null,
    calls: context.calls,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
  };
}
