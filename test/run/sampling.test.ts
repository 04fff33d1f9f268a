import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatRequest } from '../../src/chat/types.js';
import { cacheKey, ModelGateway } from '../../src/providers/gateway.js';
import { ProviderError, type Provider } from '../../src/providers/types.js';
import { loadPromptTemplates } from '../../src/prompts/templates.js';
import type { TrialRecord } from '../../src/records/record.js';
import { shapeOf } from '../../src/records/shape.js';
import { sampleSeed } from '../../src/run/plan.js';
import { runTrial } from '../../src/run/runner.js';
import { instantiate, type StrategyInstance } from '../../src/strategies/instance.js';
import { strategyRegistry } from '../../src/strategies/registry.js';
import { defineStrategy, SAMPLE_TEMPERATURE, type GenerateOptions } from '../../src/strategies/types.js';
import { processGrader } from '../support/grading.js';
import { addTask, code } from '../support/scripted.js';

const trialSeed = 1234;

/** A test-only sampling strategy: `samples` independent generations of the first prompt in flight together, the last kept. */
function sampler(samples: readonly GenerateOptions[]): StrategyInstance {
  const definition = defineStrategy({
    name: 'test-sampler',
    feedback: 'none',
    shape: 'samples',
    options: z.strictObject({}),
    kinds: ['code'],
    maxCalls: () => samples.length,
    async solve(ctx) {
      await Promise.all(samples.map((options) => ctx.generate(ctx.prompts.initial(), options)));
      return ctx.stop('max-iterations');
    },
  });
  const made = instantiate(definition, 'sampler', {});
  if ('issues' in made) throw new Error('test-sampler options');
  return made.instance;
}

function registered(use: string): StrategyInstance {
  const made = instantiate(strategyRegistry.get(use)!, use, use === 'judge-loop' ? { judge: 'judge' } : {});
  if ('issues' in made) throw new Error(use);
  return made.instance;
}

/** Says which seed it was called with, in a right answer; `hold` calls wait until all have arrived, then return last first. */
class SeedModel {
  readonly requests: ChatRequest[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly hold = 0,
    private readonly failSeed?: number,
  ) {}

  provider(): Provider {
    return {
      kind: 'seeded',
      endpoint: 'seeded://coder',
      model: 'coder-model',
      settings: {},
      preflight: async () => {},
      chat: async (request) => {
        this.requests.push(request);
        if (this.waiting.length < this.hold) {
          await new Promise<void>((resolve) => {
            this.waiting.push(resolve);
            if (this.waiting.length === this.hold) void this.releaseLastFirst();
          });
        }
        if (request.seed === this.failSeed) throw new ProviderError('http', 'answered 400: bad request', 400);
        return { text: code(`return a + b  # seed ${request.seed}`), promptTokens: 10, completionTokens: 5, timings: { wallMs: 1 } };
      },
    };
  }

  /** One call at a time, each finishing (every microtask drained) before the one started before it is let go. */
  private async releaseLastFirst(): Promise<void> {
    for (const release of [...this.waiting].reverse()) {
      release();
      await nextTurn();
    }
  }
}

const grader = processGrader();
const templates = loadPromptTemplates();

function gatewayFor(model: SeedModel): ModelGateway {
  const gateway = new ModelGateway({ retry: { retries: 0, backoffMs: 1 } });
  gateway.register('coder', model.provider());
  return gateway;
}

/** The record as the run writes it, the moment the trial returns it. */
async function trial(strategy: StrategyInstance, gateway: ModelGateway): Promise<TrialRecord> {
  const record = await runTrial(
    { key: strategy.id, task: addTask(), strategy, generator: 'coder', repeat: 0, seed: trialSeed },
    { gateway, grader, templates, onRecord: () => {}, trialWindow: 1, signal: new AbortController().signal },
  );
  return JSON.parse(JSON.stringify(record)) as TrialRecord;
}

const generations = (record: TrialRecord) => record.calls.filter((call) => call.purpose.role === 'generate');

describe('sample seeds', () => {
  it('are the trial seed for sample 0, and reproducible and distinct for the others', () => {
    expect(sampleSeed(trialSeed, 0)).toBe(trialSeed);
    const seeds = Array.from({ length: 200 }, (_, sample) => sampleSeed(trialSeed, sample));
    expect(new Set(seeds).size).toBe(200);
    expect(Array.from({ length: 200 }, (_, sample) => sampleSeed(trialSeed, sample))).toEqual(seeds);
    expect(seeds.every((seed) => Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31)).toBe(true);
    // Another trial's samples are other seeds.
    expect(sampleSeed(trialSeed + 1, 1)).not.toBe(sampleSeed(trialSeed, 1));
    expect(() => sampleSeed(trialSeed, -1)).toThrow(/whole number/);
    expect(() => sampleSeed(trialSeed, 1.5)).toThrow(/whole number/);
  });

  it('reach the model with each sample, at the sampling temperature unless one is given', async () => {
    const model = new SeedModel();
    const record = await trial(sampler([{}, { sample: 1 }, { sample: 2 }, { sample: 3, temperature: 0.3 }]), gatewayFor(model));
    const sent = [...model.requests].sort((a, b) => a.purpose.iteration - b.purpose.iteration);
    expect(sent.map((request) => request.seed)).toEqual([0, 1, 2, 3].map((sample) => sampleSeed(trialSeed, sample)));
    expect(sent.map((request) => request.temperature)).toEqual([undefined, SAMPLE_TEMPERATURE, SAMPLE_TEMPERATURE, 0.3]);
    // Sample 0 carries no temperature at all: the model's configured one, as every strategy's first call.
    expect(sent[0]).not.toHaveProperty('temperature');
    expect(record.attempts.map((attempt) => attempt.sample)).toEqual([undefined, 1, 2, 3]);
    expect(record.attempts.map((attempt) => attempt.raw)).toEqual(sent.map((request) => code(`return a + b  # seed ${request.seed}`)));

    const again = new SeedModel();
    await trial(sampler([{}, { sample: 1 }, { sample: 2 }, { sample: 3, temperature: 0.3 }]), gatewayFor(again));
    expect(again.requests.map((request) => request.seed).sort()).toEqual(model.requests.map((request) => request.seed).sort());
  });
});

