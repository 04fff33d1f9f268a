/** A small hand-made run for report tests: 4 tasks, one generator, a judge model, a panel [self, critic]. */
import { configSchema, type RawConfig } from '../../src/config/schema.js';
import type { TrialRecord } from '../../src/records/record.js';
import type { RunMeta } from '../../src/records/run-meta.js';
import type { FeedbackKind } from '../../src/records/lists.js';
import { attempt, feedback, panel, trial, verdict } from '../metrics/fixtures.js';
import { buildReportInput } from '../../src/report/report-input.js';
import type { ReportInput } from '../../src/report/types.js';

const tasks = ['t1', 't2', 't3', 't4'];

export function fixtureMeta(overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    name: 'fixture',
    createdAt: '2025-01-01T00:00:00.000Z',
    selfbenchVersion: '0.0.0-test',
    dataset: { source: 'jsonl:tasks.jsonl', sha256: 'ab'.repeat(32), tasks: 4 },
    sandbox: 'process',
    simulated: false,
    models: {
      gen: { provider: 'ollama', model: 'gen:7b', options: { temperature: 0 } },
      critic: { provider: 'openai', model: 'critic:8b', options: {} },
    },
    strategies: [
      { id: 'one-shot', use: 'one-shot', feedback: 'none', options: {} },
      { id: 'self-reflection', use: 'self-reflection', feedback: 'self-judge', options: { threshold: 7.5, maxIterations: 2 }, stopThreshold: 7.5 },
      { id: 'reflexion-oracle', use: 'reflexion-oracle', feedback: 'oracle', options: { maxIterations: 2 } },
    ],
    promptHashes: { judge: 'cd'.repeat(32) },
    trials: 12,
    ...overrides,
  };
}

export const fixtureConfig: RawConfig = configSchema.parse({
  name: 'fixture',
  dataset: { source: 'jsonl:tasks.jsonl', limit: 4 },
  models: {
    gen: { provider: 'ollama', model: 'gen:7b', options: { temperature: 0 } },
    critic: { provider: 'openai', model: 'critic:8b', apiKey: 'sk-do-not-print' },
  },
  generators: ['gen'],
  strategies: ['one-shot', 'self-reflection', 'reflexion-oracle'],
  panel: { judges: ['self', 'critic'], threshold: 6 },
  seed: 7,
});

function strategyTrial(id: string, feedbackKind: FeedbackKind, taskId: string, spec: Parameters<typeof trial>[0]): TrialRecord {
  return trial({ strategyId: id, strategy: { id, use: id, feedback: feedbackKind }, taskId, key: `${id}|gen|${taskId}|0`, ...spec });
}

/** Panel scores of the final answer: the generator's own, then the critic's. */
function scored(self: number, critic: number | undefined, attemptIndex = 0) {
  return [panel('gen', self, { self: true, attemptIndex }), panel('critic', critic, { attemptIndex })];
}

/**
 * one-shot passes t1, t4. self-reflection: t2 fixed on retry, t3 fails twice (the judge's
 * second reply does not parse). The oracle passes everything. Self − critic on one-shot: 2, 3, 1, 2.
 */
export function fixtureRecords(): TrialRecord[] {
  const oneShotPasses = [true, false, false, true];
  const oneShotPanel = [scored(8, 6), scored(7, 4), scored(6, 5), scored(9, 7)];
  const oneShot = tasks.map((taskId, index) =>
    strategyTrial('one-shot', 'none', taskId, { outcomes: [oneShotPasses[index] as boolean], panel: oneShotPanel[index] ?? [] }),
  );
  const judged = (passed: boolean, score: number | undefined, iteration = 1) => attempt(passed, { iteration, verdict: verdict(score, 'gen') });
  const selfReflection = [
    strategyTrial('self-reflection', 'self-judge', 't1', { attempts: [judged(true, 8)], stopReason: 'threshold-met', panel: scored(8, 7) }),
    strategyTrial('self-reflection', 'self-judge', 't2', {
      attempts: [judged(false, 6), judged(true, 8, 2)],
      stopReason: 'threshold-met',
      panel: scored(9, 7, 1),
    }),
    strategyTrial('self-reflection', 'self-judge', 't3', {
      attempts: [judged(false, 5), judged(false, undefined, 2)],
      stopReason: 'judge-error',
      panel: scored(7, undefined, 1),
      notes: ['panel judge "critic" failed on attempt 2: timeout after 300 ms'],
    }),
    strategyTrial('self-reflection', 'self-judge', 't4', { attempts: [judged(true, 9)], stopReason: 'threshold-met', panel: scored(9, 8) }),
  ];
  const oracle = tasks.map((taskId) =>
    strategyTrial('reflexion-oracle', 'oracle', taskId, {
      attempts: [attempt(true, { feedback: { ...feedback(true), source: 'oracle' } })],
      stopReason: 'tests-passed',
      panel: scored(8, 8),
    }),
  );
  return [...oneShot, ...selfReflection, ...oracle];
}

/** The fixture's trials ten times over, as ten repeats: enough verdicts of both classes for calibration figures. */
export function tenfoldRecords(): TrialRecord[] {
  return fixtureRecords().flatMap((record) => Array.from({ length: 10 }, (_, repeat) => ({ ...record, repeat, key: `${record.key}#${repeat}` })));
}

export function fixtureInput(meta = fixtureMeta(), records = fixtureRecords(), config: RawConfig = fixtureConfig): ReportInput {
  return buildReportInput(meta, records, config);
}
