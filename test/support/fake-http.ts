/** A scriptable in-process HTTP server on 127.0.0.1: queued replies first, then a default route. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else the raw text ('' when empty). */
  body: unknown;
}

export type FakeReply =
  | { status?: number; json: unknown }
  | { status?: number; text: string; contentType?: string }
  /** Never answers: for timeouts and aborts. */
  | { hang: true }
  /** Accepts the request, then drops the connection without a response. */
  | { reset: true }
  /** Promises a longer body than it sends, then closes: a truncated reply. */
  | { status?: number; truncated: string };

export interface FakeServer {
  /** Base URL without a trailing slash. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replies for the next requests, in order; when the queue is empty the default route answers. */
  enqueue(...replies: FakeReply[]): void;
  /** Closes the server and destroys open connections, including hung ones. */
  close(): Promise<void>;
}

export async function startFakeServer(
  defaultRoute: (request: RecordedRequest) => FakeReply,
  basePath = '',
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];

  const server = createServer((incoming, response) => {
    readBody(incoming).then((body) => {
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body,
      };
      requests.push(request);
      const reply = queue.shift() ?? defaultRoute(request);
      if ('hang' in reply) return;
      if ('reset' in reply) {
        incoming.socket.destroy();
        return;
      }
      if ('truncated' in reply) {
        response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'content-length': String(reply.truncated.length * 2) });
        response.write(reply.truncated);
        incoming.socket.end();
        return;
      }
      if ('json' in reply) {
        response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(reply.json));
      } else {
        response.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'text/plain' });
        response.end(reply.text);
      }
    }, () => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(incoming: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of incoming) text += String(chunk);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

