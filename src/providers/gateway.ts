import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallRecord } from '../records/call.js';
import type { PromptStore } from '../records/prompt-store.js';
import { AffinityScheduler, type SchedulingPolicy } from './affinity-scheduler.js';
import { Flight, TrialActivity, type TrialHandle } from './trial-activity.js';
import type { DiskCache } from './disk-cache.js';
import { PromptBudget, type ContextWindow } from './prompt-budget.js';
import { ProviderError, type Provider } from './types.js';
import { ContextFullError } from '../chat/context-full.js';
import { defaultOutputCaps } from '../chat/output-caps.js';
import type { ChatRequest, ChatResult } from '../chat/types.js';

export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** First backoff; doubles each try, with up to 50% jitter. */
  backoffMs: number;
}

export interface GatewayOptions {
  retry?: RetryPolicy;
  /** How an endpoint orders waiting calls; `affinity` keeps serving the loaded model. */
  scheduling?: { policy: SchedulingPolicy; maxConsecutive?: number | undefined };
  /** Reuse answers at all (in flight, in memory, on disk); off, every call goes to the model. */
  reuse?: boolean;
  /** Responses kept across runs; in memory only when absent. */
  diskCache?: DiskCache;
  /** Calls in flight per endpoint (`concurrency`, `-j`), where the model does not set its slots. */
  slots?: number;
}

export interface GatewayReply {
  result: ChatResult;
  /** Every try made for this request (one when cached). */
  calls: CallRecord[];
}

/** The calls a failed request made, for the record: every try of a `GatewayError`, any of a `ContextFullError`; none of another error. */
export function callsOf(error: unknown): readonly CallRecord[] {
  return error instanceof GatewayError || error instanceof ContextFullError ? error.calls : [];
}

/** The request failed after all retries; `calls` holds every try for the trial's record. */
export class GatewayError extends Error {
  constructor(
    readonly reason: ProviderError,
    readonly calls: CallRecord[],
  ) {
    super(reason.message, { cause: reason });
    this.name = 'GatewayError';
  }
}

interface ModelSettings {
  /** Calls in flight on each of its endpoints, as the config sets them. */
  slots?: number | undefined;
  contextWindow?: ContextWindow;
  /** The output cap the model's config sets (`num_predict`, `max_tokens`); without one, each call's role sets it. */
  outputCap?: number;
  /** False when every model on the endpoint stays loaded, so a switch costs nothing and is not worth waiting for. */
  switchesCostLoads?: boolean;
}

interface ModelEntry extends ModelSettings {
  /** One client per endpoint serving the model (several hosts, a data-parallel server's replicas); the first names it. */
  providers: readonly [Provider, ...Provider[]];
  budget: PromptBudget;
}

const defaultRetry: RetryPolicy = { retries: 2, backoffMs: 1000 };

/**
 * The one door to the providers: every request gets an output cap (the call's own, else the model's, else its
 * role's default) and is refused unsent when its prompt would not fit the model's window beside that cap; then a
 * response cache with single flight (identical requests are computed once, so all strategies share the same first
 * answer), retries with backoff for transient failures, and per endpoint a concurrency limit and a scheduler that
 * keeps serving the loaded model.
 */
export class ModelGateway {
  private readonly models = new Map<string, ModelEntry>();
  private readonly endpoints = new Map<string, AffinityScheduler>();
  /** Calls each endpoint serves at once, as its server reports them, where the config does not set them. */
  private readonly reportedSlots = new Map<string, number>();
  /** Answers computed or computing in this run, each with the flight that trials joining it wait on. */
  private readonly responses = new Map<string, { result: Promise<ChatResult>; flight: Flight }>();
  private readonly retry: RetryPolicy;
  private readonly diskCache: DiskCache | undefined;
  private readonly reuse: boolean;
  private readonly scheduling: NonNullable<GatewayOptions['scheduling']>;
  private readonly slots: number | undefined;
  /** Every trial in flight and whether it waits on a queued call: what lets an endpoint switch models without a timer. */
  private readonly activity = new TrialActivity();
  /** Where the prompts sent are kept, once the run has a directory. */
  private prompts: PromptStore | undefined;

