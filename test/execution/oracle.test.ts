import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DifferentialTests } from '../../src/datasets/task.js';
import { Oracle } from '../../src/execution/oracle.js';
import { OracleError } from '../../src/execution/oracle-error.js';
import { createProcessExecutor } from '../../src/execution/process/process-executor.js';
import type { Executor } from '../../src/execution/types.js';

/** A process executor that counts its runs: a run is a reference computed, not read from the cache. */
function countingExecutor(): Executor & { runs: number } {
  const inner = createProcessExecutor();
  const counting = { sandbox: inner.sandbox, runs: 0, run: (...args: Parameters<Executor['run']>) => (counting.runs++, inner.run(...args)) };
  return counting;
}

const tests = (reference: string): DifferentialTests => ({
  style: 'differential',
  entryPoint: 'f',
  reference,
  suites: [{ name: 'base', inputs: [{ format: 'python', args: '(2,)' }, { format: 'json', args: '[3.0]' }] }],
  atol: 0,
  comparison: 'equal',
});

describe('expected values (the oracle)', () => {
  it('runs the reference once, then reads the cache; a damaged cache file is computed again', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'selfbench-oracle-'));
    const square = tests('def f(x):\n    return x * x\n');
    const first = countingExecutor();
    const computed = await new Oracle(first, cacheDir).expected(square);
    expect(computed.values).toEqual([{ kind: 'int', value: 4n }, { kind: 'float', value: 9 }]); // 3.0 stayed a float
    expect(first.runs).toBe(1);

    const second = countingExecutor();
    expect((await new Oracle(second, cacheDir).expected(square)).values).toEqual(computed.values);
    expect(second.runs).toBe(0);

    const [file] = readdirSync(join(cacheDir, 'oracles'));
    writeFileSync(join(cacheDir, 'oracles', file!), '{"values": [["i", "not hex"]], "ms": [1]}');
    const third = countingExecutor();
    expect((await new Oracle(third, cacheDir).expected(square)).values).toEqual(computed.values);
    expect(third.runs).toBe(1);
  });

  it('refuses a reference that fails on an input, naming the input', async () => {
    const failing = tests('def f(x):\n    if x == 3.0:\n        raise ValueError("no")\n    return x\n');
    const error = await new Oracle(createProcessExecutor(), undefined).expected(failing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OracleError);
    expect((error as Error).message).toMatch(/the reference fails on input 2 of 2, f\(3\.0\): ValueError: no/);
  });
});
