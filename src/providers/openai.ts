import type { OpenAI } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions.js';
import { z } from 'zod';
import { commonSpec, defineProvider, endpointField, providerKind, sharedOptions, singleEndpoint, specPerEndpoint } from './define-provider.js';
import { splitThinking } from '../chat/thinking.js';
import { httpError } from './server-messages.js';
import { askWithSchemaFallback } from './structured-output.js';
import { withCallFetch } from './timeout-fetch.js';
import { ProviderError, type Provider } from './types.js';
import type { ChatRequest, ChatResult } from '../chat/types.js';

export const openaiModelSchema = z
  .strictObject({
    provider: providerKind('openai'),
    ...commonSpec,
    baseURL: endpointField('The API\'s base URL (default: OPENAI_BASE_URL, then https://api.openai.com/v1); a list: the model is served by each of these servers (vLLM replicas, several llama-servers)'),
    apiKey: z.string().optional().describe('The API key (default: OPENAI_API_KEY); local servers accept any value'),
    contextSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'The server\'s context window in tokens (llama-server\'s `--ctx-size`, which its `/props` reports as `n_ctx`). Set, a prompt that would not fit beside the call\'s output cap is not sent; unset, the server decides',
      ),
    options: z
      .looseObject({
        ...sharedOptions,
        max_tokens: z.number().int().positive().optional().describe('Output cap for every call; without it each call\'s role sets one (2,048 answers, 768 verdicts)'),
      })
      .default({})
      .describe('Request fields sent with every call; any other field passes through'),
  })
  .describe('A model behind an OpenAI-compatible API (llama-server, vLLM, LM Studio, OpenAI)');

type OpenAIModelSpec = z.output<typeof openaiModelSchema>;

/** The part of llama-server's `GET /props` that says how many requests it serves at once. */
const llamaServerProps = z.object({ total_slots: z.number().int().positive() });

export default defineProvider({
  kind: 'openai',
  spec: openaiModelSchema,
  create: (_name, spec, { env }) => createOpenAIProvider(spec, env),
  perEndpoint: (spec) => specPerEndpoint(spec, 'baseURL'),
  contextWindow: ({ contextSize }) => (contextSize === undefined ? undefined : { tokens: contextSize, assumed: false }),
  outputCap: ({ options }) => options.max_tokens,
});

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

type OpenAILibrary = typeof import('openai');

/** Fields that local servers add to the standard reply. */
interface LocalServerExtras {
  /** llama.cpp's llama-server. */
  timings?: { prompt_ms?: number; predicted_ms?: number };
  choices: Array<{ message: { reasoning_content?: string | null; reasoning?: string | null } }>;
}

export function createOpenAIProvider(spec: OpenAIModelSpec, env: NodeJS.ProcessEnv = process.env): Provider {
  const baseURL = (singleEndpoint(spec.baseURL) ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const apiKey = spec.apiKey ?? env.OPENAI_API_KEY ?? 'not-needed';

  // Each call gets its own client, whose fetch carries that call's deadline and signal.
  const withClient = async <T>(signal: AbortSignal, use: (client: OpenAI) => Promise<T>): Promise<T> => {
    // Imported at the first call, not with this file, so commands that call no model (`--dry-run`, `bench report`) do not
    // load it. In a run the preflight makes that first call, so no chat's time includes the loading.
    const library = await import('openai');
    return withCallFetch({ endpoint: baseURL, timeoutMs: spec.timeoutMs, signal }, (fetch) =>
      // Retries belong to the gateway, so they never hide inside one call's latency.
      use(new library.OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: spec.timeoutMs, fetch })),
    ).catch((error: unknown) => {
      throw toProviderError(library, error, spec.model, baseURL);
    });
  };

  return {
    kind: 'openai',
    endpoint: baseURL,
    model: spec.model,
    settings: { options: spec.options },

    async chat(request, signal) {
      const started = performance.now();
      // Not every OpenAI-compatible server knows `response_format: json_schema`: a refusal is asked again without it, this call only.
      const { reply, schemaRefusal } = await askWithSchemaFallback(request.jsonSchema, (jsonSchema) =>
        withClient(signal, (client) => client.chat.completions.create(toRequestBody(spec, { ...request, jsonSchema }))),
      );
      return { ...toChatResult(reply, performance.now() - started), ...(schemaRefusal === undefined ? {} : { schemaRefusal }) };
    },

    async reportedSlots(signal) {
      // llama-server answers GET /props at its root (beside /v1); other servers have no such page, or another shape.
      const root = baseURL.replace(/\/v1$/, '');
      try {
        const response = await fetch(`${root}/props`, { signal: AbortSignal.any([signal, AbortSignal.timeout(spec.timeoutMs)]) });
        if (!response.ok) return undefined;
        const props = llamaServerProps.safeParse(await response.json());
        return props.success ? props.data.total_slots : undefined;
      } catch {
        return undefined;
      }
    },

    async preflight(signal) {
      const served = await withClient(signal, async (client) => (await client.models.list()).data);
      const ids = served.map((model) => model.id);
      // Some servers list nothing useful; only a list that lacks the model proves it missing.
      if (ids.length > 0 && !ids.includes(spec.model)) {
        const message = `${missingModelMessage(spec.model, baseURL)}; it serves ${ids.join(', ')}`;
        throw new ProviderError('model-missing', message);
      }
    },
  };
}

