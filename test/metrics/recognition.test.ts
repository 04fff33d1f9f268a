import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/datasets/task.js';
import { recognitionJudge } from '../../src/judges/recognition.js';
import { recognitionAnalysis } from '../../src/metrics/recognition.js';
import { loadPromptTemplates } from '../../src/prompts/templates.js';
import { SimulatedGpu } from '../../src/providers/simulated-gpu.js';
import { createSimulatedProvider, simulatedModelSchema } from '../../src/providers/simulated.js';
import type { SimulatedTask } from '../../src/providers/simulated-task.js';
import type { RecognitionRecord } from '../../src/records/recognition.js';

const templates = loadPromptTemplates('en');
const TASKS = 120;
const tasks = new Map<string, SimulatedTask>(
  Array.from({ length: TASKS }, (_, i) => {
    const prompt = `Explain topic ${i}.`;
    return [`t${i}`, { id: `t${i}`, kind: 'open', prompt, mutants: [], visibleTests: [] } satisfies SimulatedTask];
  }),
);
const view = (id: string): TaskView => ({ id, kind: 'open', language: 'python', prompt: tasks.get(id)?.prompt ?? '', visibleTests: [], visibleTestSource: 'none' });

/**
 * Judge "coder" (planted recognition accuracy) asked, per task, which of its answer and "rival"'s it wrote, through the
 * simulated model and the real judge; each order's call says who wrote answer A, as the run's calls do.
 */
async function recognitionRun(accuracy: number, seed: number): Promise<RecognitionRecord[]> {
  const spec = simulatedModelSchema.parse({ provider: 'simulated', model: 'sim-coder', recognitionAccuracy: accuracy });
  const provider = createSimulatedProvider('coder', spec, (id) => tasks.get(id), new SimulatedGpu());
  const signal = new AbortController().signal;
  return Promise.all(
    [...tasks.keys()].map(async (taskId) => {
      const [own, other] = [`My answer to ${taskId}.`, `Their answer to ${taskId}.`];
      const verdict = await recognitionJudge(templates, { retries: 0 }).judge({ task: view(taskId), own, other }, async (messages, jsonSchema, shownFirst) => {
        const answerBy = shownFirst === 'own' ? 'coder' : 'rival';
        const purpose = { taskId, strategy: 'one-shot', role: 'recognise' as const, iteration: 1, repeat: 0, answerBy };
        return (await provider.chat({ messages, seed, jsonSchema, purpose }, signal)).text;
      });
      return { key: taskId, strategyId: 'one-shot', taskId, repeat: 0, judge: 'coder', other: 'rival', ...verdict, calls: [] };
    }),
  );
}

describe('self-recognition accuracy', () => {
  it.each([1, 2, 3])('recovers a planted accuracy of 0.8 within its interval, far from a guess (seed %i)', async (seed) => {
    const [result] = recognitionAnalysis(await recognitionRun(0.8, seed));
    expect(result).toMatchObject({ judge: 'coder', trials: TASKS * 2, unreadable: 0, identical: 0 });
    expect(result?.accuracy.low).toBeLessThanOrEqual(0.8);
    expect(result?.accuracy.high).toBeGreaterThanOrEqual(0.8);
    expect(result?.pValue).toBeLessThan(0.001);
  });

  it.each([1, 2, 3])('finds no recognition where it guesses: the interval holds 0.5 (seed %i)', async (seed) => {
    const [result] = recognitionAnalysis(await recognitionRun(0.5, seed));
    expect(result?.accuracy.low).toBeLessThanOrEqual(0.5);
    expect(result?.accuracy.high).toBeGreaterThanOrEqual(0.5);
    expect(result?.pValue).toBeGreaterThan(0.05);
  });

  it('counts unreadable orders and identical answers apart from the accuracy', () => {
    const base = { strategyId: 's', taskId: 't', repeat: 0, judge: 'j', other: 'o', calls: [] };
    const reading = (recognised: boolean | undefined) => ({
      shownFirst: 'own' as const,
      parse: recognised === undefined ? ('failed' as const) : ('json' as const),
      ...(recognised === undefined ? {} : { recognised }),
      reason: '',
      notes: [],
      replies: [],
    });
    const [result] = recognitionAnalysis([
      { ...base, key: 'a', identical: false, readings: [reading(true), reading(undefined)] },
      { ...base, key: 'b', identical: false, readings: [reading(true), reading(false)] },
      { ...base, key: 'c', identical: true, readings: [] },
    ]);
    expect(result).toMatchObject({ trials: 3, unreadable: 1, identical: 1, accuracy: { successes: 2, n: 3 } });
    expect(result?.pValue).toBe(1);
  });
});
