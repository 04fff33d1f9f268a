import { setTimeout as sleep } from 'node:timers/promises';

/**
 * One GPU shared by the simulated models: room for `slots` models, and a load that costs
 * `loadMs` whenever a call needs a model that is not resident (least recently used goes).
 * It makes model switches countable without hardware, as Ollama's load_duration does.
 */
export class SimulatedGpu {
  private readonly resident: string[] = [];
  /** Loads under way: a call for a model still loading waits for it, as a server's would. */
  private readonly loading = new Map<string, Promise<void>>();
  loads = 0;

  constructor(
    readonly slots = Number.POSITIVE_INFINITY,
    readonly loadMs = 0,
  ) {}

  /** Makes `model` resident; returns the load time spent, 0 when it already was. */
  async use(model: string, signal: AbortSignal): Promise<number> {
    const index = this.resident.indexOf(model);
    if (index >= 0) {
      this.resident.splice(index, 1);
      this.resident.push(model);
      const pending = this.loading.get(model);
      if (pending) await pending;
      return 0;
    }
    if (this.resident.length >= this.slots) this.resident.shift();
    this.resident.push(model);
    this.loads++;
    if (this.loadMs === 0) return 0;
    const load = sleep(this.loadMs, undefined, { signal }).then(() => undefined);
    const settled = load.catch(() => undefined);
    this.loading.set(model, settled);
    try {
      await load;
    } finally {
      if (this.loading.get(model) === settled) this.loading.delete(model);
    }
    return this.loadMs;
  }
}
