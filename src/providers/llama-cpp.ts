import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { z } from 'zod';
import { commonSpec, defineProvider, providerKind, sharedOptions } from './define-provider.js';
import { splitThinking } from '../chat/thinking.js';
import {
  engineEndpoint,
  GPU_CHOICES,
  llamaCppInstallCommand,
  loadEngine,
  type ChatHistoryItem,
  type ChatResponse,
  type ChatWrapper,
  type ContextSequence,
  type Engine,
  type EngineOptions,
  type Grammar,
  type LlamaChat,
  type ResponsePart,
} from './llama-cpp-engine.js';
import { ProviderError, type Provider } from './types.js';
import type { ChatMessage, ChatRequest } from '../chat/types.js';

/**
 * Chat templates by node-llama-cpp's names for its chat wrappers (3.21); `auto` takes the GGUF's own template, or one
 * its metadata suggests. A GGUF without a template (a base model, a test model) needs one named.
 */
export const CHAT_TEMPLATES = ['auto', 'general', 'deepSeek', 'qwen', 'llama3.2-lightweight', 'llama3.1', 'llama3', 'llama2Chat', 'mistral', 'alpacaChat', 'functionary', 'chatML', 'falconChat', 'gemma4', 'gemma', 'harmony', 'muse', 'seed'] as const;

export const llamaCppModelSchema = z
  .strictObject({
    provider: providerKind('llama-cpp'),
    // `model`: the path of the GGUF file (relative to the working directory, as dataset paths are); `slots`: the
    // sequences of its context, calls answered at once (default 1; each holds `contextSize` tokens).
    ...commonSpec,
    threads: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('CPU threads per call; unset, node-llama-cpp\'s default (at least 4, far too many on a 2-core machine: use 1)'),
    gpu: z
      .union([z.literal(false), z.enum(GPU_CHOICES)])
      .default(false)
      .describe('`false` (the default): the CPU only. `auto`: the best GPU back-end whose prebuilt binary works here; or one by name'),
    gpuLayers: z
      .union([z.number().int().min(0), z.enum(['auto', 'max'])])
      .optional()
      .describe('Layers on the GPU, with `gpu`: a number, `max`, or `auto` (the default: as many as fit)'),
    contextSize: z.number().int().positive().default(4096).describe('The context window in tokens; a prompt that would not fit beside the call\'s output cap is not sent'),
    chatTemplate: z.enum(CHAT_TEMPLATES).default('auto').describe('How messages become the prompt: `auto` (the GGUF\'s own template) or one of node-llama-cpp\'s by name'),
    options: z
      .strictObject({
        ...sharedOptions,
        top_k: z.number().int().min(0).optional().describe('Sample from the k most likely tokens'),
        max_tokens: z.number().int().positive().optional().describe('Output cap for every call; without it each call\'s role sets one (2,048 answers, 768 verdicts)'),
      })
      .default({})
      .describe('Sampling options for every call'),
  })
  .refine((spec) => spec.gpu !== false || spec.gpuLayers === undefined || spec.gpuLayers === 0, {
    path: ['gpuLayers'],
    message: 'gpuLayers needs gpu (auto, cuda, vulkan or metal); without it every layer runs on the CPU',
  })
  .describe('A GGUF model run inside selfbench by node-llama-cpp (installed apart: see the README)');

type LlamaCppModelSpec = z.output<typeof llamaCppModelSchema>;

export default defineProvider({
  kind: 'llama-cpp',
  spec: llamaCppModelSchema,
  create: (_name, spec) => createLlamaCppProvider(spec),
  contextWindow: ({ contextSize }) => ({ tokens: contextSize, assumed: false }),
  outputCap: ({ options }) => options.max_tokens,
  missing: (spec) => [...missingPackage(), ...missingModelFile(spec.model)],
});

/** The package's absence, found without loading it (a config is checked before any work). */
export function missingPackage(resolvePackage: (name: string) => string = createRequire(import.meta.url).resolve): string[] {
  try {
    resolvePackage('node-llama-cpp');
    return [];
  } catch {
    return [`provider: llama-cpp runs models through the node-llama-cpp package, which is not installed (it is not in the default install): run "${llamaCppInstallCommand}"`];
  }
}

/** A GGUF file starts with its magic and a little-endian version; node-llama-cpp hangs on some files that do not. */
const GGUF_MAGIC = 'GGUF';
const GGUF_VERSIONS = [1, 2, 3];

function missingModelFile(path: string): string[] {
  const where = resolve(path);
  const shown = where === path ? `"${path}"` : `"${path}" (${where}: a relative path is read from the working directory)`;
  let descriptor: number;
  try {
    descriptor = openSync(where, 'r');
  } catch {
    return [`model: no such file ${shown}`];
  }
  try {
    const head = Buffer.alloc(8);
    const read = statSync(where).isFile() ? readSync(descriptor, head, 0, head.length, 0) : 0;
    const isGguf = read === head.length && head.toString('latin1', 0, 4) === GGUF_MAGIC && GGUF_VERSIONS.includes(head.readUInt32LE(4));
    return isGguf ? [] : [`model: ${shown} is not a GGUF file`];
  } finally {
    closeSync(descriptor);
  }
}

