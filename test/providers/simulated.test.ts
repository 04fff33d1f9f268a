import { describe, expect, it } from 'vitest';
import { SimulatedGpu } from '../../src/providers/simulated-gpu.js';
import { createSimulatedProvider, simulatedModelSchema } from '../../src/providers/simulated.js';
import type { SimulatedTask } from '../../src/providers/simulated-task.js';
import type { ChatRequest } from '../../src/chat/types.js';
import type { CallPurpose } from '../../src/records/call.js';
import { parseVerdict } from '../../src/judges/parse-verdict.js';
import { sampleSeed } from '../../src/run/plan.js';
import { readFeedback } from '../../src/strategies/self-refine-feedback.js';

const tasks = new Map<string, SimulatedTask>(
  Array.from({ length: 400 }, (_, i) => {
    const prompt = `def f${i}(x: int) -> int:\n    """Return x plus ${i}."""\n`;
    const task: SimulatedTask = {
      id: `t${i}`,
      kind: 'code',
      prompt,
      entryPoint: `f${i}`,
      reference: `${prompt}    total = x + ${i}\n    return total\n`,
      mutants: [`${prompt}    total = x - ${i}\n    return total\n`],
      visibleTests: [`assert f${i}(0) == ${i}`],
    };
    return [task.id, task];
  }),
);
const spec = simulatedModelSchema.parse({
  provider: 'simulated',
  model: 'sim',
  accuracy: 0.6,
  fixRate: 0.3,
  breakRate: 0.1,
  selfBonus: 1.5,
  judgeScore: { correct: { mean: 7, sd: 1 }, incorrect: { mean: 4, sd: 1 } },
});
const provider = createSimulatedProvider('coder', spec, (id) => tasks.get(id), new SimulatedGpu());
const signal = new AbortController().signal;
const ask = (taskId: string, content: string, purpose: Partial<CallPurpose> = {}, seed = 1): ChatRequest => ({
  messages: [{ role: 'user', content }],
  seed,
  purpose: { taskId, strategy: 's', role: 'generate', iteration: 1, repeat: 0, ...purpose },
});
const isCorrect = (task: SimulatedTask, text: string) => text.includes(`x + ${task.id.slice(1)}`);
const isMutant = (task: SimulatedTask, text: string) => text.includes(`x - ${task.id.slice(1)}`);

