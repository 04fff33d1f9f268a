/**
 * The embedded llama.cpp engine behind `provider: llama-cpp`, through the npm package node-llama-cpp. It is not in the
 * default install (its prebuilt binaries are hundreds of MB), so it is imported at the first load, and never builds or
 * downloads llama.cpp: it runs a prebuilt binary or fails saying how to install one. One engine per GGUF file and load
 * options, shared by every configured model that names them; its context's sequences are the calls it serves at once.
 */
import { Semaphore } from '../util/semaphore.js';
import { ProviderError } from './types.js';

/** The node-llama-cpp release this engine is written and tested against (`.ci/run` installs the same). */
export const nodeLlamaCppRelease = 'node-llama-cpp@3.21.1';
/** The one command that installs it beside selfbench's own packages, with every prebuilt back-end (CPU, CUDA, Vulkan). */
export const llamaCppInstallCommand = `npm install --no-save ${nodeLlamaCppRelease}`;

/** Where node-llama-cpp may run a model: `false` is the CPU; `auto` the best GPU back-end with a working prebuilt binary. */
export const GPU_CHOICES = ['auto', 'cuda', 'vulkan', 'metal'] as const;
export type GpuChoice = false | (typeof GPU_CHOICES)[number];

// The part of node-llama-cpp's API used here, declared locally so that selfbench typechecks and builds without it.
export type ChatHistoryItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: ResponsePart[] };
/** A model response's text, or a segment of it such as a reasoning model's thought. */
export type ResponsePart = string | { type: 'segment'; segmentType: string; text: string };
export interface ChatWrapper {
  generateContextState(options: { chatHistory: ChatHistoryItem[] }): { contextText: { tokenize(tokenizer: unknown): unknown[] } };
}
interface TokenMeterState {
  usedInputTokens: number;
  usedOutputTokens: number;
}
export interface ContextSequence {
  readonly tokenMeter: { getState(): TokenMeterState };
}
export interface Grammar {
  readonly grammar: string;
}
interface LlamaModel {
  readonly tokenizer: unknown;
  createContext(options: { contextSize: number; sequences: number; threads?: number }): Promise<{ getSequence(): ContextSequence }>;
}
interface Llama {
  loadModel(options: { modelPath: string; gpuLayers: number | 'auto' | 'max' }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: Record<string, unknown>): Promise<Grammar>;
}
interface GenerateOptions {
  maxTokens: number;
  grammar?: Grammar;
  temperature?: number;
  seed?: number;
  topP?: number;
  topK?: number;
  signal: AbortSignal;
  onResponseChunk(chunk: unknown): void;
}
export interface ChatResponse {
  response: string;
  fullResponse: ResponsePart[];
  metadata: { stopReason: string };
}
export interface LlamaChat {
  generateResponse(history: ChatHistoryItem[], options: GenerateOptions): Promise<ChatResponse>;
  dispose(options: { disposeSequence: boolean }): void;
}
interface NodeLlamaCpp {
  getLlama(options: { gpu: GpuChoice; build: 'never'; skipDownload: true; logLevel: 'error' }): Promise<Llama>;
  LlamaChat: new (options: { contextSequence: ContextSequence; chatWrapper: ChatWrapper }) => LlamaChat;
  resolveChatWrapper(model: LlamaModel, options: { type: string }): ChatWrapper;
  NoBinaryFoundError: abstract new (...args: never[]) => Error;
}

export interface EngineOptions {
  /** Absolute path of the GGUF file. */
  path: string;
  gpu: GpuChoice;
  gpuLayers?: number | 'auto' | 'max' | undefined;
  threads?: number | undefined;
  contextSize: number;
  /** Sequences of the context: calls served at once. */
  sequences: number;
}

/** A loaded model with its context, ready to answer. */
export interface Engine {
  readonly model: LlamaModel;
  /** The chat template: one of node-llama-cpp's by name, or `auto` (the GGUF's own, else one its metadata suggests). */
  chatWrapper(template: string): ChatWrapper;
  /** Runs `use` on a free sequence of the context, waiting for one when every sequence is busy. */
  withSequence<T>(use: (sequence: ContextSequence, chat: (wrapper: ChatWrapper) => LlamaChat) => Promise<T>): Promise<T>;
  /** A grammar that holds the reply to a JSON Schema, made once per schema. */
  grammar(schema: Record<string, unknown>): Promise<Grammar>;
}

