/**
 * A HumanEval-sized run built in memory: 164 tasks × 5 strategies, loops of up to 3 attempts,
 * a [self, judge] panel scoring every attempt. Written as a real run directory (run.json,
 * config.yaml, records.jsonl), so the HTML report is rendered exactly as `bench report` does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/metrics/statistics.js';
import type { GradedAttempt, PanelVerdict, TrialRecord } from '../../src/records/record.js';
import type { CallRecord } from '../../src/records/call.js';
import type { FeedbackKind, StopReason } from '../../src/records/lists.js';
import type { JudgedVerdict } from '../../src/records/attempt.js';
import type { RunMeta } from '../../src/records/run-meta.js';

export const largeRun = { tasks: 164, attempts: 3 };

const strategies: { id: string; feedback: FeedbackKind; options: Record<string, unknown>; stopThreshold?: number }[] = [
  { id: 'one-shot', feedback: 'none', options: {} },
  { id: 'self-reflection', feedback: 'self-judge', options: { threshold: 7.5, maxIterations: 3 }, stopThreshold: 7.5 },
  { id: 'judge-loop', feedback: 'cross-judge', options: { threshold: 7.5, maxIterations: 3, judge: 'judge' }, stopThreshold: 7.5 },
  { id: 'reflexion', feedback: 'self-tests', options: { maxIterations: 3, feedback: 'self-tests' } },
  { id: 'reflexion-oracle', feedback: 'oracle', options: { maxIterations: 3 } },
];

const config = `name: large
dataset: { source: builtin:py-core }
models:
  coder: { provider: ollama, model: "coder:7b" }
  judge: { provider: ollama, model: "judge:8b" }
generators: [coder]
strategies:
  - one-shot
  - self-reflection
  - { use: judge-loop, judge: judge }
  - reflexion
  - reflexion-oracle
panel: { judges: [self, judge], threshold: 7.5, allAttempts: true }
`;

/** Writes the run into `runDir` (which must exist); returns how many trials it holds. */
export function writeLargeRun(runDir: string): number {
  const random = mulberry32(164);
  const records = strategies.flatMap((strategy) =>
    Array.from({ length: largeRun.tasks }, (_, task) => trialRecord(strategy, `HumanEval/${task}`, random)),
  );
  const meta: RunMeta = {
    name: 'large',
    createdAt: '2026-01-01T00:00:00.000Z',
    selfbenchVersion: '0.0.0-test',
    dataset: { source: 'builtin:py-core', sha256: '0'.repeat(64), tasks: largeRun.tasks },
    sandbox: 'process',
    simulated: false,
    models: { coder: { provider: 'ollama', model: 'coder:7b', options: {} }, judge: { provider: 'ollama', model: 'judge:8b', options: {} } },
    strategies: strategies.map(({ id, feedback, options }) => ({ id, use: id, feedback, options })),
    promptHashes: {},
    trials: records.length,
  };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(meta));
  writeFileSync(join(runDir, 'config.yaml'), config);
  writeFileSync(join(runDir, 'records.jsonl'), records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  return records.length;
}

function trialRecord(strategy: (typeof strategies)[number], taskId: string, random: () => number): TrialRecord {
  const loop = strategy.id !== 'one-shot';
  const outcomes: boolean[] = [random() < 0.5];
  // Loops retry until an attempt passes, up to three; a few runs of bad luck end on max-iterations.
  while (loop && outcomes.length < largeRun.attempts && !outcomes.at(-1)) outcomes.push(random() < 0.45);
  const attempts = outcomes.map((passed, index) => attempt(strategy.feedback, taskId, index + 1, passed, random));
  const finalIndex = attempts.length - 1;
  const passed = outcomes[finalIndex] as boolean;
  const stopReason: StopReason = !loop || !passed ? 'max-iterations' : strategy.feedback.endsWith('judge') ? 'threshold-met' : 'tests-passed';
  return {
    key: `${strategy.id}|coder|${taskId}|0`,
    strategyId: strategy.id,
    generator: 'coder',
    taskId,
    repeat: 0,
    strategy: { id: strategy.id, use: strategy.id, feedback: strategy.feedback },
    model: 'coder:7b',
    provider: 'ollama',
    taskKind: 'code',
    seed: 1,
    attempts,
    finalIndex,
    stopReason,
    passed,
    panel: attempts.flatMap((_, index) => [panelVerdict('coder', true, index, outcomes[index] as boolean, random), panelVerdict('judge', false, index, outcomes[index] as boolean, random)]),
    notes: [],
    calls: attempts.flatMap((entry) => entry.callIds.map((id) => call(id, strategy.id, taskId, entry.iteration, random))),
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1000,
  };
}

