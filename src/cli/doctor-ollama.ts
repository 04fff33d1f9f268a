import type { ChatResult } from '../chat/types.js';
import { modelsUsed, type RunConfig } from '../config/load.js';
import { ollamaTag } from '../providers/ollama.js';
import { numCtxConflicts, type NumCtxConflict } from '../providers/ollama-num-ctx.js';
import type { LoadedModel, Provider } from '../providers/types.js';
import { milliseconds } from '../report/format.js';
import type { DoctorLine } from './doctor-line.js';
import { tinyChat, type DoctorProbe, type ProbedServer } from './doctor-probe.js';
import { describeError } from './exit-codes.js';

/** One model of the run on one server that reports what it holds in memory, and the replies doctor had from it. */
interface ModelOnServer {
  name: string;
  provider: Provider;
  timeoutMs: number;
  replies: ChatResult[];
}

/**
 * Doctor's lines on Ollama as a run will use it, after every model of the run was asked in turn: each server's loaded
 * models and their memory (`/api/ps`), a warning where a model of the run was evicted by the ones asked after it (the
 * run would reload a model at every switch between them: each evicted model is asked once more, so that its reload is
 * measured), and a warning where one model on one server is asked with two context windows. Nothing for other providers.
 */
export async function ollamaLines(config: RunConfig, probed: ReadonlyMap<string, readonly ProbedServer[]>, probe: DoctorProbe, env: NodeJS.ProcessEnv): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  for (const [endpoint, models] of byEndpoint(config, probed)) {
    const name = `ollama ${endpoint}`;
    let loaded: LoadedModel[];
    try {
      loaded = (await models[0]?.provider.loadedModels?.(AbortSignal.timeout(30_000))) ?? [];
    } catch (error) {
      lines.push({ level: 'warn', name, text: `could not read what it holds in memory (/api/ps): ${describeError(error)}` });
      continue;
    }
    lines.push({ level: 'ok', name, text: describeLoaded(loaded, models) });
    const evicted = models.filter((model) => !isLoaded(model.provider.model, loaded));
    if (evicted.length === 0) continue;
    try {
      for (const model of evicted) model.replies.push(await tinyChat(model.provider, probe, model.timeoutMs));
    } catch (error) {
      lines.push({ level: 'warn', name, text: `an evicted model, asked again to measure its reload, did not answer: ${describeError(error)}` });
    }
    lines.push({ level: 'warn', name, text: residencyWarning(models, evicted) });
  }
  const specs = modelsUsed(config).flatMap((name) => (config.models[name] ? [[name, config.models[name]] as const] : []));
  for (const conflict of numCtxConflicts(specs, env)) lines.push({ level: 'warn', name: 'num_ctx', text: describeConflict(conflict) });
  return lines;
}

/** The run's probed models grouped by server, in the order they were asked; only servers that report what they hold. */
function byEndpoint(config: RunConfig, probed: ReadonlyMap<string, readonly ProbedServer[]>): Map<string, ModelOnServer[]> {
  const groups = new Map<string, ModelOnServer[]>();
  for (const [name, servers] of probed) {
    const timeoutMs = config.models[name]?.timeoutMs;
    for (const { provider, chat, judgeReply } of servers) {
      if (provider.loadedModels === undefined || timeoutMs === undefined) continue;
      const group = groups.get(provider.endpoint) ?? [];
      group.push({ name, provider, timeoutMs, replies: [chat, judgeReply] });
      groups.set(provider.endpoint, group);
    }
  }
  return groups;
}

function isLoaded(model: string, loaded: readonly LoadedModel[]): boolean {
  return loaded.some((one) => ollamaTag(one.name) === ollamaTag(model));
}

/** `loaded: qwen2.5-coder:7b (coder) 5.1 GB, all in VRAM; llama3.1:8b (judge) 6.2 GB, 4.9 GB in VRAM, 21% on the CPU` */
function describeLoaded(loaded: readonly LoadedModel[], models: readonly ModelOnServer[]): string {
  if (loaded.length === 0) return 'no model loaded';
  const described = loaded.map((one) => {
    const names = models.filter((model) => ollamaTag(model.provider.model) === ollamaTag(one.name)).map((model) => model.name);
    const who = names.length === 0 ? '' : ` (${names.join(', ')})`;
    return `${one.name}${who} ${bytes(one.sizeBytes)}, ${whereInMemory(one)}`;
  });
  return `loaded: ${described.join('; ')}`;
}

function whereInMemory({ sizeBytes, vramBytes }: LoadedModel): string {
  if (vramBytes >= sizeBytes) return 'all in VRAM';
  if (vramBytes === 0) return 'all on the CPU';
  const onCpu = Math.round((100 * (sizeBytes - vramBytes)) / sizeBytes);
  return `${bytes(vramBytes)} in VRAM, ${onCpu}% on the CPU (slower generation)`;
}

/** Decimal units, as `ollama ps` prints them. */
function bytes(count: number): string {
  return count >= 1e9 ? `${(count / 1e9).toFixed(1)} GB` : `${Math.round(count / 1e6)} MB`;
}

function residencyWarning(models: readonly ModelOnServer[], evicted: readonly ModelOnServer[]): string {
  const named = (list: readonly ModelOnServer[]) => joinAnd(list.map((model) => `${model.name} (${model.provider.model})`));
  // The largest load_duration of each model's replies: the evicted ones were asked once more, so theirs is a reload.
  const loads = models.map((model) => `${model.name} ${milliseconds(Math.max(...model.replies.map((reply) => reply.timings.loadMs ?? 0)))}`);
  const measured = `doctor's chats measured these loads: ${loads.join(', ')}`;
  const distinct = new Set(models.map((model) => ollamaTag(model.provider.model))).size;
  if (distinct === 1) {
    return (
      `${named(models)} was no longer loaded right after its chats (${measured}): a run would reload it whenever it idles ` +
      `or another client's model takes its memory; set keepAlive (e.g. 30m) and check OLLAMA_KEEP_ALIVE on the server`
    );
  }
  return (
    `${named(models)} cannot all stay loaded: after a chat with each in turn, ${named(evicted)} ${evicted.length > 1 ? 'were' : 'was'} ` +
    `no longer loaded. A run reloads a model at every switch between them (the scheduler groups calls by model, so switches ` +
    `are few, but each costs a load; ${measured}). To keep them resident: room for all in VRAM (a smaller quantisation, a ` +
    `smaller num_ctx), OLLAMA_MAX_LOADED_MODELS of at least ${distinct} on the server, and keepAlive (e.g. 30m) so none is ` +
    `unloaded while idle`
  );
}

function describeConflict({ endpoint, model, uses }: NumCtxConflict): string {
  const asked = uses.map(({ name, numCtx }) => `${name} ${numCtx ?? "the server's default"}`);
  return (
    `${model} on ${endpoint} is asked with different context windows (${asked.join(', ')}): Ollama reloads a model whenever ` +
    `num_ctx changes, so a run would reload it at every switch between them; give them one options.num_ctx`
  );
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
