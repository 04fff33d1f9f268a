import { z } from 'zod';
import type { TestCase } from '../datasets/task.js';
import type { ChatMessage } from '../chat/types.js';
import type { TestRun } from '../records/attempt.js';
import { FAIR_TEST_SOURCES, type FairTestSource } from '../records/lists.js';
import type { Answer } from './answer.js';
import { sameCode } from './judge-loop-core.js';
import type { StrategyContext, Trajectory } from './types.js';

/** How many tests the model is asked to write for itself: the option of every strategy that asks. */
export const selfTestsOption = z.number().int().min(1).max(20).default(6).describe('Tests the model writes for itself with `feedback: self-tests`');

/** Options of a fair strategy driven by feedback tests (Reflexion, Self-Debug): which tests, with its paper's default. */
export function fairTestOptions(paperDefault: FairTestSource) {
  return {
    feedback: z
      .enum(FAIR_TEST_SOURCES)
      .default(paperDefault)
      .describe('Which tests give feedback: ones the model writes itself, or the task\'s visible examples'),
    selfTests: selfTestsOption,
  };
}

export interface FairTestSettings {
  feedback: FairTestSource;
  selfTests: number;
}

/** The call that writes the tests, when the model writes them (a fallback to self-tests is not budgeted). */
export function writeTestsCalls({ feedback }: FairTestSettings): number {
  return feedback === 'self-tests' ? 1 : 0;
}

/** Runs the loop's feedback tests on an answer. */
export type FeedbackCheck = (answer: Answer) => Promise<TestRun>;

/** The next generation's prompt after a failed run: what the model makes of the failure (a reflection, an explanation). */
export type RetryPrompt = (answer: Answer, run: TestRun) => Promise<ChatMessage[]>;

/**
 * The loop Reflexion and Self-Debug share: generate → run the feedback tests → stop when they pass or at the
 * iteration cap → otherwise retry with the prompt `retry` builds from the failure; a retry that returns the same
 * code ends it.
 */
export async function testFeedbackLoop(ctx: StrategyContext, maxIterations: number, check: FeedbackCheck, retry: RetryPrompt): Promise<Trajectory> {
  let answer = await ctx.generate(ctx.prompts.initial());
  for (let iteration = 1; ; iteration++) {
    const run = await check(answer);
    if (run.passed) return ctx.stop('tests-passed');
    if (iteration >= maxIterations) return ctx.stop('max-iterations');
    const previous = answer;
    answer = await ctx.generate(await retry(answer, run));
    if (sameCode(previous.attempt.code, answer.attempt.code)) return ctx.stop('no-change');
  }
}

/** Generations plus one call between each two (the reflection, the explanation). */
export function testFeedbackLoopCalls({ maxIterations }: { maxIterations: number }): number {
  return 2 * maxIterations - 1;
}

/**
 * Finds the strategy's feedback tests, then runs `loop` on them. With no test to run, "all tests pass" would be
 * vacuous, so there is nothing to retry on; but the strategy has still answered, and its first answer counts
 * (leaving the trial out would flatter the row).
 */
export async function withFeedbackTests(ctx: StrategyContext, settings: FairTestSettings, loop: (check: FeedbackCheck) => Promise<Trajectory>): Promise<Trajectory> {
  const { tests, source } = await feedbackTests(ctx, settings.feedback, settings.selfTests);
  if (tests.length === 0) {
    ctx.note('no feedback tests: the task has no visible tests and the model wrote none that parse; the first answer stands');
    await ctx.generate(ctx.prompts.initial());
    return ctx.stop('no-feedback');
  }
  return loop((answer) => ctx.runTests(answer, tests, source));
}

interface FeedbackTests {
  tests: readonly TestCase[];
  source: TestRun['source'];
}

/** The tests asked for, falling back to the other kind when there are none (noted in the record). */
async function feedbackTests(ctx: StrategyContext, wanted: FairTestSource, count: number): Promise<FeedbackTests> {
  const visible: FeedbackTests = { tests: ctx.task.visibleTests, source: 'visible-tests' };
  if (wanted === 'visible-tests') {
    if (visible.tests.length > 0) return visible;
    ctx.note('the task has no visible tests: fell back to self-written tests');
    return { tests: await ctx.writeTests(count), source: 'self-tests' };
  }
  const written: FeedbackTests = { tests: await ctx.writeTests(count), source: 'self-tests' };
  if (written.tests.length > 0 || visible.tests.length === 0) return written;
  ctx.note('the model wrote no test that parses: fell back to the visible tests');
  return visible;
}
