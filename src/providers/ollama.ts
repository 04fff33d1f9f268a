import type { ChatResponse, Ollama } from 'ollama';
import { z } from 'zod';
import { commonSpec, defineProvider, endpointField, providerKind, sharedOptions, singleEndpoint, specPerEndpoint } from './define-provider.js';
import { splitThinking } from '../chat/thinking.js';
import { httpError } from './server-messages.js';
import { askWithSchemaFallback } from './structured-output.js';
import { withCallFetch } from './timeout-fetch.js';
import { ProviderError, type Provider } from './types.js';
import type { ChatResult } from '../chat/types.js';

export const ollamaModelSchema = z
  .strictObject({
    provider: providerKind('ollama'),
    ...commonSpec,
    host: endpointField('The server (default: OLLAMA_HOST, then http://127.0.0.1:11434); a list: the model is served by each of these hosts'),
    options: z
      .looseObject({
        ...sharedOptions,
        num_ctx: z.number().int().positive().optional().describe('The context window in tokens; set, prompts that would not fit beside the output cap are not sent'),
        num_predict: z.number().int().optional().describe('Output cap for every call; without it each call\'s role sets one (2,048 answers, 768 verdicts). -1: no cap'),
      })
      .default({})
      .describe('Ollama\'s model options, sent with every call; any other Ollama option passes through'),
    keepAlive: z.union([z.string(), z.number()]).optional().describe('Ollama\'s keep_alive: how long the model stays loaded after a call (`30m`, `-1`, seconds)'),
    think: z.boolean().optional().describe('For reasoning models: ask Ollama to return thinking separately'),
  })
  .describe('A model served by Ollama');

export type OllamaModelSpec = z.output<typeof ollamaModelSchema>;

/** Ollama's default context when `num_ctx` is not set (recent versions; older ones used 2048). */
const DEFAULT_CONTEXT = 4096;

export default defineProvider({
  kind: 'ollama',
  spec: ollamaModelSchema,
  create: (_name, spec, { env }) => createOllamaProvider(spec, env),
  perEndpoint: (spec) => specPerEndpoint(spec, 'host'),
  contextWindow: ({ options }) =>
    options.num_ctx === undefined ? { tokens: DEFAULT_CONTEXT, assumed: true } : { tokens: options.num_ctx, assumed: false },
  outputCap: ({ options }) => options.num_predict,
});

export const OLLAMA_DEFAULT_PORT = '11434';
const DEFAULT_HOST = `http://127.0.0.1:${OLLAMA_DEFAULT_PORT}`;

/** The server a spec split per endpoint talks to: its `host`, else OLLAMA_HOST, else the default. */
export function ollamaHostOf(spec: OllamaModelSpec, env: NodeJS.ProcessEnv): string {
  return resolveHost(singleEndpoint(spec.host) ?? env.OLLAMA_HOST);
}

/** A model's name as Ollama lists it: a tag-less name means `:latest` (`llama3` is `llama3:latest` in `/api/ps`). */
export function ollamaTag(model: string): string {
  return /:[^/]*$/.test(model) ? model : `${model}:latest`;
}