  constructor(options: GatewayOptions = {}) {
    this.retry = options.retry ?? defaultRetry;
    this.diskCache = options.diskCache;
    this.reuse = options.reuse ?? true;
    this.scheduling = options.scheduling ?? { policy: 'affinity' };
    this.slots = options.slots;
  }

  /** From now on every prompt sent is kept in `store`, and each call record names it by its hash. */
  keepPromptsIn(store: PromptStore): void {
    this.prompts = store;
  }

  /** A trial starts; its calls pass the handle, and it is closed when the trial is done (it will call no more). */
  startTrial(): TrialHandle {
    return this.activity.start();
  }

  /** A model, served by one provider or by several (one per endpoint: each call goes to the one that can start it soonest). */
  register(name: string, served: Provider | readonly [Provider, ...Provider[]], settings: ModelSettings = {}): void {
    const providers = Array.isArray(served) ? (served as readonly [Provider, ...Provider[]]) : ([served] as [Provider]);
    this.models.set(name, { providers, ...settings, budget: new PromptBudget(settings.contextWindow) });
  }

  /** What a server says it serves at once; used where the config sets no slots, before the endpoint's first call. */
  reportSlots(endpoint: string, slots: number): void {
    this.reportedSlots.set(endpoint, slots);
  }

  contextWindow(name: string): ContextWindow | undefined {
    return this.models.get(name)?.contextWindow;
  }

  /** The model's (first) client: what it is and how it is set up, the same on each of its endpoints. */
  provider(name: string): Provider {
    return this.entry(name).providers[0];
  }

  /** Every client of the model, one per endpoint. */
  providers(name: string): readonly Provider[] {
    return this.entry(name).providers;
  }

  private entry(name: string): ModelEntry {
    const entry = this.models.get(name);
    if (!entry) throw new Error(`no model named "${name}" is registered`);
    return entry;
  }

  /**
   * One request, capped and within budget, for `trial` (a caller without one is a trial of this call alone). A prompt
   * that does not fit — by the estimate, so it is not sent, or by the server's word — rejects with ContextFullError;
   * any other failure after all retries with GatewayError.
   */
  async chat(modelName: string, asked: ChatRequest, signal: AbortSignal, trial?: TrialHandle): Promise<GatewayReply> {
    const { budget, outputCap } = this.entry(modelName);
    // Resolved before the cache key is taken: the key holds the cap the model was asked with.
    const maxTokens = asked.maxTokens ?? outputCap ?? defaultOutputCaps[asked.purpose.role];
    const request: ChatRequest = { ...asked, maxTokens };
    const refusal = budget.refusal(request.messages, maxTokens);
    if (refusal !== undefined) throw new ContextFullError(`not sent to "${modelName}": ${refusal}`);
    const handle = trial ?? this.activity.start();
    const promptHash = this.prompts?.keep({ messages: request.messages, ...(request.jsonSchema ? { jsonSchema: request.jsonSchema } : {}) });
    try {
      const reply = await this.answer(modelName, request, signal, handle, promptHash);
      budget.observe(request.messages, reply.result.promptTokens);
      return reply;
    } catch (error) {
      if (error instanceof GatewayError && error.reason.kind === 'context-overflow') {
        throw new ContextFullError(`"${modelName}" refused the prompt as too long for its context: ${error.message}`, error.calls);
      }
      throw error;
    } finally {
      if (!trial) handle.close();
    }
  }

