/**
 * Structured output per call, against in-process servers speaking Ollama's and llama-server's wire protocols through
 * the official clients: a schema the server refuses is dropped for that call only and recorded on its call record;
 * any other refusal, a prompt too long for the context above all, is that call's failure and changes no mode.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/chat/types.js';
import { ContextFullError } from '../../src/chat/context-full.js';
import { GatewayError, ModelGateway } from '../../src/providers/gateway.js';
import { createOllamaProvider, ollamaModelSchema } from '../../src/providers/ollama.js';
import { createOpenAIProvider, openaiModelSchema } from '../../src/providers/openai.js';
import type { Provider } from '../../src/providers/types.js';
import { ollamaChatBody, ollamaError, startFakeOllama } from '../support/fake-ollama.js';
import { openaiCompletionBody, openaiError, startFakeOpenAI } from '../support/fake-openai.js';
import type { FakeReply, FakeServer } from '../support/fake-http.js';

const schema = { type: 'object', properties: { overall: { type: 'number' } }, required: ['overall'] };
const judgeRequest = (iteration: number): ChatRequest => ({
  messages: [{ role: 'user', content: `Score answer ${iteration}.` }],
  jsonSchema: schema,
  purpose: { taskId: 't1', strategy: 'panel', role: 'judge', iteration, repeat: 0 },
});

interface Protocol {
  name: string;
  start: () => Promise<FakeServer>;
  provider: (url: string) => Provider;
  chatPath: string;
  /** Where the request body carries the schema. */
  schemaField: 'format' | 'response_format';
  reply: (content: string) => FakeReply;
  /** What the server answers when it cannot use the schema, verbatim from its source or its issue tracker. */
  refusals: [string, FakeReply][];
  overflow: FakeReply;
  otherError: FakeReply;
}

const protocols: Protocol[] = [
  {
    name: 'Ollama',
    start: () => startFakeOllama(),
    provider: (url) => createOllamaProvider(ollamaModelSchema.parse({ provider: 'ollama', model: 'test-model', host: url, timeoutMs: 5000 }), {}),
    chatPath: '/api/chat',
    schemaField: 'format',
    reply: (content) => ({ json: ollamaChatBody({ content }) }),
    refusals: [
      ['its runner cannot make a grammar of the schema (a 500)', ollamaError(500, 'invalid JSON schema in format')],
      ['the format is no schema it reads', ollamaError(400, 'invalid format: "\\"[{\\\\\\"type\\\\\\":\\\\\\"object\\\\\\"}]\\""; expected "json" or a valid JSON Schema object')],
      ['a version before schemas (0.4)', ollamaError(400, 'json: cannot unmarshal object into Go struct field ChatRequest.format of type string')],
    ],
    overflow: ollamaError(400, 'the input length exceeds the context length'),
    otherError: ollamaError(400, 'invalid options: num_gpu'),
  },
  {
    name: 'llama-server (OpenAI-compatible)',
    start: () => startFakeOpenAI(),
    provider: (url) => createOpenAIProvider(openaiModelSchema.parse({ provider: 'openai', model: 'test-model', baseURL: url, timeoutMs: 5000 }), {}),
    chatPath: '/v1/chat/completions',
    schemaField: 'response_format',
    reply: (content) => ({ json: openaiCompletionBody({ content }) }),
    refusals: [
      ['the schema cannot become a grammar', openaiError(400, 'JSON schema conversion failed:\nUnrecognized schema: {"not":{}}')],
      ['a build before json_schema (a 500)', openaiError(500, 'response_format type must be one of "text" or "json_object", but got: json_schema', 'server_error')],
      ['a grammar given as well', openaiError(400, 'Either "json_schema" or "grammar" can be specified, but not both')],
    ],
    overflow: openaiError(400, 'the request exceeds the available context size, try increasing it', 'exceed_context_size_error'),
    otherError: openaiError(400, "'messages' is required"),
  },
];

describe.each(protocols)('structured output against $name', (protocol) => {
  let server: FakeServer;
  afterEach(() => server.close());

  async function gateway(): Promise<ModelGateway> {
    server = await protocol.start();
    // Retries on: a refused schema must not be retried as a 500 with the schema still in it.
    const made = new ModelGateway({ retry: { retries: 2, backoffMs: 1 } });
    made.register('judge', protocol.provider(server.url));
    return made;
  }
  const sentSchema = () => server.requests.filter((request) => request.path === protocol.chatPath).map((request) => protocol.schemaField in (request.body as object));
  const signal = new AbortController().signal;

  it.each(protocol.refusals)('a refused schema (%s) is dropped for that call only, and the call records why', async (_, refusal) => {
    const judge = await gateway();
    server.enqueue(refusal, protocol.reply('{"overall": 7}'), protocol.reply('{"overall": 8}'));
    const first = await judge.chat('judge', judgeRequest(1), signal);
    expect(first.result.text).toBe('{"overall": 7}');
    expect(first.calls).toHaveLength(1);
    expect(first.calls[0]).toMatchObject({ ok: true, try: 1 });
    const { json } = refusal as { json: { error: string | { message: string } } };
    expect(first.calls[0]?.schemaRefusal).toContain(typeof json.error === 'string' ? json.error : json.error.message);

    const second = await judge.chat('judge', judgeRequest(2), signal);
    expect(second.result.text).toBe('{"overall": 8}');
    expect(second.calls[0]?.schemaRefusal).toBeUndefined();
    // Asked with the schema, again without it, then the next call with it once more.
    expect(sentSchema()).toEqual([true, false, true]);
  });

  it('a prompt too long for the context is that call failing as context-full: not asked without the schema, not retried, no change of mode', async () => {
    const judge = await gateway();
    server.enqueue(protocol.overflow, protocol.reply('{"overall": 8}'));
    const failure = await judge.chat('judge', judgeRequest(1), signal).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContextFullError);
    expect((failure as ContextFullError).message).toMatch(/refused the prompt as too long/);
    expect((failure as ContextFullError).calls).toMatchObject([{ ok: false, try: 1 }]);
    expect((failure as ContextFullError).calls[0]?.schemaRefusal).toBeUndefined();

    await judge.chat('judge', judgeRequest(2), signal);
    expect(sentSchema()).toEqual([true, true]);
  });

  it('another refusal is that call failing, with the schema kept for the next', async () => {
    const judge = await gateway();
    server.enqueue(protocol.otherError, protocol.reply('{"overall": 8}'));
    const failure = await judge.chat('judge', judgeRequest(1), signal).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect((failure as GatewayError).reason).toMatchObject({ kind: 'http', status: 400 });
    await judge.chat('judge', judgeRequest(2), signal);
    expect(sentSchema()).toEqual([true, true]);
  });

  it('a call without a schema is not asked again when the server names one', async () => {
    const judge = await gateway();
    const [, refusal] = protocol.refusals.find(([, reply]) => 'status' in reply && reply.status === 400)!;
    server.enqueue(refusal);
    const failure = await judge.chat('judge', { ...judgeRequest(1), jsonSchema: undefined }, signal).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect(sentSchema()).toEqual([false]);
  });
});
