/**
 * A loopback llama-server with a fixed number of slots and a fixed service time: requests beyond its slots wait in
 * its own queue (as the real one's do), `GET /props` reports `total_slots`, and each reply carries `timings` that sum
 * to the time it spent serving that request. It counts how many requests it ever held at once.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { openaiCompletionBody } from './fake-openai.js';

export interface FakeLlamaServer {
  /** Base URL of its OpenAI-compatible API (…/v1). */
  url: string;
  /** Most chat requests received and not yet answered at one time. */
  mostAtOnce: number;
  close(): Promise<void>;
}

export async function startFakeLlamaServer({ slots, serviceMs, model }: { slots: number; serviceMs: number; model: string }): Promise<FakeLlamaServer> {
  let inService = 0;
  let held = 0;
  const queue: (() => void)[] = [];
  const state = { mostAtOnce: 0 };
  const json = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    if (request.url === '/props') return json(response, { total_slots: slots, default_generation_settings: {} });
    if (request.url === '/v1/models') return json(response, { object: 'list', data: [{ id: model, object: 'model', owned_by: 'llamacpp' }] });
    held++;
    state.mostAtOnce = Math.max(state.mostAtOnce, held);
    void (async () => {
      for await (const _ of request);
      if (inService >= slots) await new Promise<void>((turn) => queue.push(turn));
      inService++;
      const started = performance.now();
      await sleep(serviceMs);
      const spent = performance.now() - started;
      inService--;
      held--;
      queue.shift()?.();
      json(response, openaiCompletionBody({ content: 'def f():\n    return 1\n' }, { timings: { prompt_ms: spent / 4, predicted_ms: (spent * 3) / 4 } }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get mostAtOnce() {
      return state.mostAtOnce;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