  private async answer(modelName: string, request: ChatRequest, signal: AbortSignal, trial: TrialHandle, promptHash: string | undefined): Promise<GatewayReply> {
    const { providers } = this.entry(modelName);
    const provider = providers[0];
    if (!this.reuse) {
      const calls: CallRecord[] = [];
      const flight = new Flight();
      return { result: await flight.awaitedBy(trial, this.callWithRetries(modelName, request, promptHash, calls, signal, flight)), calls };
    }
    // Every endpoint of a model serves the same model: one answer for all of them.
    // In any order: listing the servers differently is the same model.
    const endpoints = providers.map((each) => each.endpoint).sort();
    const key = cacheKey({ kind: provider.kind, model: provider.model, settings: provider.settings, endpoint: endpoints.join(' ') }, request);
    const startedAt = new Date().toISOString();
    const cachedReply = (result: ChatResult): GatewayReply => ({
      result,
      calls: [callRecord(modelName, provider, request, promptHash, 1, startedAt, { ok: true, cached: true, result })],
    });
    // In flight or answered in this run. Single flight: between checking the map and claiming
    // the key there is no await, so of many identical callers exactly one asks the model.
    for (let joined = this.responses.get(key); joined; ) {
      const result = await joined.flight.awaitedBy(trial, joined.result).catch(() => undefined);
      if (result) return cachedReply(result);
      // It failed: join a call another waiter already restarted, else restart it here.
      const current = this.responses.get(key);
      joined = current !== joined ? current : undefined;
    }
    if (!this.responses.has(key)) {
      const stored = this.diskCache?.get(key);
      if (stored) {
        this.responses.set(key, { result: Promise.resolve(stored), flight: new Flight() });
        return cachedReply(stored);
      }
    }
    const calls: CallRecord[] = [];
    const flight = new Flight();
    const computing = { result: this.callWithRetries(modelName, request, promptHash, calls, signal, flight), flight };
    this.responses.set(key, computing);
    void computing.result.then((result) => this.diskCache?.set(key, result)).catch(() => undefined);
    try {
      return { result: await flight.awaitedBy(trial, computing.result), calls };
    } catch (error) {
      if (this.responses.get(key) === computing) this.responses.delete(key);
      throw error;
    }
  }