function attempt(feedback: FeedbackKind, taskId: string, iteration: number, passed: boolean, random: () => number): GradedAttempt {
  const code = solution(taskId, iteration, passed);
  const judged = feedback === 'self-judge' || feedback === 'cross-judge';
  const tested = feedback === 'self-tests' || feedback === 'oracle';
  const failure = { name: 'check', passed: false, error: `AssertionError: ${taskId}: expected [1, 2, 3], got [3, 2, 1]` };
  return {
    iteration,
    raw: `\`\`\`python\n${code}\n\`\`\``,
    code,
    program: code,
    callIds: [`${taskId}-${iteration}-generate`, ...(judged ? [`${taskId}-${iteration}-judge`] : [])],
    grade: { status: passed ? 'passed' : 'failed', passed, tests: [passed ? { name: 'check', passed } : failure], durationMs: 40 },
    ...(judged ? { verdict: verdict(feedback === 'self-judge' ? 'coder' : 'judge', passed, random) } : {}),
    ...(tested
      ? {
          feedback: {
            source: feedback === 'oracle' ? 'oracle' : 'self-tests',
            status: passed ? 'passed' : 'failed',
            passed,
            tests: [
              { name: 'test_1', passed: true, code: `assert solve([1, 2, 3]) == [1, 2, 3]` },
              { name: 'test_2', passed, code: `assert solve([3, 2, 1]) == [1, 2, 3]`, ...(passed ? {} : { error: 'AssertionError' }) },
            ],
          },
        }
      : {}),
    ...(passed || feedback === 'none' ? {} : { comment: { role: 'reflect' as const, text: `The function returned the list reversed instead of sorted; ${taskId} needs sorted(values) before returning.` } }),
  };
}

function solution(taskId: string, iteration: number, passed: boolean): string {
  return [
    `def solve(values: list[int]) -> list[int]:`,
    `    """${taskId}, attempt ${iteration}: return the values in ascending order."""`,
    `    if not values:`,
    `        return []`,
    `    result = []`,
    `    for value in values:`,
    `        result.append(value)`,
    passed ? `    return sorted(result)` : `    return list(reversed(result))`,
  ].join('\n');
}

function verdict(judge: string, passed: boolean, random: () => number): JudgedVerdict {
  const score = Math.min(10, Math.round((passed ? 7 : 5) + random() * 3 + (judge === 'coder' ? 1 : 0)));
  return {
    judge,
    replies: ['{"overall": 7}'],
    parse: 'json',
    score,
    criteria: { correctness: score, completeness: score - 1 },
    issues: passed ? [] : ['The result is not sorted for descending input.'],
    suggestions: ['Add a test with descending input.'],
    assessment: passed ? 'Correct and readable.' : 'Returns the input reversed rather than sorted.',
    notes: [],
  };
}

function panelVerdict(judge: string, self: boolean, attemptIndex: number, passed: boolean, random: () => number): PanelVerdict {
  return { judge, self, attemptIndex, verdict: verdict(self ? 'coder' : judge, passed, random) };
}

function call(id: string, strategy: string, taskId: string, iteration: number, random: () => number): CallRecord {
  const judge = id.endsWith('-judge');
  return {
    id,
    endpoint: 'http://127.0.0.1:11434',
    modelName: judge ? 'judge' : 'coder',
    model: judge ? 'judge:8b' : 'coder:7b',
    provider: 'ollama',
    purpose: { taskId, strategy, role: judge ? 'judge' : 'generate', iteration, repeat: 0 },
    try: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    ok: true,
    cached: false,
    wallMs: 900 + random() * 400,
    loadMs: random() < 0.05 ? 2500 : 20,
    promptMs: 150 + random() * 50,
    generateMs: 700 + random() * 300,
    promptTokens: 400,
    completionTokens: 150,
  };
}
