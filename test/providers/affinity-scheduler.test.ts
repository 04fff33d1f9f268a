import { describe, expect, it } from 'vitest';
import { AffinityScheduler, type SchedulingPolicy } from '../../src/providers/affinity-scheduler.js';

/** A scheduler whose calls finish only when the test says so; records the order calls start in. */
function harness(limit: number, policy: SchedulingPolicy, maxConsecutive = 16, lingerMs = 0) {
  const scheduler = new AffinityScheduler(limit, policy, maxConsecutive, lingerMs);
  const started: string[] = [];
  const running = new Map<string, () => void>();
  let concurrentModels = 0;
  const submit = (model: string, id: string) =>
    scheduler.run(model, async () => {
      started.push(id);
      const models = new Set([...running.keys()].map((key) => key.split(':')[0]));
      models.add(model);
      concurrentModels = Math.max(concurrentModels, models.size);
      await new Promise<void>((resolve) => running.set(`${model}:${id}`, resolve));
    });
  const finish = async (id: string) => {
    const key = [...running.keys()].find((candidate) => candidate.endsWith(`:${id}`));
    if (!key) throw new Error(`${id} is not running (started: ${started.join(' ')})`);
    running.get(key)!();
    running.delete(key);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { submit, finish, settle, started, maxModelsAtOnce: () => concurrentModels };
}

describe('AffinityScheduler', () => {
  it('fifo serves in arrival order, alternating models', async () => {
    const h = harness(1, 'fifo');
    for (const [model, id] of [['gen', 'g1'], ['judge', 'j1'], ['gen', 'g2'], ['judge', 'j2']]) void h.submit(model!, id!);
    await h.settle();
    for (const id of ['g1', 'j1', 'g2', 'j2']) await h.finish(id);
    expect(h.started).toEqual(['g1', 'j1', 'g2', 'j2']);
  });

  it('affinity keeps serving the loaded model, then switches once its queue is empty', async () => {
    const h = harness(1, 'affinity');
    for (const [model, id] of [['gen', 'g1'], ['judge', 'j1'], ['gen', 'g2'], ['judge', 'j2'], ['gen', 'g3']]) void h.submit(model!, id!);
    await h.settle();
    for (const id of ['g1', 'g2', 'g3', 'j1', 'j2']) await h.finish(id);
    expect(h.started).toEqual(['g1', 'g2', 'g3', 'j1', 'j2']);
  });

  it('serves a waiting call within maxConsecutive calls of the loaded model, however many keep arriving', async () => {
    const h = harness(1, 'affinity', 3);
    void h.submit('gen', 'g1');
    await h.settle();
    void h.submit('judge', 'j1');
    // A steady stream of generator calls: each finished one is followed by a new one.
    for (let n = 2; n <= 10; n++) {
      void h.submit('gen', `g${n}`);
      await h.finish(h.started.at(-1)!);
      if (h.started.includes('j1')) break;
    }
    const judgeAt = h.started.indexOf('j1');
    expect(judgeAt).toBeGreaterThan(0);
    // g1 started before j1 arrived; after that at most 3 generator calls went first.
    expect(h.started.slice(1, judgeAt).length).toBeLessThanOrEqual(3);
  });

  it('never runs two models at once on an endpoint, even with room for two calls', async () => {
    const h = harness(2, 'affinity');
    for (const [model, id] of [['gen', 'g1'], ['judge', 'j1'], ['gen', 'g2'], ['judge', 'j2']]) void h.submit(model!, id!);
    await h.settle();
    expect(h.started).toEqual(['g1', 'g2']);
    await h.finish('g1');
    expect(h.started).toEqual(['g1', 'g2']); // judge waits until the generator's calls drain
    await h.finish('g2');
    expect(h.started).toEqual(['g1', 'g2', 'j1', 'j2']);
    expect(h.maxModelsAtOnce()).toBe(1);
  });

  it('lingers after the loaded model\'s last call, so a call of it that comes right after goes before a switch', async () => {
    const h = harness(1, 'affinity', 16, 60_000);
    void h.submit('gen', 'g1');
    await h.settle();
    void h.submit('judge', 'j1');
    await h.finish('g1');
    expect(h.started).toEqual(['g1']); // lingering: the judge does not load yet
    void h.submit('gen', 'g2');
    await h.settle();
    expect(h.started).toEqual(['g1', 'g2']);
  });

  it('switches without lingering once the bound is reached', async () => {
    const h = harness(1, 'affinity', 1, 60_000);
    void h.submit('gen', 'g1');
    await h.settle();
    void h.submit('judge', 'j1');
    void h.submit('gen', 'g2');
    void h.submit('gen', 'g3');
    await h.finish('g1');
    await h.finish('g2'); // one generator call served while the judge waited: the bound
    expect(h.started).toEqual(['g1', 'g2', 'j1']);
  });

  it('uses every slot for one model', async () => {
    const h = harness(3, 'affinity');
    for (const id of ['a', 'b', 'c', 'd']) void h.submit('gen', id);
    await h.settle();
    expect(h.started).toEqual(['a', 'b', 'c']);
  });
});
