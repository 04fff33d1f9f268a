/** Tiny hand-built records for metric tests: only the fields a metric reads carry meaning. */
import type { Grade, GradedAttempt, PanelVerdict, SuiteResult, TrialRecord } from '../../src/records/record.js';
import type { CallRecord } from '../../src/records/call.js';
import type { JudgedVerdict, TestRun } from '../../src/records/attempt.js';

/** An attempt; `passed` is its hidden-test result, undefined for an ungraded (open-ended) one. */
export function attempt(passed: boolean | undefined, extra: Partial<GradedAttempt> = {}): GradedAttempt {
  return {
    iteration: 1,
    raw: '',
    code: 'pass',
    program: 'pass',
    callIds: [],
    ...(passed === undefined ? {} : { grade: { status: passed ? 'passed' : 'failed', passed, tests: [], durationMs: 1 } }),
    ...extra,
  };
}

/**
 * A differential grade with a `base` suite and, when `plus` is given, a HumanEval+ `plus` suite; it
 * passes only when every suite does. A failing suite passed 7 of its 10 inputs.
 */
export function suiteGrade(base: boolean, plus?: boolean): Grade {
  const suite = (name: SuiteResult['name'], passed: boolean): SuiteResult => ({ name, passed, inputs: 10, passedInputs: passed ? 10 : 7 });
  const suites = [suite('base', base), ...(plus === undefined ? [] : [suite('plus', plus)])];
  const passed = suites.every((entry) => entry.passed);
  return { status: passed ? 'passed' : 'failed', passed, tests: [], durationMs: 1, method: 'differential', suites };
}

/** An attempt graded differentially: see `suiteGrade`. */
export function suiteAttempt(base: boolean, plus?: boolean, extra: Partial<GradedAttempt> = {}): GradedAttempt {
  return { ...attempt(undefined), grade: suiteGrade(base, plus), ...extra };
}

/**
 * A trial whose attempts have the hidden-test results `outcomes` (or `attempts` as given); the
 * last is final unless `finalIndex` says otherwise, and `passed` follows the final attempt.
 */
export function trial(spec: Partial<TrialRecord> & { outcomes?: boolean[] } = {}): TrialRecord {
  const { outcomes = [true], ...overrides } = spec;
  const strategyId = overrides.strategyId ?? 'one-shot';
  // Distinct answers unless a test says otherwise: metrics that de-duplicate shared answers key on the text.
  const attempts = overrides.attempts ?? outcomes.map((passed, index) => attempt(passed, { iteration: index + 1, raw: `${strategyId} answer ${index + 1}` }));
  const finalIndex = overrides.finalIndex ?? attempts.length - 1;
  return {
    key: '',
    strategyId,
    generator: 'gen',
    taskId: 't1',
    repeat: 0,
    strategy: { id: strategyId, use: strategyId, feedback: 'none' },
    model: 'gen:7b',
    provider: 'ollama',
    taskKind: 'code',
    seed: 1,
    stopReason: 'max-iterations',
    passed: attempts[finalIndex]?.grade?.passed ?? null,
    notes: [],
    calls: [],
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1,
    ...overrides,
    attempts,
    finalIndex,
  };
}

/** A verdict; `score` undefined is a parse failure. */
export function verdict(score: number | undefined, judge = 'judge'): JudgedVerdict {
  const common = { judge, replies: [], criteria: {}, issues: [], suggestions: [], assessment: '', notes: [] };
  return score === undefined ? { ...common, parse: 'failed' } : { ...common, parse: 'json', score };
}

export function panel(judge: string, score: number | undefined, options: { self?: boolean; attemptIndex?: number } = {}): PanelVerdict {
  return { judge, self: options.self ?? false, attemptIndex: options.attemptIndex ?? 0, verdict: verdict(score, judge) };
}

export function feedback(passed: boolean): TestRun {
  return { source: 'visible-tests', status: passed ? 'passed' : 'failed', passed, tests: [] };
}

export function call(overrides: Partial<CallRecord> & { strategy?: string } = {}): CallRecord {
  const { strategy = 'one-shot', ...rest } = overrides;
  return {
    id: 'call',
    modelName: 'gen',
    model: 'gen:7b',
    provider: 'ollama',
    endpoint: 'http://127.0.0.1:11434',
    purpose: { taskId: 't1', strategy, role: 'generate', iteration: 1, repeat: 0 },
    try: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    ok: true,
    cached: false,
    wallMs: 100,
    ...rest,
  };
}
