import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import type { ChatRequest } from '../../src/chat/types.js';
import { connectModels, preflightModels } from '../../src/run/connect-models.js';
import { startFakeLlamaServer } from '../support/fake-llama-server.js';

/** Long enough that 5% of it is above what a loaded 2-core machine adds around a loopback call. */
const serviceMs = 2000;
const request = (taskId: string): ChatRequest => ({
  messages: [{ role: 'user', content: `write ${taskId}` }],
  purpose: { taskId, strategy: 'one-shot', role: 'generate', iteration: 1, repeat: 0 },
});

describe('queue time apart from model time, against a loopback llama-server with 1 slot', () => {
  it('learns the slot from /props, sends one call at a time, and reports model time within 5% of the server\'s, queue time apart', async () => {
    const server = await startFakeLlamaServer({ slots: 1, serviceMs, model: 'tiny' });
    try {
      const config = validateConfig({
        name: 'queue',
        dataset: { source: 'builtin:py-core', limit: 1 },
        // No slots set: they come from the server; -j 4 would send all three at once without it.
        models: { coder: { provider: 'openai', model: 'tiny', baseURL: server.url } },
        generators: ['coder'],
        strategies: ['one-shot'],
        concurrency: 4,
      });
      const { gateway } = connectModels(config, [], {}, { onDisk: false });
      const signal = new AbortController().signal;
      await preflightModels(config, gateway, signal);
      const replies = await Promise.all(
        ['a', 'b', 'c'].map(async (id) => {
          const asked = performance.now();
          const reply = await gateway.chat('coder', request(id), signal);
          return { call: reply.calls[0]!, waitedMs: performance.now() - asked };
        }),
      );
      // The server never held two requests: the queue was ours, so its time is ours to report apart.
      expect(server.mostAtOnce).toBe(1);
      for (const { call, waitedMs } of replies) {
        const serverMs = (call.promptMs ?? 0) + (call.generateMs ?? 0);
        expect(Math.abs(call.wallMs - serverMs)).toBeLessThanOrEqual(0.05 * serverMs);
        expect(call.queueMs).toBeTypeOf('number');
        // Queue and model time together are what the caller waited: no wait is lost, none counted twice.
        expect(Math.abs(call.queueMs! + call.wallMs - waitedMs)).toBeLessThanOrEqual(0.05 * waitedMs);
      }
      // Two of the three calls waited for another in our queue.
      expect(replies.filter(({ call }) => call.queueMs! > serviceMs / 2)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
