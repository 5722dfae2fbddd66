/** Hands out orders to connections; an order a run stops in the middle of its cycle is retired. */
export class OrderPool {
  private next = 0;
  private readonly midCycle = new Set<string>();
  private retired = new Set<string>();

  constructor(private readonly ids: readonly string[]) {}

  take(): string {
    for (let looked = 0; looked <= this.ids.length; looked++) {
      const id = this.ids[this.next++ % this.ids.length];
      if (!this.retired.has(id) && !this.midCycle.has(id)) {
        this.midCycle.add(id);
        return id;
      }
    }
    throw new Error(`bench: all ${this.ids.length} orders of the pool are used up or busy`);
  }

  finished(id: string): void {
    this.midCycle.delete(id);
  }

  /** After a run: whatever is still mid-cycle is in a state the cycle cannot continue from. */
  endRun(): void {
    this.retired = new Set([...this.retired, ...this.midCycle]);
    this.midCycle.clear();
  }
}

