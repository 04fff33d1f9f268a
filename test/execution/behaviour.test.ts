import { describe, expect, it } from 'vitest';
import type { CallArguments } from '../../src/datasets/task.js';
import { processGrader } from '../support/grading.js';

/**
 * A program called on inputs with nothing expected of it (self-consistency): each call's behaviour is a key equal
 * exactly when two calls did the same, and a text for the reader.
 */
const grader = processGrader();
const inputs = (...args: string[]): CallArguments[] => args.map((text) => ({ format: 'python', args: text }));
const program = (body: string) => `def f(x):\n${body.replace(/^/gm, '    ')}\n`;
const behaviour = (body: string, ...args: string[]) => grader.behaviour(program(body), 'f', inputs(...args));
const keys = async (body: string, ...args: string[]) => (await behaviour(body, ...args)).calls.map((call) => call.key);

describe("a program's behaviour on inputs", () => {
  it("keys return values as Python's == compares them, and shows their repr", async () => {
    const run = await behaviour('return {"n": x, "s": {x}}', '(1,)', '(2,)');
    expect(run.status).toBe('passed');
    expect(run.calls.map((call) => call.shown)).toEqual(["returned {'n': 1, 's': {1}}", "returned {'n': 2, 's': {2}}"]);
    // 1 == 1.0 == True, dicts in any order, set == frozenset: the same behaviour.
    expect(await keys('return {"s": frozenset({x * 1.0}), "n": x == 1 if x == 1 else x}', '(1,)', '(2,)')).toEqual(run.calls.map((call) => call.key));
    expect(await keys('return {"n": x, "s": [x]}', '(1,)')).not.toEqual([run.calls[0]!.key]);
    expect(await keys('return (x,)', '(1,)')).not.toEqual(await keys('return [x]', '(1,)'));
  });

  it('keys an exception by its class, whatever its message', async () => {
    const run = await behaviour('raise ValueError("bad %s" % x)', '(1,)', '(2,)');
    expect(run.status).toBe('failed');
    expect(run.calls).toEqual([
      { key: 'raised ValueError', shown: 'raised ValueError: bad 1' },
      { key: 'raised ValueError', shown: 'raised ValueError: bad 2' },
    ]);
    expect(await keys('raise TypeError("bad")', '(1,)')).toEqual(['raised TypeError']);
  });

  it('keys failures by what failed: a timed-out call, a value that is not plain data, a missing function, a run that ended', async () => {
    expect((await behaviour('while x:\n    pass\nreturn 0', '(1,)', '(0,)')).calls).toEqual([
      { key: 'failed: timed out after 1000 ms', shown: 'timed out after 1000 ms' },
      { key: expect.stringMatching(/^returned /), shown: 'returned 0' },
    ]);
    expect((await keys('return object()', '(1,)'))[0]).toMatch(/^failed: .*not plain data/);
    expect((await grader.behaviour('g = 1\n', 'f', inputs('(1,)'))).calls[0]?.key).toMatch(/^failed: the program defines no function `f`/);
    const ended = await behaviour('import os\nif x == 2:\n    os._exit(3)\nreturn x', '(1,)', '(2,)', '(3,)');
    expect(ended.status).toBe('crashed');
    expect(ended.calls.map((call) => call.key).slice(1)).toEqual(['no result: crashed', 'no result: crashed']);
  });

  it('keeps a large value’s key short: its hash, equal exactly when the values are', async () => {
    const [large] = await keys('return list(range(x))', '(100,)');
    expect(large).toMatch(/^sha256 [0-9a-f]{64}$/);
    expect(await keys('return [float(i) for i in range(x)]', '(100,)')).toEqual([large]);
    expect(await keys('return list(range(x + 1))', '(100,)')).not.toEqual([large]);
  });
});
