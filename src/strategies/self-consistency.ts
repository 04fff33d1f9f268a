import { z } from 'zod';
import type { BehaviourRun } from '../records/attempt.js';
import { selfTestsOption } from './test-feedback.js';
import { drawSamples, finalIndexOf, firstAnswerStands, sampleOptions } from './samples.js';
import { defineStrategy } from './types.js';

/**
 * Self-consistency (Wang et al. 2022) as code papers apply it (CodeT's and MBR-exec's agreement by execution): n
 * independent samples, sample 0 every strategy's first answer; the model writes tests once, and every sample is called
 * on those tests' inputs. Samples that do the same on every input (return equal values, raise the same exception
 * class, fail alike) form a cluster, and the answer is a sample of the largest: the behaviour most samples agree on.
 * The expected values the model wrote are ignored; only agreement counts. Without an input to call them on, the first
 * answer stands (`no-feedback`).
 */
export default defineStrategy({
  name: 'self-consistency',
  feedback: 'self-tests',
  shape: 'samples',
  options: z
    .strictObject({ ...sampleOptions, selfTests: selfTestsOption.describe('Tests the model writes; their inputs are what the samples are compared on') })
    .describe('Self-consistency: n samples run on the inputs of tests the model writes; the answer is one of the largest group that behaves alike'),
  kinds: ['code'],
  maxCalls: ({ n }) => n + 1,
  async solve(ctx, options) {
    const samples = await drawSamples(ctx, options.n, options.temperature);
    const behaviours = await ctx.behaviours(samples, await ctx.writeTests(options.selfTests), 'self-tests');
    if (behaviours === undefined) return firstAnswerStands(ctx, samples, 'no self-written test asserts on a call with literal arguments');
    return ctx.stop('max-iterations', finalIndexOf(samples[largestCluster(behaviours)[0]!]!));
  },
});

/**
 * The samples (indexes) of the largest cluster of equal behaviours; of clusters as large, the one with the earliest
 * sample, so a tie keeps the shared first answer when it is one of them. A sample without code does nothing to agree
 * on, so it joins no cluster, unless no sample has code.
 */
function largestCluster(behaviours: readonly BehaviourRun[]): number[] {
  const withCode = behaviours.flatMap((behaviour, index) => (behaviour.status === 'no-code' ? [] : [index]));
  const candidates = withCode.length > 0 ? withCode : behaviours.map((_, index) => index);
  const clusters = new Map<string, number[]>();
  for (const index of candidates) {
    const key = JSON.stringify(behaviours[index]!.calls.map((call) => call.key));
    clusters.set(key, [...(clusters.get(key) ?? []), index]);
  }
  // A Map keeps its keys in insertion order: clusters in the order of their earliest sample.
  return [...clusters.values()].reduce((largest, cluster) => (cluster.length > largest.length ? cluster : largest));
}
