import { Semaphore } from '../../util/semaphore.js';
import { attemptExecutor, infraError, keepingRecorded, runAttempt, type AttemptResult } from '../process/attempt.js';
import type { Backend } from '../sandbox/backend.js';
import { errorMessage } from '../process/harness-process.js';
import type { ProcessExecutorOptions } from '../process/process-executor.js';
import { dropsRoot } from '../sandbox/privileges.js';
import { resolvePythonInstallation } from '../sandbox/python-interpreter.js';
import type { ExecutionLimits, ExecutionRequest, Executor } from '../types.js';
import { Zygote, type ZygoteSetup } from './zygote-process.js';

/** The schema's default of `execution.concurrency`. */
const DEFAULT_CONCURRENCY = 2;

export interface PoolOptions extends ProcessExecutorOptions {
  /** Attempts run at once, one per warm worker: the grader's concurrency (`execution.concurrency`). */
  concurrency?: number;
}

/**
 * Runs each request in a child forked from a warm Python worker (zygote.ts) that lives in its own instance
 * of `backend`'s sandbox, instead of starting the sandbox and an interpreter per attempt. Each attempt still
 * gets its own work directory, namespaces, limits, privilege drop, nonce and process-tree kill (attempt.ts,
 * zygote.ts). Workers start on demand, at most `concurrency`, and are kept; a worker that dies is replaced,
 * and the attempt it was running is run once more on a fresh one before it counts as an infra-error.
 */
export function createPooledExecutor(backend: Backend, options: PoolOptions = {}, { startWorker = false } = {}): Executor {
  const pool = new WorkerPool(backend, options.python, options.concurrency ?? DEFAULT_CONCURRENCY);
  // Started now, not at the first attempt: it starts while the caller reads its tasks.
  if (startWorker) pool.startWorker();
  return attemptExecutor(backend, { pooled: true, close: () => pool.close() }, options.defaults, (request, limits, signal) =>
    pool.attempt(request, limits, signal),
  );
}

class WorkerPool {
  private readonly idle: Zygote[] = [];
  private readonly workers = new Set<Zygote>();
  private readonly slots: Semaphore;
  /** A worker started before any attempt asked for one (startWorker), until an attempt takes it. */
  private started: Promise<Zygote> | undefined;
  /** Counts closes: a worker that finishes starting after one is closed at once (a later attempt starts afresh). */
  private closes = 0;

  constructor(
    private readonly backend: Backend,
    private readonly python: string | undefined,
    concurrency: number,
  ) {
    this.slots = new Semaphore(concurrency);
  }

  attempt(request: ExecutionRequest, limits: ExecutionLimits, signal: AbortSignal | undefined): Promise<AttemptResult> {
    return this.slots.run(async () => {
      const first = await this.attemptOnWorker(request, limits, signal);
      if (!first.workerDied) return first.result;
      // Again, keeping what the first try recorded: a program that broke its worker on learning it failed gains nothing.
      const retry = await this.attemptOnWorker(request, limits, signal);
      const second = keepingRecorded(first.result.recorded, retry.result);
      // Two workers died under the same program: it killed them (it can, where the back-end shares their PID
      // namespace). The program's doing, so a failure that counts, not an infrastructure error that would take
      // its trial out of pass@1.
      if (!retry.workerDied) return second;
      return { ...second, status: 'crashed', stderr: `the program killed the pool worker running it, twice (${second.stderr})` };
    });
  }

  startWorker(): void {
    this.started = this.start();
    this.started.catch(() => undefined); // the attempt that takes it reports the failure
  }

  async close(): Promise<void> {
    this.closes++;
    // Among the workers once started: closed below with them.
    await this.started?.catch(() => undefined);
    this.started = undefined;
    const workers = [...this.workers];
    this.workers.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.close()));
  }

  private async attemptOnWorker(
    request: ExecutionRequest,
    limits: ExecutionLimits,
    signal: AbortSignal | undefined,
  ): Promise<{ result: AttemptResult; workerDied: boolean }> {
    let worker: Zygote;
    try {
      worker = await this.acquire();
    } catch (error) {
      return { result: infraError(request, errorMessage(error)), workerDied: false };
    }
    try {
      const result = await runAttempt(request, limits, worker.site, signal);
      return { result, workerDied: result.status === 'infra-error' && !worker.alive };
    } finally {
      this.release(worker);
    }
  }

  /** An idle live worker, or the one started ahead, or a new one: the semaphore keeps the workers in use below `concurrency`. */
  private async acquire(): Promise<Zygote> {
    for (let worker = this.idle.pop(); worker !== undefined; worker = this.idle.pop()) {
      if (worker.alive) return worker;
      this.discard(worker);
    }
    const started = this.started;
    this.started = undefined;
    return started ?? this.start();
  }

  private async start(): Promise<Zygote> {
    const closes = this.closes;
    const worker = await Zygote.start(await this.setup());
    if (this.closes !== closes) {
      await worker.close();
      throw new Error('the worker pool was closed while this worker started');
    }
    this.workers.add(worker);
    return worker;
  }

  private release(worker: Zygote): void {
    // Not among the workers any more: the pool was closed meanwhile.
    if (worker.alive && this.workers.has(worker)) this.idle.push(worker);
    else this.discard(worker);
  }

  private discard(worker: Zygote): void {
    this.workers.delete(worker);
    void worker.close();
  }

  private async setup(): Promise<ZygoteSetup> {
    const installation = await resolvePythonInstallation(this.python);
    return { backend: this.backend, installation, dropsPrivileges: dropsRoot(installation.dirs, this.backend.mountsInterpreter) };
  }
}