  private async callWithRetries(
    modelName: string,
    request: ChatRequest,
    promptHash: string | undefined,
    calls: CallRecord[],
    signal: AbortSignal,
    flight: Flight,
  ): Promise<ChatResult> {
    let failedOn: string | undefined;
    for (let attempt = 1; ; attempt++) {
      // Each try goes where it can start soonest; a retry goes to another server than the one that just failed, if any.
      const { provider, endpoint } = this.route(modelName, failedOn);
      let startedAt = new Date().toISOString();
      const queuedAt = performance.now();
      let started = queuedAt;
      try {
        const result = await endpoint.run(
          provider.model,
          () => {
            // Stamped when the call leaves the queue, so call order is the order the server saw.
            startedAt = new Date().toISOString();
            started = performance.now();
            return provider.chat(request, signal);
          },
          flight,
        );
        calls.push(callRecord(modelName, provider, request, promptHash, attempt, startedAt, { ok: true, cached: false, result, queueMs: started - queuedAt }));
        return result;
      } catch (thrown) {
        const error =
          thrown instanceof ProviderError ? thrown : new ProviderError('bad-response', String(thrown), undefined, { cause: thrown });
        calls.push(
          callRecord(modelName, provider, request, promptHash, attempt, startedAt, {
            ok: false,
            error: error.message,
            wallMs: performance.now() - started,
            queueMs: started - queuedAt,
          }),
        );
        if (!error.retryable || attempt > this.retry.retries || signal.aborted) throw new GatewayError(error, calls);
        failedOn = provider.endpoint;
        const backoff = this.retry.backoffMs * 2 ** (attempt - 1);
        await sleep(backoff * (1 + Math.random() * 0.5), undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /**
   * The endpoint of the model a call should wait for: the one with the least backlog per slot, counting a model switch
   * as a round of calls, so calls spread over the endpoints and each keeps serving the model it has loaded.
   */
  private route(modelName: string, avoid?: string): { provider: Provider; endpoint: AffinityScheduler } {
    const { providers } = this.entry(modelName);
    const others = providers.filter((provider) => provider.endpoint !== avoid);
    const candidates = others.length > 0 ? others : providers;
    const routes = candidates.map((provider) => ({ provider, endpoint: this.endpoint(modelName, provider) }));
    return routes.reduce((best, route) => (route.endpoint.backlog(route.provider.model) < best.endpoint.backlog(best.provider.model) ? route : best));
  }

  private endpoint(modelName: string, provider: Provider): AffinityScheduler {
    let scheduler = this.endpoints.get(provider.endpoint);
    if (!scheduler) {
      const entry = this.models.get(modelName);
      scheduler = new AffinityScheduler({
        slots: entry?.slots ?? this.reportedSlots.get(provider.endpoint) ?? this.slots ?? defaultSlots(provider),
        policy: this.scheduling.policy,
        ...(this.scheduling.maxConsecutive === undefined ? {} : { maxConsecutive: this.scheduling.maxConsecutive }),
        // Where every model stays loaded a switch costs nothing, so it never waits for busy trials.
        ...(entry?.switchesCostLoads === false ? {} : { activity: this.activity }),
      });
      this.endpoints.set(provider.endpoint, scheduler);
    }
    return scheduler;
  }
}

/** Ollama does not report how many calls it serves at once (`OLLAMA_NUM_PARALLEL`), so one; other servers four. */
function defaultSlots(provider: Provider): number {
  return provider.kind === 'ollama' ? 1 : 4;
}

/**
 * Content address of a request. Role, iteration and repeat are part of it so that a retry
 * or a repeat at temperature > 0 draws a fresh sample instead of replaying the first; the
 * strategy is not, so every strategy's first generation is the same call.
 */
export function cacheKey(provider: Pick<Provider, 'kind' | 'endpoint' | 'model' | 'settings'>, request: ChatRequest): string {
  const { purpose, ...rest } = request;
  const identity = {
    provider: provider.kind,
    endpoint: provider.endpoint,
    model: provider.model,
    settings: provider.settings,
    ...rest,
    taskId: purpose.taskId,
    role: purpose.role,
    iteration: purpose.iteration,
    repeat: purpose.repeat,
    answerBy: purpose.answerBy,
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

type Outcome =
  | { ok: true; cached: true; result: ChatResult }
  | { ok: true; cached: false; result: ChatResult; queueMs: number }
  | { ok: false; error: string; wallMs: number; queueMs: number };

function callRecord(
  modelName: string,
  provider: Provider,
  request: ChatRequest,
  promptHash: string | undefined,
  attempt: number,
  startedAt: string,
  outcome: Outcome,
): CallRecord {
  // One literal, the outcome's fields spread last: properties added after a leading spread cost V8 (Node 20) microseconds each.
  return {
    id: randomUUID(),
    modelName,
    model: provider.model,
    provider: provider.kind,
    endpoint: provider.endpoint,
    purpose: request.purpose,
    ...(promptHash === undefined ? {} : { promptHash }),
    try: attempt,
    startedAt,
    ...outcomeFields(outcome),
  };
}

function outcomeFields(outcome: Outcome) {
  if (!outcome.ok) return { ok: false, error: outcome.error, cached: false, wallMs: outcome.wallMs, queueMs: outcome.queueMs } as const;
  const { result } = outcome;
  return {
    ok: true,
    cached: outcome.cached,
    ...(outcome.cached ? {} : { queueMs: outcome.queueMs }),
    wallMs: result.timings.wallMs,
    loadMs: result.timings.loadMs,
    promptMs: result.timings.promptMs,
    generateMs: result.timings.generateMs,
    promptTokens: result.promptTokens,
    completionTokens: result.completionTokens,
    thinkingTokens: result.thinkingTokens,
    doneReason: result.doneReason,
    ...(result.schemaRefusal === undefined ? {} : { schemaRefusal: result.schemaRefusal }),
  } as const;
}
