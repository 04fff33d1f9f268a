import { describe, expect, it } from 'vitest';
import { AffinityScheduler, type SchedulerOptions } from '../../src/providers/affinity-scheduler.js';
import { Flight, TrialActivity, type TrialHandle } from '../../src/providers/trial-activity.js';

/**
 * A scheduler whose calls finish only when the test says so; records the order calls start in and every model
 * load (a start on another model than the last). Scripted trials: `call` queues a call as a trial's, and between
 * its calls a trial is busy until the test queues its next one or closes it.
 */
function harness(options: Omit<SchedulerOptions, 'activity'> & { trials?: boolean }) {
  const activity = new TrialActivity();
  const scheduler = new AffinityScheduler({ ...options, ...(options.trials ? { activity } : {}) });
  const started: string[] = [];
  const loads: string[] = [];
  const running = new Map<string, () => void>();
  let concurrentModels = 0;
  const work = (model: string, id: string) => async () => {
    started.push(id);
    if (loads.at(-1) !== model) loads.push(model);
    const models = new Set([...running.keys()].map((key) => key.split(':')[0]));
    models.add(model);
    concurrentModels = Math.max(concurrentModels, models.size);
    await new Promise<void>((resolve) => running.set(`${model}:${id}`, resolve));
  };
  /** A call outside any trial. */
  const submit = (model: string, id: string) => scheduler.run(model, work(model, id));
  /** A call of `trial`; returns the flight, which other trials may join. */
  const call = (trial: TrialHandle, model: string, id: string) => {
    const flight = new Flight();
    void flight.awaitedBy(trial, scheduler.run(model, work(model, id), flight));
    return flight;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const finish = async (id: string) => {
    const key = [...running.keys()].find((candidate) => candidate.endsWith(`:${id}`));
    if (!key) throw new Error(`${id} is not running (started: ${started.join(' ')})`);
    running.get(key)!();
    running.delete(key);
    await settle();
  };
  return { submit, call, finish, settle, started, loads, trial: () => activity.start(), maxModelsAtOnce: () => concurrentModels };
}

describe('AffinityScheduler', () => {
  it('fifo serves in arrival order, alternating models', async () => {
    const h = harness({ slots: 1, policy: 'fifo' });
    for (const [model, id] of [['gen', 'g1'], ['judge', 'j1'], ['gen', 'g2'], ['judge', 'j2']]) void h.submit(model!, id!);
    await h.settle();
    for (const id of ['g1', 'j1', 'g2', 'j2']) await h.finish(id);
    expect(h.started).toEqual(['g1', 'j1', 'g2', 'j2']);
  });

  it('affinity keeps serving the loaded model, then switches once its queue is empty', async () => {
    const h = harness({ slots: 1 });
    for (const [model, id] of [['gen', 'g1'], ['judge', 'j1'], ['gen', 'g2'], ['judge', 'j2'], ['gen', 'g3']]) void h.submit(model!, id!);
    await h.settle();
    for (const id of ['g1', 'g2', 'g3', 'j1', 'j2']) await h.finish(id);
    expect(h.started).toEqual(['g1', 'g2', 'g3', 'j1', 'j2']);
  });

  it('holds the loaded model while a trial is busy between two of its calls, and switches once every trial waits', async () => {
    const h = harness({ slots: 1, trials: true });
    const a = h.trial();
    const b = h.trial();
    h.call(a, 'gen', 'a1');
    await h.settle();
    h.call(b, 'judge', 'b1');
    await h.finish('a1');
    // a is grading its answer: its next call may be for the generator, so the judge is not loaded yet.
    expect(h.started).toEqual(['a1']);
    h.call(a, 'gen', 'a2');
    await h.settle();
    expect(h.started).toEqual(['a1', 'a2']);
    await h.finish('a2');
    expect(h.started).toEqual(['a1', 'a2']);
    // Now a waits on the judge too: nothing more can come for the generator, so the judge loads at once.
    h.call(a, 'judge', 'a3');
    await h.settle();
    expect(h.started).toEqual(['a1', 'a2', 'b1']);
    await h.finish('b1');
    expect(h.started).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(h.loads).toEqual(['gen', 'judge']);
  });

  it('lets the loaded model go when the busy trial finishes without another call', async () => {
    const h = harness({ slots: 1, trials: true });
    const a = h.trial();
    const b = h.trial();
    h.call(a, 'gen', 'a1');
    await h.settle();
    h.call(b, 'judge', 'b1');
    await h.finish('a1');
    expect(h.started).toEqual(['a1']);
    a.close();
    await h.settle();
    expect(h.started).toEqual(['a1', 'b1']);
  });

  it('counts a trial that joined an identical queued call as waiting, so it does not hold the model', async () => {
    const h = harness({ slots: 1, trials: true });
    const [a, b, c] = [h.trial(), h.trial(), h.trial()];
    h.call(a, 'gen', 'a1');
    await h.settle();
    const shared = h.call(b, 'judge', 'b1');
    void shared.awaitedBy(c, new Promise(() => {}));
    await h.finish('a1');
    expect(h.started).toEqual(['a1']); // a is busy
    h.call(a, 'judge', 'a2');
    await h.settle();
    // b waits on its queued call and c on the same one: all wait, so the judge loads.
    expect(h.started).toEqual(['a1', 'b1']);
  });

  it('switches to the model with the most queued calls', async () => {
    const h = harness({ slots: 1, trials: true });
    const trials = [h.trial(), h.trial(), h.trial(), h.trial()];
    h.call(trials[0]!, 'gen', 'g1');
    await h.settle();
    h.call(trials[1]!, 'small', 's1');
    h.call(trials[2]!, 'big', 'b1');
    h.call(trials[3]!, 'big', 'b2');
    await h.finish('g1');
    trials[0]!.close();
    await h.settle();
    expect(h.started).toEqual(['g1', 'b1']);
    await h.finish('b1');
    trials[2]!.close();
    await h.finish('b2');
    expect(h.started).toEqual(['g1', 'b1', 'b2']); // the trial of b2 is busy: its next call may be for big
    trials[3]!.close();
    await h.settle();
    expect(h.started).toEqual(['g1', 'b1', 'b2', 's1']);
  });

  it('serves a waiting call within maxConsecutive calls of the loaded model, however many keep arriving', async () => {
    const h = harness({ slots: 1, maxConsecutive: 3 });
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
    const h = harness({ slots: 2 });
    for (const [model, id] of [['gen', 'g1'], ['judge', 'j1'], ['gen', 'g2'], ['judge', 'j2']]) void h.submit(model!, id!);
    await h.settle();
    expect(h.started).toEqual(['g1', 'g2']);
    await h.finish('g1');
    expect(h.started).toEqual(['g1', 'g2']); // judge waits until the generator's calls drain
    await h.finish('g2');
    expect(h.started).toEqual(['g1', 'g2', 'j1', 'j2']);
    expect(h.maxModelsAtOnce()).toBe(1);
  });

  it('uses every slot for one model', async () => {
    const h = harness({ slots: 3 });
    for (const id of ['a', 'b', 'c', 'd']) void h.submit('gen', id);
    await h.settle();
    expect(h.started).toEqual(['a', 'b', 'c']);
  });
});
