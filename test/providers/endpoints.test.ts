import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/chat/types.js';
import { validateConfig } from '../../src/config/load.js';
import { connectModels, preflightModels } from '../../src/run/connect-models.js';
import { startFakeLlamaServer } from '../support/fake-llama-server.js';

const request = (taskId: string): ChatRequest => ({
  messages: [{ role: 'user', content: `write ${taskId}` }],
  purpose: { taskId, strategy: 'one-shot', role: 'generate', iteration: 1, repeat: 0 },
});
const configFor = (baseURL: string[], retries = 2) =>
  validateConfig({
    name: 'endpoints',
    dataset: { source: 'builtin:py-core', limit: 1 },
    models: { coder: { provider: 'openai', model: 'tiny', baseURL } },
    generators: ['coder'],
    strategies: ['one-shot'],
    retry: { retries, backoffMs: 0 },
  });

/** A loopback address nothing listens on: connections are refused. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('one model on several endpoints (baseURL: [..])', () => {
  it('spreads calls over the servers, each within the slots it reports, and answers a repeated request once for all', async () => {
    const servers = await Promise.all([1, 2].map(() => startFakeLlamaServer({ slots: 1, serviceMs: 150, model: 'tiny' })));
    try {
      const config = configFor(servers.map((server) => server.url));
      const { gateway } = connectModels(config, [], {}, { onDisk: false });
      const signal = new AbortController().signal;
      await preflightModels(config, gateway, signal);
      expect(gateway.providers('coder').map((provider) => provider.endpoint)).toEqual(servers.map((server) => server.url));

      const replies = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => gateway.chat('coder', request(id), signal)));
      const served = replies.map((reply) => reply.calls[0]!.endpoint);
      expect(served.filter((endpoint) => endpoint === servers[0]!.url)).toHaveLength(3);
      expect(served.filter((endpoint) => endpoint === servers[1]!.url)).toHaveLength(3);
      for (const server of servers) expect(server.mostAtOnce).toBe(1);

      const again = await gateway.chat('coder', request('a'), signal);
      expect(again.calls[0]).toMatchObject({ cached: true });
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });

  it('retries a call that failed on one server on another', async () => {
    const live = await startFakeLlamaServer({ slots: 1, serviceMs: 10, model: 'tiny' });
    try {
      const dead = await deadUrl();
      const { gateway } = connectModels(configFor([dead, live.url], 1), [], {}, { onDisk: false });
      const signal = new AbortController().signal;
      const replies = await Promise.all(['a', 'b', 'c', 'd'].map((id) => gateway.chat('coder', request(id), signal)));
      for (const reply of replies) {
        const last = reply.calls.at(-1)!;
        expect(last).toMatchObject({ ok: true, endpoint: live.url });
        // Those that tried the dead server first failed there once, then went to the live one.
        expect(reply.calls.filter((call) => !call.ok).every((call) => call.endpoint === dead)).toBe(true);
      }
      expect(replies.some((reply) => reply.calls.length === 2)).toBe(true);
    } finally {
      await live.close();
    }
  });

  it('refuses an empty list or a list with a non-URL, naming the field', () => {
    expect(() => configFor([])).toThrow(/models\.coder\.baseURL/);
    expect(() => configFor(['http://127.0.0.1:1/v1', 'not a url'])).toThrow(/models\.coder\.baseURL/);
  });
});
