import { join } from 'node:path';
import { modelsUsed, type RunConfig } from '../config/load.js';
import { DiskCache } from '../providers/disk-cache.js';
import type { Task } from '../datasets/task.js';
import { ModelGateway } from '../providers/gateway.js';
import { contextWindowOf, createProviders, isSimulated, outputCapOf } from '../providers/registry.js';
import { SimulatedGpu } from '../providers/simulated-gpu.js';
import { simulationOracle } from '../providers/simulated.js';
import { ProviderError } from '../providers/types.js';
import { PreflightError } from './errors.js';

export interface ConnectedModels {
  gateway: ModelGateway;
  /** The simulated models' GPU, for counting their loads. */
  gpu: SimulatedGpu;
}

/** A gateway with a provider for every model the run calls, set up as the config says. */
export function connectModels(config: RunConfig, tasks: readonly Task[], env: NodeJS.ProcessEnv, options: { onDisk?: boolean } = {}): ConnectedModels {
  const onDisk = config.cache.enabled && (options.onDisk ?? true);
  const diskCache = onDisk ? new DiskCache(config.cache.dir ?? join(config.output.dir, '.cache')) : undefined;
  const { policy, maxConsecutive } = config.scheduling;
  const gateway = new ModelGateway({ retry: config.retry, scheduling: { policy, maxConsecutive }, slots: config.concurrency, reuse: config.cache.enabled, diskCache });
  const gpu = new SimulatedGpu(config.simulatedGpu.slots, config.simulatedGpu.loadMs);
  const oracle = simulationOracle(tasks);
  for (const name of modelsUsed(config)) {
    const spec = config.models[name];
    if (!spec) throw new PreflightError(`model "${name}" is not defined`);
    gateway.register(name, createProviders(name, spec, { env, oracle, gpu }), {
      slots: spec.slots ?? spec.concurrency,
      contextWindow: contextWindowOf(spec),
      outputCap: outputCapOf(spec),
      // Simulated models on a GPU with room for all of them never reload; real servers may.
      switchesCostLoads: !isSimulated(spec) || Number.isFinite(gpu.slots),
    });
  }
  return { gateway, gpu };
}

/** Checks every server and model before the first task, with a message a user can act on. */
export async function preflightModels(config: RunConfig, gateway: ModelGateway, signal: AbortSignal): Promise<void> {
  for (const name of modelsUsed(config)) {
    for (const provider of gateway.providers(name)) {
      const deadline = () => AbortSignal.any([signal, AbortSignal.timeout(30_000)]);
      try {
        await provider.preflight(deadline());
      } catch (error) {
        throw new PreflightError(error instanceof ProviderError ? error.message : `model "${name}": ${String(error)}`);
      }
      // Slots the config leaves open come from the server where it says, so its own queue is never counted as model time.
      const spec = config.models[name];
      const reported = spec?.slots === undefined && spec?.concurrency === undefined ? await provider.reportedSlots?.(deadline()) : undefined;
      if (reported !== undefined) gateway.reportSlots(provider.endpoint, reported);
    }
  }
}