/** Where an engine is told apart from another: its file and every option that shapes its loading. */
export function engineEndpoint(options: EngineOptions): string {
  const { path, gpu, gpuLayers, threads, contextSize, sequences } = options;
  const settings = [`gpu=${gpu === false ? 'off' : gpu}`, gpuLayers === undefined ? '' : `gpuLayers=${gpuLayers}`, threads === undefined ? '' : `threads=${threads}`, `contextSize=${contextSize}`, `sequences=${sequences}`];
  return `llama-cpp:${path}?${settings.filter(Boolean).join('&')}`;
}

const engines = new Map<string, Promise<Engine>>();
/** One node-llama-cpp instance per GPU choice, shared by the engines that make it. */
const instances = new Map<GpuChoice, Promise<Llama>>();

/** The engine for these options, loaded at the first call for them (every later call shares it); a failed load is tried again next time. */
export function loadEngine(options: EngineOptions): Promise<Engine> {
  const key = engineEndpoint(options);
  let engine = engines.get(key);
  if (!engine) {
    engine = createEngine(options);
    engines.set(key, engine);
    engine.catch(() => engines.delete(key));
  }
  return engine;
}

async function createEngine(options: EngineOptions): Promise<Engine> {
  const library = await importLibrary();
  let instance = instances.get(options.gpu);
  if (!instance) {
    instance = startLlama(library, options.gpu);
    instances.set(options.gpu, instance);
    instance.catch(() => instances.delete(options.gpu));
  }
  const llama = await instance;
  const model = await llama
    .loadModel({ modelPath: options.path, gpuLayers: options.gpu === false ? 0 : (options.gpuLayers ?? 'auto') })
    .catch((error: unknown) => {
      throw new ProviderError('model-missing', `node-llama-cpp cannot load "${options.path}": ${messageOf(error)}`, undefined, { cause: error });
    });
  const context = await model.createContext({
    contextSize: options.contextSize,
    sequences: options.sequences,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  const free = Array.from({ length: options.sequences }, () => context.getSequence());
  const slots = new Semaphore(options.sequences);
  const grammars = new Map<string, Promise<Grammar>>();
  return {
    model,
    chatWrapper: (template) => library.resolveChatWrapper(model, { type: template }),
    withSequence: (use) =>
      slots.run(async () => {
        // The semaphore admits no more callers than there are sequences, so one is free.
        const sequence = free.pop() as ContextSequence;
        try {
          return await use(sequence, (chatWrapper) => new library.LlamaChat({ contextSequence: sequence, chatWrapper }));
        } finally {
          free.push(sequence);
        }
      }),
    grammar: (schema) => {
      const key = JSON.stringify(schema);
      let grammar = grammars.get(key);
      if (!grammar) {
        grammar = llama.createGrammarForJsonSchema(schema);
        grammars.set(key, grammar);
      }
      return grammar;
    },
  };
}

async function importLibrary(): Promise<NodeLlamaCpp> {
  // A name in a variable: the package may be absent, and the compiler must not look for it.
  const name = 'node-llama-cpp';
  try {
    return (await import(name)) as NodeLlamaCpp;
  } catch (error) {
    throw new ProviderError('model-missing', `cannot load node-llama-cpp (${messageOf(error)}): run "${llamaCppInstallCommand}"`, undefined, { cause: error });
  }
}

async function startLlama(library: NodeLlamaCpp, gpu: GpuChoice): Promise<Llama> {
  try {
    // build: never and skipDownload: a prebuilt binary or an error, never a download or a build at run time.
    return await library.getLlama({ gpu, build: 'never', skipDownload: true, logLevel: 'error' });
  } catch (error) {
    if (error instanceof library.NoBinaryFoundError) {
      const wanted = gpu === false ? 'the CPU' : gpu === 'auto' ? 'any back-end' : gpu;
      throw new ProviderError('model-missing', `node-llama-cpp has no prebuilt binary for ${wanted} on ${process.platform}-${process.arch}: run "${llamaCppInstallCommand}"`, undefined, { cause: error });
    }
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