export function createOllamaProvider(spec: OllamaModelSpec, env: NodeJS.ProcessEnv = process.env): Provider {
  const host = ollamaHostOf(spec, env);

  const withClient = async <T>(signal: AbortSignal, use: (client: Ollama) => Promise<T>): Promise<T> => {
    // Imported at the first call, not with this file, so commands that call no model (`--dry-run`, `bench report`) do not
    // load it. In a run the preflight makes that first call, so no chat's time includes the loading.
    const library = await import('ollama');
    return withCallFetch({ endpoint: host, timeoutMs: spec.timeoutMs, signal }, (fetch) =>
      use(new library.Ollama({ host, fetch })),
    ).catch((error: unknown) => {
      throw toProviderError(error, spec.model, host);
    });
  };

  // When the model was last pulled, learned at preflight: re-pulled weights must not be served old cached answers.
  let pulledAt: string | undefined;

  return {
    kind: 'ollama',
    endpoint: host,
    model: spec.model,
    get settings() {
      return { options: spec.options, think: spec.think, pulledAt };
    },

    async chat(request, signal) {
      const started = performance.now();
      const { reply, schemaRefusal } = await askWithSchemaFallback(request.jsonSchema, (format) =>
        withClient(signal, (client) =>
          client.chat({
            model: spec.model,
            messages: request.messages,
            stream: false,
            // Unset values vanish from the JSON body, leaving the server's defaults.
            options: {
              ...spec.options,
              temperature: request.temperature ?? spec.options.temperature,
              seed: request.seed ?? spec.options.seed,
              num_predict: request.maxTokens ?? spec.options.num_predict,
            },
            keep_alive: spec.keepAlive,
            format,
            think: spec.think,
          }),
        ),
      );
      return { ...toChatResult(reply, performance.now() - started), ...(schemaRefusal === undefined ? {} : { schemaRefusal }) };
    },

    async preflight(signal) {
      const shown = await withClient(signal, (client) => client.show({ model: spec.model }));
      pulledAt = shown.modified_at === undefined ? undefined : String(shown.modified_at);
    },

    async loadedModels(signal) {
      const { models } = await withClient(signal, (client) => client.ps());
      return models.map((model) => ({ name: model.name, sizeBytes: model.size, vramBytes: model.size_vram }));
    },
  };
}

/** Ollama's own reading of OLLAMA_HOST: a bare `host[:port]` means http on port 11434. */
function resolveHost(configured: string | undefined): string {
  const raw = configured?.trim() || DEFAULT_HOST;
  if (raw.includes('://')) return raw.replace(/\/+$/, '');
  // A bare `:port` means the default address.
  const url = new URL(`http://${raw.startsWith(':') ? `127.0.0.1${raw}` : raw}`);
  if (url.port === '') url.port = OLLAMA_DEFAULT_PORT;
  return url.href.replace(/\/+$/, '');
}

function toChatResult(response: ChatResponse, wallMs: number): ChatResult {
  // The server is not ours: a reply without a message is a broken reply, not a crash.
  if (typeof response?.message?.content !== 'string') {
    throw new ProviderError('bad-response', 'Ollama replied without a message');
  }
  const { text, thinking } = splitThinking(response.message.content, response.message.thinking);
  return {
    text,
    thinking,
    promptTokens: response.prompt_eval_count,
    completionTokens: response.eval_count,
    timings: {
      wallMs,
      loadMs: nanosToMs(response.load_duration),
      promptMs: nanosToMs(response.prompt_eval_duration),
      generateMs: nanosToMs(response.eval_duration),
    },
    doneReason: response.done_reason,
  };
}

function nanosToMs(nanos: number | undefined): number | undefined {
  return nanos === undefined ? undefined : nanos / 1e6;
}

/** Maps what ollama-js and undici throw; anything unrecognised is a bug and passes through. */
function toProviderError(error: unknown, model: string, host: string): unknown {
  if (error instanceof ProviderError) return error;
  // ollama-js does not export its ResponseError class, only its shape.
  if (error instanceof Error && error.name === 'ResponseError' && 'status_code' in error) {
    const status = Number(error.status_code);
    if (status === 404) {
      return new ProviderError(
        'model-missing',
        `model "${model}" is not available on ${host}: run "ollama pull ${model}"`,
        status,
        { cause: error },
      );
    }
    return httpError(status, `Ollama at ${host} answered ${status}: ${error.message}`, error);
  }
  if (error instanceof SyntaxError) {
    return new ProviderError('bad-response', `Ollama at ${host} sent a reply that is not JSON`, undefined, {
      cause: error,
    });
  }
  // undici reports refused, reset and unresolvable connections as a TypeError caused by the socket error.
  if (error instanceof TypeError && error.cause !== undefined) {
    return new ProviderError('unreachable', `cannot reach Ollama at ${host}: is "ollama serve" running?`, undefined, {
      cause: error,
    });
  }
  return error;
}
