import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Executor } from '../../src/execution/types.js';
import { ownPoolWorkers } from '../support/pool-workers.js';

/** Attempts run through pooled executors, probes included: a remembered verdict must start a pool without one. */
const pooledRuns = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/execution/pool/worker-pool.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/execution/pool/worker-pool.js')>();
  return {
    ...original,
    createPooledExecutor: (...args: Parameters<typeof original.createPooledExecutor>): Executor => {
      const executor = original.createPooledExecutor(...args);
      return {
        ...executor,
        run: (request, signal) => {
          pooledRuns.count++;
          return executor.run(request, signal);
        },
      };
    },
  };
});

const { createExecutor } = await import('../../src/execution/sandbox.js');
const { PoolVerdicts } = await import('../../src/execution/sandbox/pool-verdicts.js');
const { bwrapBackend } = await import('../../src/execution/sandbox/bwrap.js');
const { unshareBackend } = await import('../../src/execution/sandbox/unshare.js');
const { resolvePythonInstallation } = await import('../../src/execution/sandbox/python-interpreter.js');
const { AUTO_SANDBOXES } = await import('../../src/execution/sandbox/sandbox-description.js');

const request = { program: 'def f():\n    return 1\n', tests: [{ name: 't', code: 'assert f() == 1' }] };

describe.runIf(process.platform === 'linux')('pool verdicts: a pool that worked here is started without a probe attempt', () => {
  const cache = mkdtempSync(join(tmpdir(), 'selfbench-verdicts-'));
  const savedCache = process.env.XDG_CACHE_HOME;
  beforeAll(() => {
    process.env.XDG_CACHE_HOME = cache;
  });
  afterAll(() => {
    process.env.XDG_CACHE_HOME = savedCache;
    rmSync(cache, { recursive: true, force: true });
  });
  const verdictFiles = () => (existsSync(join(cache, 'selfbench', 'pools')) ? readdirSync(join(cache, 'selfbench', 'pools')) : []);

  it('keys a verdict by the back-end, the interpreter, the workers\' script and who user code runs as, and keeps, finds and forgets it', async () => {
    const installation = await resolvePythonInstallation();
    const verdicts = new PoolVerdicts(join(cache, 'unit'));
    const key = verdicts.keyOf(bwrapBackend, installation, 'script', false);
    expect(verdicts.keyOf(bwrapBackend, installation, 'script', false)).toBe(key);
    for (const other of [
      verdicts.keyOf(unshareBackend, installation, 'script', false),
      verdicts.keyOf(bwrapBackend, installation, 'another script', false),
      verdicts.keyOf(bwrapBackend, { ...installation, executable: '/bin/sh' }, 'script', false),
      verdicts.keyOf(bwrapBackend, installation, 'script', true),
    ]) {
      expect(other).not.toBe(key);
    }
    expect(verdicts.worked(key)).toBe(false);
    verdicts.remember(key);
    expect(verdicts.worked(key)).toBe(true);
    verdicts.forget(key);
    expect(verdicts.worked(key)).toBe(false);
    // Forgetting where nothing can be removed changes nothing else.
    expect(() => new PoolVerdicts('/proc/version/pools').forget(key)).not.toThrow();
  });

  it('probes the first time and remembers; the next executor runs no probe, its first attempt passes, and doctor\'s probes afresh', async () => {
    const first = await createExecutor();
    await first.close?.();
    // Auto probes each back-end in turn: those before the one that works (bwrap, where this one is unshare) fail
    // their probe every time, since only a pool that worked is remembered.
    const failing = AUTO_SANDBOXES.indexOf(first.sandbox as (typeof AUTO_SANDBOXES)[number]);
    expect(failing).toBeGreaterThanOrEqual(0);
    expect(pooledRuns.count).toBe(failing + 1); // and the probe of its own
    expect(verdictFiles()).toHaveLength(1);

    pooledRuns.count = 0;
    const second = await createExecutor();
    expect(second.sandbox).toBe(first.sandbox);
    expect(second.pooled).toBe(true);
    expect(pooledRuns.count).toBe(failing);
    // Its worker starts at once, not at the first attempt: it starts while the command reads its tasks.
    await vi.waitFor(() => expect(ownPoolWorkers().length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    const outcome = await second.run(request);
    await second.close?.();
    expect(outcome.status).toBe('passed');
    expect(pooledRuns.count).toBe(failing + 1);

    pooledRuns.count = 0;
    const probed = await createExecutor({ rememberedPools: false });
    await probed.close?.();
    expect(pooledRuns.count).toBe(failing + 1);
  });
});
