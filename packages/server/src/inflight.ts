/** Counts work in progress so shutdown can wait for every started event to be acknowledged. */
export class Inflight {
  private count = 0;
  private waiters: (() => void)[] = [];

  /** One more unit of work running; every `enter` needs its `leave` (in a `finally`). */
  enter(): void {
    this.count++;
  }

  leave(): void {
    this.count--;
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  drained(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
