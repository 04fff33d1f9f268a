import { describe, expect, it } from 'vitest';
import { RunGate } from '../../src/execution/process/run-gate.js';

/** A task that logs its start and end and finishes when told to. */
function task(log: string[], name: string) {
  let finish = (): void => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`${name} start`);
      await finished;
      log.push(`${name} end`);
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RunGate', () => {
  it('runs shared work side by side', async () => {
    const gate = new RunGate();
    const log: string[] = [];
    const [a, b] = [task(log, 'a'), task(log, 'b')];
    const running = [gate.shared(a.run), gate.shared(b.run)];
    await settle();
    expect(log).toEqual(['a start', 'b start']);
    a.finish();
    b.finish();
    await Promise.all(running);
  });

  it('runs work alone after the shared work in progress, and holds back what comes later', async () => {
    const gate = new RunGate();
    const log: string[] = [];
    const [before, alone, after] = [task(log, 'before'), task(log, 'alone'), task(log, 'after')];
    const running = [gate.shared(before.run), gate.alone(alone.run), gate.shared(after.run)];
    await settle();
    expect(log).toEqual(['before start']);
    before.finish();
    await settle();
    expect(log).toEqual(['before start', 'before end', 'alone start']);
    alone.finish();
    await settle();
    expect(log).toEqual(['before start', 'before end', 'alone start', 'alone end', 'after start']);
    after.finish();
    await Promise.all(running);
  });

  it('frees the gate when the work throws', async () => {
    const gate = new RunGate();
    await expect(gate.alone(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.shared(async () => 'next')).resolves.toBe('next');
  });
});