describe('the simulated model', () => {
  it('answers identical requests identically, whatever the order or concurrency', async () => {
    const requests = [...tasks.keys()].slice(0, 50).map((id) => ask(id, tasks.get(id)!.prompt));
    const forward = await Promise.all(requests.map((request) => provider.chat(request, signal)));
    const backward = [];
    for (const request of [...requests].reverse()) backward.unshift(await provider.chat(request, signal));
    expect(backward.map((r) => r.text)).toEqual(forward.map((r) => r.text));
  });

  it('writes the reference or a real mutant, wrapped in varied ways, with the planted first-answer accuracy', async () => {
    const answers = await Promise.all([...tasks.values()].map(async (task) => [task, (await provider.chat(ask(task.id, task.prompt), signal)).text] as const));
    expect(answers.every(([task, text]) => isCorrect(task, text) !== isMutant(task, text))).toBe(true);
    const correct = answers.filter(([task, text]) => isCorrect(task, text)).length;
    // 400 draws at p = 0.6: sd ≈ 9.8, so ±40 is a 4-sigma band.
    expect(correct).toBeGreaterThan(240 - 40);
    expect(correct).toBeLessThan(240 + 40);
    expect(new Set(answers.map(([, text]) => text.slice(0, 12))).size).toBeGreaterThan(3);
  });

  it('fixes a wrong answer on retry with the planted fix rate, and breaks a right one with the break rate', async () => {
    const retry = (task: SimulatedTask, previous: string) =>
      provider.chat(ask(task.id, `Your previous answer:\n${previous}\nImprove it.`, { iteration: 2 }), signal);
    const all = [...tasks.values()];
    const fixed = (await Promise.all(all.map((task) => retry(task, task.mutants[0]!)))).filter((r, i) => isCorrect(all[i]!, r.text)).length;
    const broken = (await Promise.all(all.map((task) => retry(task, task.reference!)))).filter((r, i) => isMutant(all[i]!, r.text)).length;
    expect(fixed).toBeGreaterThan(120 - 37); // p = 0.3, sd ≈ 9.2
    expect(fixed).toBeLessThan(120 + 37);
    expect(broken).toBeGreaterThan(40 - 24); // p = 0.1, sd = 6
    expect(broken).toBeLessThan(40 + 24);
  });

  it('draws each sample afresh by its seed alone, each right with the planted accuracy', async () => {
    const all = [...tasks.values()];
    const samples = 4;
    // Sample i as the context sends it: the first prompt again, attempt i + 1, its own seed.
    const answers = await Promise.all(
      all.map((task) =>
        Promise.all(
          Array.from({ length: samples }, async (_, sample) => {
            const text = (await provider.chat(ask(task.id, task.prompt, { iteration: sample + 1 }, sampleSeed(1, sample)), signal)).text;
            return isCorrect(task, text);
          }),
        ),
      ),
    );
    for (let sample = 0; sample < samples; sample++) {
      const correct = answers.filter((perTask) => perTask[sample]).length;
      expect(correct).toBeGreaterThan(240 - 40); // p = 0.6 per sample, sd ≈ 9.8
      expect(correct).toBeLessThan(240 + 40);
    }
    // Independent draws: a task's samples disagree often, and some sample is right in ≈ 1 − 0.4⁴ ≈ 97.4% of tasks.
    const mixed = answers.filter((perTask) => new Set(perTask).size > 1).length;
    expect(mixed).toBeGreaterThan(400 * (1 - 0.6 ** 4 - 0.4 ** 4) - 40); // ≈ 339
    const anyRight = answers.filter((perTask) => perTask.some(Boolean)).length;
    expect(anyRight).toBeGreaterThan(400 * (1 - 0.4 ** 4) - 13); // sd ≈ 3.2
    // Sample 0 is the first answer every strategy gets.
    const firsts = await Promise.all(all.map(async (task) => isCorrect(task, (await provider.chat(ask(task.id, task.prompt), signal)).text)));
    expect(answers.map((perTask) => perTask[0])).toEqual(firsts);
  });

  it('answers a fresh prompt by its seed, not by the attempt number: one seed, one answer, as on a server', async () => {
    const all = [...tasks.values()].slice(0, 50);
    const at = (iteration: number, seed: number) => Promise.all(all.map(async (task) => (await provider.chat(ask(task.id, task.prompt, { iteration }, seed), signal)).text));
    expect(await at(3, 1)).toEqual(await at(1, 1));
    expect(await at(1, sampleSeed(1, 1))).not.toEqual(await at(1, 1));
  });

  it('scores as planted, with a bonus for its own answers', async () => {
    const scores = async (answerBy: string, program: (task: SimulatedTask) => string) => {
      const replies = await Promise.all(
        [...tasks.values()].map((task) => provider.chat(ask(task.id, `Judge this:\n${program(task)}`, { role: 'judge', answerBy }), signal)),
      );
      const verdicts = replies.map((reply) => parseVerdict(reply.text, ['completeness', 'correctness', 'best_practices', 'error_handling']));
      expect(verdicts.every((verdict) => verdict.parse !== 'failed')).toBe(true);
      return verdicts.reduce((sum, verdict) => sum + (verdict.score ?? 0), 0) / verdicts.length;
    };
    const othersCorrect = await scores('judge', (task) => task.reference!);
    const othersWrong = await scores('judge', (task) => task.mutants[0]!);
    const ownCorrect = await scores('coder', (task) => task.reference!);
    // Means of 400 draws with sd 1: standard error 0.05.
    expect(othersCorrect).toBeCloseTo(7, 0);
    expect(othersWrong).toBeCloseTo(4, 0);
    expect(ownCorrect - othersCorrect).toBeGreaterThan(1.5 - 0.3);
    expect(ownCorrect - othersCorrect).toBeLessThan(1.5 + 0.3);
  });

  it("ends Self-Refine feedback with a decision the loop reads, saying stop with the planted odds (0.8 right, 0.2 wrong by default)", async () => {
    const stops = async (program: (task: SimulatedTask) => string) => {
      const replies = await Promise.all([...tasks.values()].map((task) => provider.chat(ask(task.id, `Review this:\n${program(task)}`, { role: 'feedback' }), signal)));
      const read = replies.map((reply) => readFeedback(reply.text));
      expect(read.every((feedback) => feedback !== undefined)).toBe(true);
      return read.filter((feedback) => feedback?.stop).length;
    };
    // 400 draws at p = 0.8 and 0.2: sd 8, so ±32 is a 4-sigma band.
    expect(Math.abs((await stops((task) => task.reference!)) - 320)).toBeLessThan(32);
    expect(Math.abs((await stops((task) => task.mutants[0]!)) - 80)).toBeLessThan(32);
  });
});