function toRequestBody(spec: OpenAIModelSpec, request: ChatRequest): ChatCompletionCreateParamsNonStreaming {
  return {
    // Configured options pass through to the server, including ones only local servers know.
    ...spec.options,
    model: spec.model,
    messages: request.messages,
    // Unset values vanish from the JSON body, leaving the server's defaults.
    temperature: request.temperature ?? spec.options.temperature,
    seed: request.seed ?? spec.options.seed,
    max_tokens: request.maxTokens ?? spec.options.max_tokens,
    ...(request.jsonSchema && {
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'verdict', schema: request.jsonSchema, strict: false },
      },
    }),
  };
}

function toChatResult(completion: ChatCompletion & LocalServerExtras, wallMs: number): ChatResult {
  // The server is not ours: a reply without a message is a broken reply, not a crash.
  const message = Array.isArray(completion?.choices) ? completion.choices[0]?.message : undefined;
  if (message === undefined) {
    throw new ProviderError('bad-response', 'the server replied without a message');
  }
  const { text, thinking } = splitThinking(
    message.content ?? '',
    message.reasoning_content ?? message.reasoning ?? undefined,
  );
  return {
    text,
    thinking,
    promptTokens: completion.usage?.prompt_tokens,
    completionTokens: completion.usage?.completion_tokens,
    thinkingTokens: completion.usage?.completion_tokens_details?.reasoning_tokens,
    timings: {
      wallMs,
      promptMs: completion.timings?.prompt_ms,
      generateMs: completion.timings?.predicted_ms,
    },
    doneReason: completion.choices[0]?.finish_reason,
  };
}

function missingModelMessage(model: string, baseURL: string): string {
  return `model "${model}" is not available on ${baseURL}`;
}

/** Maps what the openai client throws; anything unrecognised is a bug and passes through. */
function toProviderError(
  { APIConnectionError, APIConnectionTimeoutError, APIError }: OpenAILibrary,
  error: unknown,
  model: string,
  baseURL: string,
): unknown {
  if (error instanceof ProviderError) return error;
  // The client's own timer, set to the same limit as ours, may fire first.
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError('timeout', `no reply from ${baseURL} in time`, undefined, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError('unreachable', `cannot reach ${baseURL}: is the server running?`, undefined, {
      cause: error,
    });
  }
  if (error instanceof APIError && error.status === 404) {
    return new ProviderError('model-missing', missingModelMessage(model, baseURL), 404, { cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    return httpError(error.status, `${baseURL} answered ${error.message}`, error);
  }
  if (error instanceof SyntaxError) {
    return new ProviderError('bad-response', `${baseURL} sent a reply that is not JSON`, undefined, { cause: error });
  }
  return error;
}
