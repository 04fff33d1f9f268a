/**
 * What the endpoints' schedulers know of the trials in flight, so a model switch needs no timer: a trial is
 * *waiting* when everything it awaits is a model call still in an endpoint's queue (it can do nothing until a
 * model serves it), else *busy* (grading, writing, a call in progress, a retry's backoff, its next call not made
 * yet) — and a busy trial's next call may be for the loaded model. A finished trial is closed and counts no more,
 * so it cannot hold a model loaded. A caller outside any trial is a trial of one call.
 *
 * One blind spot, accepted: a trial with calls side by side (samples) that is busy on one branch while another
 * branch's call is queued counts as waiting; that can cost a switch too early, never a wait forever.
 */
export class TrialActivity {
  private readonly open = new Set<TrialHandle>();
  private waiting = 0;
  private readonly listeners: (() => void)[] = [];

  /** A trial starts: busy until its first call is queued. */
  start(): TrialHandle {
    const handle = new TrialHandle((wasWaiting) => this.changed(handle, wasWaiting));
    this.open.add(handle);
    return handle;
  }

  /** True when no trial in flight can make another call before one of the queued calls is served. */
  allWaiting(): boolean {
    return this.waiting === this.open.size;
  }

  /** Called whenever a trial starts waiting or leaves: the moments a held model may be let go. */
  onIdle(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(handle: TrialHandle, wasWaiting: boolean): void {
    const isWaiting = !handle.closed && handle.isWaiting();
    if (handle.closed) this.open.delete(handle);
    this.waiting += Number(isWaiting) - Number(wasWaiting);
    if ((isWaiting && !wasWaiting) || handle.closed) for (const listener of this.listeners) listener();
  }
}

/** One trial's outstanding calls: how many it awaits, and how many of those sit in a queue. */
export class TrialHandle {
  private awaited = 0;
  private queued = 0;
  closed = false;

  constructor(private readonly changed: (wasWaiting: boolean) => void) {}

  isWaiting(): boolean {
    return this.awaited > 0 && this.queued === this.awaited;
  }

  /** The trial is done: it makes no call again. */
  close(): void {
    if (this.closed) return;
    const wasWaiting = this.isWaiting();
    this.closed = true;
    this.changed(wasWaiting);
  }

  /** @internal counts kept by the flights it awaits. */
  count(awaited: number, queued: number): void {
    const wasWaiting = this.isWaiting();
    this.awaited += awaited;
    this.queued += queued;
    if (!this.closed) this.changed(wasWaiting);
  }
}

/**
 * One computation of a request, awaited by the trial that asked and by any that joined it (single flight):
 * while it sits in an endpoint's queue, all of them wait on it.
 */
export class Flight {
  private readonly awaiting: TrialHandle[] = [];
  private queued = false;

  /** `handle` awaits this computation until `done` settles. */
  async awaitedBy<T>(handle: TrialHandle, done: Promise<T>): Promise<T> {
    this.awaiting.push(handle);
    handle.count(1, this.queued ? 1 : 0);
    try {
      return await done;
    } finally {
      this.awaiting.splice(this.awaiting.indexOf(handle), 1);
      handle.count(-1, this.queued ? -1 : 0);
    }
  }

  enterQueue(): void {
    this.queued = true;
    for (const handle of [...this.awaiting]) handle.count(0, 1);
  }

  leaveQueue(): void {
    this.queued = false;
    for (const handle of [...this.awaiting]) handle.count(0, -1);
  }
}
