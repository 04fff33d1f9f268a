/**
 * Decides which waiting call an endpoint serves next. A 12 GB GPU may hold only one of a
 * generator and its judge, and the server reloads weights on every switch, so calls for
 * the loaded model go first: another model is served only when the loaded one has no
 * call waiting, or after `maxConsecutive` calls while others wait (so no call waits
 * forever), and only once the endpoint is idle (starting it next to a running call would
 * force the swap anyway). Before switching it lingers `lingerMs` after the loaded model's
 * last call: trials in flight are often between two calls (grading, extracting), and a
 * short wait is far cheaper than a reload.
 *
 * `fifo` serves strictly in arrival order: what a naive harness does, kept for comparison.
 */
export const SCHEDULING_POLICIES = ['affinity', 'fifo'] as const;
export type SchedulingPolicy = (typeof SCHEDULING_POLICIES)[number];

interface Waiting {
  model: string;
  arrival: number;
  start: () => void;
}

export class AffinityScheduler {
  private active = 0;
  private loaded: string | undefined;
  private servedWhileOthersWait = 0;
  private arrivals = 0;
  private lastFinished = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly waiting: Waiting[] = [];

  constructor(
    readonly limit: number,
    readonly policy: SchedulingPolicy = 'affinity',
    readonly maxConsecutive = 16,
    readonly lingerMs = 0,
  ) {}

  async run<T>(model: string, work: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ model, arrival: this.arrivals++, start });
      this.dispatch();
    });
    try {
      return await work();
    } finally {
      this.active--;
      this.lastFinished = performance.now();
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
      next.start();
    }
  }

  private pick(): Waiting | undefined {
    if (this.active >= this.limit || this.waiting.length === 0) return undefined;
    const oldest = this.waiting[0] as Waiting;
    if (this.policy === 'fifo') return oldest;
    const sameModel = this.waiting.find((call) => call.model === this.loaded);
    const othersWait = this.waiting.some((call) => call.model !== this.loaded);
    if (sameModel && !(othersWait && this.servedWhileOthersWait >= this.maxConsecutive)) return sameModel;
    // Switching: wait for the calls running on the loaded model to finish first.
    if (this.active > 0) return undefined;
    const boundReached = sameModel !== undefined;
    const lingerLeft = this.lastFinished + this.lingerMs - performance.now();
    if (!boundReached && this.loaded !== undefined && lingerLeft > 0) {
      this.lingerTimer ??= setTimeout(() => {
        this.lingerTimer = undefined;
        this.dispatch();
      }, lingerLeft);
      return undefined;
    }
    return this.waiting.find((call) => call.model !== this.loaded) ?? oldest;
  }
}
