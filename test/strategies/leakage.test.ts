import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OracleContext, StrategyContext } from '../../src/strategies/types.js';
import { strategyRegistry } from '../../src/strategies/registry.js';
import { repoRoot } from '../support/cli.js';
import { addTask, hiddenMarker, instance, referenceMarker, right, runScripted, verdict, wrong, type Step } from '../support/scripted.js';

// Compile-time proof, checked by `npm test`'s typecheck: a fair strategy's context has no path to hidden tests.
export function fairContextCannotReachHiddenTests(ctx: StrategyContext) {
  // @ts-expect-error a TaskView has no hidden tests
  void ctx.task.hidden;
  // @ts-expect-error a TaskView has no reference solution
  void ctx.task.reference;
  // @ts-expect-error only the oracle context runs hidden tests
  void ctx.runHiddenTests;
}
export function oracleContextCanReachThem(ctx: OracleContext) {
  return ctx.runHiddenTests;
}

/** A run in which every strategy meets every role: a wrong first answer, low scores, reflections, self-tests. */
function stepsFor(use: string): Step[] {
  const g = (reply: string): Step => ({ model: 'coder', role: 'generate', reply });
  const j = (model: string): Step => ({ model, role: 'judge', reply: verdict(3) });
  const r: Step = { model: 'coder', role: 'reflect', reply: 'I used the wrong operator.' };
  switch (use) {
    case 'one-shot':
      return [g(wrong)];
    case 'self-reflection':
      return [g(wrong), j('coder'), g(right), j('coder'), g(right.replace('a + b', 'b + a')), j('coder')];
    case 'judge-loop':
      return [g(wrong), j('judge'), g(right), j('judge'), g(right.replace('a + b', 'b + a')), j('judge')];
    case 'reflexion':
      return [{ model: 'coder', role: 'write-tests', reply: 'assert add(1, 2) == 3' }, g(wrong), r, g(right)];
    case 'reflexion-oracle':
      return [g(wrong), r, g(right)];
    case 'best-of-n':
      return [g(wrong), g(right), g(wrong), g(right), j('coder'), j('coder'), j('coder'), j('coder')];
    case 'best-of-n-oracle':
      // Picks by the hidden tests but never tells the model anything: nothing of them is in any prompt.
      return [g(wrong), g(right), g(wrong), g(right)];
    case 'self-consistency':
      // Its samples are called on the inputs of its own tests, never on the hidden ones; nothing of it is said to the model.
      return [g(wrong), g(right), g(wrong), g(right), { model: 'coder', role: 'write-tests', reply: 'assert add(1, 2) == 3' }];
    case 'self-debug':
      return [g(wrong), { model: 'coder', role: 'explain', reply: 'Line 2 subtracts.' }, g(right)];
    case 'critique-revise':
      return [g(wrong), { model: 'coder', role: 'critique', reply: 'It subtracts.' }, g(right), { model: 'coder', role: 'critique', reply: 'Fine.' }, g(right.replace('a + b', 'b + a'))];
    case 'self-refine':
      return [g(wrong), { model: 'coder', role: 'feedback', reply: 'It subtracts.\nDECISION: REFINE' }, g(right), { model: 'coder', role: 'feedback', reply: 'DECISION: STOP' }];
    default:
      throw new Error(`add a leakage script for the new strategy "${use}"`);
  }
}

describe('hidden tests never reach a fair strategy', () => {
  it.each([...strategyRegistry.keys()])('%s', async (use) => {
    const options = use === 'judge-loop' ? { judge: 'judge' } : {};
    const { record, script } = await runScripted(instance(use, options), stepsFor(use), addTask());
    expect(script.remaining).toBe(0);
    const sent = JSON.stringify(script.requests.map((request) => request.messages));
    if (use === 'reflexion-oracle') {
      // The oracle is the one strategy whose feedback is the hidden tests' results; reports mark it.
      expect(sent).toContain(hiddenMarker);
      expect(record.strategy.feedback).toBe('oracle');
    } else {
      expect(sent).not.toContain(hiddenMarker);
    }
    if (record.strategy.feedback !== 'oracle') {
      // Nor did a fair strategy run anything on the hidden inputs: what its tests and calls ran on was its own.
      expect(JSON.stringify(record.attempts.map((attempt) => [attempt.feedback, attempt.behaviour]))).not.toContain(hiddenMarker);
    }
    // No strategy, the oracle included, ever sees the reference solution.
    expect(sent).not.toContain(referenceMarker);
  });
});

describe('who reads Task.hidden', () => {
  it("only the grader and the simulated model (the dataset loaders only build it; the oracle strategy gets the grader's messages)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const readers = files(join(repoRoot, 'src'))
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /\.hidden\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(repoRoot, file))
      .sort();
    expect(readers).toEqual([
      'src/execution/grader.ts', // grades attempts
      'src/providers/simulated.ts', // the stand-in model knows the reference it writes
    ]);
  });
});