describe('sample 0', () => {
  it("is every strategy's first generation: the same request, one call shared through the cache", async () => {
    const model = new SeedModel();
    const gateway = gatewayFor(model);
    const oneShot = await trial(registered('one-shot'), gateway);
    const sampled = await trial(sampler([{ sample: 0 }, { sample: 1 }]), gateway);
    const provider = gateway.provider('coder');
    const first = model.requests[0]!;
    // The model saw one-shot's call and the second sample only: sample 0 was answered from the cache.
    expect(model.requests.map((request) => request.purpose.strategy)).toEqual(['one-shot', 'sampler']);
    expect(model.requests[1]!.seed).toBe(sampleSeed(trialSeed, 1));
    // The generation's output cap is the role default: the model's config sets none.
    expect(first).toEqual({ messages: first.messages, seed: trialSeed, maxTokens: 2048, purpose: expect.objectContaining({ role: 'generate', iteration: 1 }) });
    const byIteration = generations(sampled).sort((a, b) => a.purpose.iteration - b.purpose.iteration);
    expect(byIteration.map((call) => [call.purpose.iteration, call.cached])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(sampled.attempts[0]?.raw).toBe(oneShot.attempts[0]?.raw);
    const sampleZero = { ...first, purpose: { ...first.purpose, strategy: 'sampler' } };
    expect(cacheKey(provider, sampleZero)).toBe(cacheKey(provider, first));
  });
});

describe('samples in flight together', () => {
  it('are numbered when their calls start, whatever order they return in, each with its own call records', async () => {
    const model = new SeedModel(3);
    const record = await trial(sampler([{ sample: 0 }, { sample: 1 }, { sample: 2 }]), gatewayFor(model));
    // They returned last first...
    expect(generations(record).map((call) => call.purpose.iteration)).toEqual([3, 2, 1]);
    // ...and are still the attempts 1, 2, 3 of samples 0, 1, 2, in that order.
    expect(record.attempts.map((attempt) => [attempt.iteration, attempt.sample ?? 0])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(record.attempts.map((attempt) => attempt.raw)).toEqual([0, 1, 2].map((sample) => code(`return a + b  # seed ${sampleSeed(trialSeed, sample)}`)));
    for (const attempt of record.attempts) {
      expect(attempt.callIds).toHaveLength(1);
      const call = record.calls.find((candidate) => candidate.id === attempt.callIds[0]);
      expect(call?.purpose.iteration).toBe(attempt.iteration);
    }
    expect(new Set(record.attempts.flatMap((attempt) => attempt.callIds)).size).toBe(3);
    expect(record).toMatchObject({ shape: 'samples', finalIndex: 2, stopReason: 'max-iterations', passed: true });
  });

  it('when one fails, end the trial with an error and keep the call records of those still running', async () => {
    const model = new SeedModel(3, sampleSeed(trialSeed, 2));
    const record = await trial(sampler([{ sample: 0 }, { sample: 1 }, { sample: 2 }]), gatewayFor(model));
    expect(record).toMatchObject({ stopReason: 'error', passed: null });
    // Sample 2 failed first; samples 1 and 0 returned after the trial had stopped, and their calls are still counted.
    expect(generations(record).map((call) => [call.purpose.iteration, call.ok])).toEqual([
      [3, false],
      [2, true],
      [1, true],
    ]);
    expect(record.attempts).toEqual([]);
  });
});

describe('trajectory shape', () => {
  it('is recorded on every trial: revisions for the loops that retry, samples for a sampling strategy', async () => {
    const gateway = gatewayFor(new SeedModel());
    expect((await trial(registered('one-shot'), gateway)).shape).toBe('revisions');
    expect((await trial(sampler([{}, { sample: 1 }]), gateway)).shape).toBe('samples');
    const sampling = new Set(['best-of-n', 'best-of-n-oracle', 'self-consistency']);
    expect([...strategyRegistry.keys()].map((use) => [use, registered(use).shape])).toEqual(
      [...strategyRegistry.keys()].map((use) => [use, sampling.has(use) ? 'samples' : 'revisions']),
    );
  });

  it('reads as revisions on a record written before it existed', () => {
    expect(shapeOf({})).toBe('revisions');
    expect(shapeOf({ shape: 'samples' })).toBe('samples');
  });
});