export function createLlamaCppProvider(spec: LlamaCppModelSpec): Provider {
  const options: EngineOptions = {
    path: resolve(spec.model),
    gpu: spec.gpu,
    gpuLayers: spec.gpuLayers,
    threads: spec.threads,
    contextSize: spec.contextSize,
    sequences: spec.slots ?? spec.concurrency ?? 1,
  };
  // Replaced weights must not be served old cached answers.
  const modifiedAt = statSync(options.path, { throwIfNoEntry: false })?.mtime.toISOString();
  let loading: Promise<{ engine: Engine; chatWrapper: ChatWrapper }> | undefined;
  const ready = () => {
    if (loading === undefined) {
      loading = loadEngine(options).then((engine) => ({ engine, chatWrapper: engine.chatWrapper(spec.chatTemplate) }));
      // A failed load is not kept: the next call (a retry) loads again.
      loading.catch(() => (loading = undefined));
    }
    return loading;
  };

  return {
    kind: 'llama-cpp',
    endpoint: engineEndpoint(options),
    model: spec.model,
    settings: { options: spec.options, chatTemplate: spec.chatTemplate, modifiedAt },

    async preflight() {
      // The load is the check, and then no call's time holds it. Not bound by the preflight's deadline: a large model
      // on a slow disk may take longer, and the load is the run's first work anyway.
      await ready();
    },

    async reportedSlots() {
      return options.sequences;
    },

    async chat(request, signal) {
      const { engine, chatWrapper } = await ready();
      return engine.withSequence(async (sequence, newChat) => {
        const started = performance.now();
        const history: ChatHistoryItem[] = [...request.messages.map(toHistoryItem), { type: 'model', response: [] }];
        const promptTokens = chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(engine.model.tokenizer).length;
        const maxTokens = outputCapWithin(spec.contextSize, promptTokens, request.maxTokens ?? spec.options.max_tokens);
        const { grammar, schemaRefusal } = await grammarFor(engine, request.jsonSchema);
        const chat = newChat(chatWrapper);
        try {
          const { reply, promptMs, generateMs, completionTokens } = await respond(chat, sequence, history, { spec, request, maxTokens, grammar, signal });
          return {
            ...toReply(reply),
            promptTokens,
            completionTokens,
            timings: { wallMs: performance.now() - started, promptMs, generateMs },
            doneReason: reply.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
            ...(schemaRefusal === undefined ? {} : { schemaRefusal }),
          };
        } finally {
          chat.dispose({ disposeSequence: false });
        }
      });
    },
  };
}

/**
 * The call's output cap, or all the room the prompt leaves; a prompt that leaves less than the cap is refused unsent,
 * as a server refuses it: node-llama-cpp would otherwise drop the oldest messages to make it fit.
 */
function outputCapWithin(contextSize: number, promptTokens: number, cap: number | undefined): number {
  const room = contextSize - promptTokens;
  const maxTokens = cap ?? room;
  if (maxTokens < 1 || maxTokens > room) {
    throw new ProviderError('context-overflow', `the prompt (${promptTokens} tokens) and the output cap (${maxTokens} tokens) exceed the context size of ${contextSize} tokens`);
  }
  return maxTokens;
}

/** The JSON Schema as a grammar; a schema node-llama-cpp cannot make one of is asked without it, the refusal recorded. */
async function grammarFor(engine: Engine, jsonSchema: Record<string, unknown> | undefined): Promise<{ grammar?: Grammar; schemaRefusal?: string }> {
  if (jsonSchema === undefined) return {};
  return engine.grammar(jsonSchema).then(
    (grammar) => ({ grammar }),
    (error: unknown) => ({ schemaRefusal: `node-llama-cpp cannot make a grammar of the JSON Schema: ${error instanceof Error ? error.message : String(error)}` }),
  );
}

interface Asked {
  spec: LlamaCppModelSpec;
  request: ChatRequest;
  maxTokens: number;
  grammar: Grammar | undefined;
  signal: AbortSignal;
}

/** One generation, with the engine's own figures: output tokens, and the time to the first token (the prompt's) and after it. */
async function respond(
  chat: LlamaChat,
  sequence: ContextSequence,
  history: ChatHistoryItem[],
  { spec, request, maxTokens, grammar, signal }: Asked,
): Promise<{ reply: ChatResponse; promptMs: number; generateMs: number; completionTokens: number }> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(spec.timeoutMs)]);
  const outputBefore = sequence.tokenMeter.getState().usedOutputTokens;
  const started = performance.now();
  let firstTokenAt: number | undefined;
  try {
    const reply = await chat.generateResponse(history, {
      maxTokens,
      ...(grammar === undefined ? {} : { grammar }),
      temperature: request.temperature ?? spec.options.temperature,
      seed: request.seed ?? spec.options.seed,
      topP: spec.options.top_p,
      topK: spec.options.top_k,
      signal: deadline,
      onResponseChunk: () => {
        firstTokenAt ??= performance.now();
      },
    });
    const finished = performance.now();
    const promptDone = firstTokenAt ?? finished;
    return {
      reply,
      promptMs: promptDone - started,
      generateMs: finished - promptDone,
      completionTokens: sequence.tokenMeter.getState().usedOutputTokens - outputBefore,
    };
  } catch (error) {
    if (signal.aborted) throw new ProviderError('aborted', 'the call was cancelled', undefined, { cause: error });
    if (deadline.aborted) throw new ProviderError('timeout', `no reply from ${spec.model} in ${spec.timeoutMs} ms`, undefined, { cause: error });
    throw error;
  }
}

function toHistoryItem(message: ChatMessage): ChatHistoryItem {
  if (message.role === 'assistant') return { type: 'model', response: [message.content] };
  return { type: message.role, text: message.content };
}

/** The answer, with a reasoning model's thought segments (and any `<think>` block) as its thinking. */
function toReply(reply: ChatResponse): { text: string; thinking?: string } {
  const thoughts = reply.fullResponse
    .filter((part): part is Exclude<ResponsePart, string> => typeof part !== 'string' && part.segmentType === 'thought')
    .map((part) => part.text)
    .join('\n\n');
  return splitThinking(reply.response, thoughts === '' ? undefined : thoughts);
}
