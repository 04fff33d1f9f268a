import type { Flight, TrialActivity } from './trial-activity.js';

/**
 * Decides which waiting call an endpoint serves next. A 12 GB GPU may hold only one of a generator and its judge,
 * and the server reloads weights on every switch, so the endpoint is model-major: it keeps serving the loaded model
 * while calls for it are queued or any trial in flight is still busy (its next call may be for the loaded model),
 * and switches — once its running calls are done — only when the loaded model's queue is empty and every trial in
 * flight is waiting on a queued call, then at once, to the model with the most queued calls. No timer: the trials'
 * states (`TrialActivity`) say when nothing more can come for the loaded model. `maxConsecutive`, when set, bounds
 * how many calls of the loaded model go first while another model's calls wait.
 *
 * `fifo` serves strictly in arrival order: what a naive harness does, kept for comparison.
 */
export const SCHEDULING_POLICIES = ['affinity', 'fifo'] as const;
export type SchedulingPolicy = (typeof SCHEDULING_POLICIES)[number];

interface Waiting {
  model: string;
  flight: Flight | undefined;
  start: () => void;
}

export interface SchedulerOptions {
  /** Calls in flight at once on the endpoint: its slots. */
  slots: number;
  policy?: SchedulingPolicy;
  /** Calls of the loaded model served while another model's calls wait, at most; unbounded when absent. */
  maxConsecutive?: number;
  /** The trials whose states decide a switch; absent, or when switching costs no load, a switch never waits for busy trials. */
  activity?: TrialActivity;
}

export class AffinityScheduler {
  private active = 0;
  private loaded: string | undefined;
  private servedWhileOthersWait = 0;
  private readonly waiting: Waiting[] = [];
  readonly slots: number;
  private readonly policy: SchedulingPolicy;
  private readonly maxConsecutive: number;
  private readonly activity: TrialActivity | undefined;

  constructor({ slots, policy = 'affinity', maxConsecutive = Number.POSITIVE_INFINITY, activity }: SchedulerOptions) {
    this.slots = slots;
    this.policy = policy;
    this.maxConsecutive = maxConsecutive;
    this.activity = activity;
    activity?.onIdle(() => this.dispatch());
  }

  /**
   * How long a new call of `model` would wait here, in rounds of the endpoint's slots: the calls running and queued
   * ahead of it per slot, plus one round when another model is loaded (a switch costs a load).
   */
  backlog(model: string): number {
    const switching = this.loaded !== undefined && this.loaded !== model ? 1 : 0;
    return (this.active + this.waiting.length) / this.slots + switching;
  }

  /** Runs `work` once the endpoint serves this call; `flight` learns when the call enters and leaves the queue. */
  async run<T>(model: string, work: () => Promise<T>, flight?: Flight): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ model, flight, start });
      flight?.enterQueue();
      this.dispatch();
    });
    try {
      return await work();
    } finally {
      this.active--;
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (let next = this.pick(); next; next = this.pick()) {
      this.waiting.splice(this.waiting.indexOf(next), 1);
      if (next.model === this.loaded) {
        if (this.waiting.some((call) => call.model !== this.loaded)) this.servedWhileOthersWait++;
      } else {
        this.loaded = next.model;
        this.servedWhileOthersWait = 0;
      }
      this.active++;
      // Left the queue before its trial's state is read again: it is busy from here.
      next.flight?.leaveQueue();
      next.start();
    }
  }

  private pick(): Waiting | undefined {
    if (this.active >= this.slots || this.waiting.length === 0) return undefined;
    const oldest = this.waiting[0] as Waiting;
    if (this.policy === 'fifo') return oldest;
    const sameModel = this.waiting.find((call) => call.model === this.loaded);
    const othersWait = this.waiting.some((call) => call.model !== this.loaded);
    const boundReached = othersWait && this.servedWhileOthersWait >= this.maxConsecutive;
    if (sameModel && !boundReached) return sameModel;
    // Switching: the calls running on the loaded model finish first (starting another model beside them forces the swap anyway).
    if (this.active > 0) return undefined;
    if (!boundReached && this.loaded !== undefined && this.activity && !this.activity.allWaiting()) return undefined;
    return this.mostQueued();
  }

  /** The oldest call of the model with the most calls waiting (not the loaded one, unless it is alone). */
  private mostQueued(): Waiting {
    const counts = new Map<string, number>();
    for (const call of this.waiting) if (call.model !== this.loaded) counts.set(call.model, (counts.get(call.model) ?? 0) + 1);
    const [model] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0]);
    return this.waiting.find((call) => call.model === model) ?? (this.waiting[0] as Waiting);
  }
}
