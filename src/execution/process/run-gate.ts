/**
 * Runs share the machine, except a timed-out program's re-run, which has it alone: it waits for the
 * runs in progress and holds back new ones. First come, first served, so a re-run is not starved.
 */
export class RunGate {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly waiting: { exclusive: boolean; admit: () => void }[] = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(false, work);
  }

  alone<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(true, work);
  }

  private async hold<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    if (this.waiting.length === 0 && this.canAdmit(exclusive)) this.admit(exclusive);
    else await new Promise<void>((admit) => this.waiting.push({ exclusive, admit }));
    try {
      return await work();
    } finally {
      if (exclusive) this.exclusiveHeld = false;
      else this.sharedHolders--;
      this.admitWaiting();
    }
  }

  private canAdmit(exclusive: boolean): boolean {
    return !this.exclusiveHeld && (!exclusive || this.sharedHolders === 0);
  }

  private admit(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = true;
    else this.sharedHolders++;
  }

  private admitWaiting(): void {
    for (let next = this.waiting[0]; next !== undefined && this.canAdmit(next.exclusive); next = this.waiting[0]) {
      this.waiting.shift();
      this.admit(next.exclusive);
      next.admit();
    }
  }
}
