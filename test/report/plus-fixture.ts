/**
 * A HumanEval+-style run for report tests: 10 tasks graded differentially with base and plus
 * suites, one-shot and a self-reflection loop, a panel [self, critic] on one-shot's answers.
 * The numbers are planted so reports must show them exactly (see the comments).
 */
import { configSchema, type RawConfig } from '../../src/config/schema.js';
import { buildReportInput } from '../../src/report/report-input.js';
import type { ReportInput } from '../../src/report/types.js';
import type { GradedAttempt, TrialRecord } from '../../src/records/record.js';
import type { FeedbackKind } from '../../src/records/lists.js';
import { panel, suiteAttempt, trial, verdict } from '../metrics/fixtures.js';
import { fixtureMeta } from './run-fixture.js';

export const plusTasks = Array.from({ length: 10 }, (_, index) => `t${index + 1}`);

export const plusMeta = fixtureMeta({
  name: 'plus-fixture',
  dataset: { source: 'jsonl:humaneval-plus.jsonl', sha256: 'ef'.repeat(32), tasks: 10 },
  strategies: [
    { id: 'one-shot', use: 'one-shot', feedback: 'none', options: {} },
    { id: 'self-reflection', use: 'self-reflection', feedback: 'self-judge', options: { threshold: 7.5, maxIterations: 2 }, stopThreshold: 7.5 },
  ],
  trials: 20,
});

export const plusConfig: RawConfig = configSchema.parse({
  name: 'plus-fixture',
  dataset: { source: 'jsonl:humaneval-plus.jsonl' },
  models: { gen: { provider: 'ollama', model: 'gen:7b', options: { temperature: 0 } }, critic: { provider: 'openai', model: 'critic:8b' } },
  generators: ['gen'],
  strategies: ['one-shot', { use: 'self-reflection', threshold: 7.5, maxIterations: 2 }],
  panel: { judges: ['self', 'critic'], threshold: 6 },
});

const T = true;
const F = false;

function strategyTrial(id: string, feedbackKind: FeedbackKind, taskId: string, attempts: GradedAttempt[], spec: Partial<TrialRecord> = {}): TrialRecord {
  return trial({ strategyId: id, strategy: { id, use: id, feedback: feedbackKind }, taskId, key: `${id}|gen|${taskId}|0`, attempts, ...spec });
}

/**
 * one-shot, [base, plus] per task: t1–t4 pass both, t5–t6 pass base and fail plus, t7–t9 fail
 * both, t10 fails base and passes plus. Base 6/10, base + plus 4/10, weak-test false pass 2/6.
 * Panel at τ = 6 — critic: 8 8 7 9 on passes-both (0/4 below τ), 3 7 on the misses (1/2), 2 4 5 7
 * on fails-base (3/4); gen (self): 9 9 8 9, 8 8 (0/2), 7 6 5 8 (1/4).
 */
function oneShot(): TrialRecord[] {
  const plan: [boolean, boolean][] = [[T, T], [T, T], [T, T], [T, T], [T, F], [T, F], [F, F], [F, F], [F, F], [F, T]];
  const critic = [8, 8, 7, 9, 3, 7, 2, 4, 5, 7];
  const self = [9, 9, 8, 9, 8, 8, 7, 6, 5, 8];
  return plusTasks.map((taskId, index) => {
    const [base, plus] = plan[index] as [boolean, boolean];
    return strategyTrial('one-shot', 'none', taskId, [suiteAttempt(base, plus, { raw: `one-shot ${taskId}` })], {
      panel: [panel('gen', self[index], { self: true }), panel('critic', critic[index])],
    });
  });
}

/**
 * self-reflection, attempts as [base, plus, loop score] (τ 7.5): the retries fool the base tests more.
 * Final: base 9/10, base + plus 6/10, false pass 3/9. Attempt 1: base 6/10, both 5/10, false pass 1/6;
 * attempt 2 (5 trials): base 4/5, both 1/5, false pass 3/4. Loop judge below τ: weak-test misses 1/4
 * (t7's first, 6), passes both 0/6, fails base 5/5.
 */
function selfReflection(): TrialRecord[] {
  const plans: Record<string, [boolean, boolean, number][]> = {
    t1: [[T, T, 8]],
    t2: [[T, T, 8]],
    t3: [[T, T, 8]],
    t4: [[T, T, 8]],
    t5: [[F, F, 5], [T, F, 8]],
    t6: [[F, F, 5], [T, F, 8]],
    t7: [[T, F, 6], [T, F, 8]],
    t8: [[F, F, 5], [T, T, 8]],
    t9: [[F, F, 5], [F, F, 4]],
    t10: [[T, T, 9]],
  };
  return plusTasks.map((taskId) => {
    const plan = plans[taskId] ?? [];
    const attempts = plan.map(([base, plus, score], index) =>
      suiteAttempt(base, plus, { iteration: index + 1, raw: `self-reflection ${taskId} ${index + 1}`, verdict: verdict(score, 'gen') }),
    );
    const stopReason = (plan.at(-1)?.[2] ?? 0) >= 7.5 ? 'threshold-met' : 'max-iterations';
    return strategyTrial('self-reflection', 'self-judge', taskId, attempts, { stopReason });
  });
}

export function plusRecords(): TrialRecord[] {
  return [...oneShot(), ...selfReflection()];
}

export function plusInput(records = plusRecords()): ReportInput {
  return buildReportInput(plusMeta, records, plusConfig);
}
