import { describe, expect, it } from 'vitest';
import { firstAttemptProbes } from '../../src/execution/first-attempt-probes.js';
import type { ExecutionStatus } from '../../src/records/outcome.js';
import type { ExecutionRequest, ExecutionResult, Executor } from '../../src/execution/types.js';

const request: ExecutionRequest = { program: 'def f():\n    return 1\n', tests: [{ name: 't', code: 'assert f() == 1' }] };

function result(status: ExecutionStatus, sandbox: string): ExecutionResult {
  return { status, tests: [], passedCount: 0, stdout: '', stderr: status, durationMs: 1, sandbox };
}

/** An executor that answers with `statuses` in turn (the last one from then on), counting runs and closes. */
function scripted(sandbox: string, statuses: ExecutionStatus[], pooled = true) {
  const log = { runs: 0, closes: 0 };
  const executor: Executor = {
    sandbox,
    pooled,
    run: async () => result(statuses[Math.min(log.runs++, statuses.length - 1)] ?? 'passed', sandbox),
    close: async () => {
      log.closes++;
    },
  };
  return { executor, log };
}

describe('firstAttemptProbes: a pool started on a remembered verdict, its first attempt the probe', () => {
  it('keeps the verdict and the pool when the first attempt runs; a later infrastructure error is the pool\'s to report', async () => {
    const pooled = scripted('bwrap', ['failed', 'infra-error']);
    let forgotten = 0;
    let reprobed = 0;
    const executor = firstAttemptProbes(pooled.executor, () => forgotten++, async () => {
      reprobed++;
      return scripted('bwrap', ['passed']).executor;
    });
    expect(executor.sandbox).toBe('bwrap');
    expect((await executor.run(request)).status).toBe('failed');
    expect((await executor.run(request)).status).toBe('infra-error');
    expect([forgotten, reprobed, pooled.log.runs]).toEqual([0, 0, 2]);
  });

  it('forgets the verdict when the first attempt finds no working pool, probes afresh, and runs that attempt and the later ones on what the probe gives', async () => {
    const pooled = scripted('bwrap', ['infra-error']);
    const fresh = scripted('bwrap', ['passed'], false);
    let forgotten = 0;
    let reprobed = 0;
    const executor = firstAttemptProbes(pooled.executor, () => forgotten++, async () => {
      reprobed++;
      return fresh.executor;
    });
    expect(executor.pooled).toBe(true);
    // Two attempts at once, both on the broken pool: one probe, both run again.
    const first = await Promise.all([executor.run(request), executor.run(request)]);
    expect(executor.pooled).toBe(false); // what the probe gave says how attempts now run
    expect(first.map((outcome) => outcome.status)).toEqual(['passed', 'passed']);
    expect((await executor.run(request)).status).toBe('passed');
    expect([forgotten, reprobed, pooled.log.runs, fresh.log.runs, pooled.log.closes]).toEqual([1, 1, 2, 3, 1]);
    await executor.close?.();
    expect(fresh.log.closes).toBe(1);
  });

  it('says so when the back-end no longer works at all, rather than switching to another one mid-run', async () => {
    const pooled = scripted('bwrap', ['infra-error']);
    const executor = firstAttemptProbes(pooled.executor, () => undefined, async () => {
      throw new Error('Sandbox back-end "bwrap" does not work on this machine (bwrap: bwrap not found)');
    });
    await expect(executor.run(request)).rejects.toThrow('does not work on this machine');
    await expect(executor.run(request)).rejects.toThrow('does not work on this machine');
    await executor.close?.();
  });
});
