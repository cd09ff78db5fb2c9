/**
 * Lets at most `limit` tasks per key run at once in this process; the others wait in memory,
 * holding nothing. Used where the database serialises work per row anyway (grants of one
 * programme), so that waiting is done here and not while holding a pooled connection.
 */
export class KeyedGate {
  private readonly slots = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { running: 0, waiting: [] }));
    if (slot.running < this.limit) slot.running++;
    else await new Promise<void>((resolve) => slot.waiting.push(resolve)); // handed a running slot
    try {
      return await task();
    } finally {
      const next = slot.waiting.shift();
      if (next) next();
      else if (--slot.running === 0) this.slots.delete(key);
    }
  }

  /** Tasks running and waiting for `key`, for tests and metrics. */
  load(key: string): { running: number; waiting: number } {
    const slot = this.slots.get(key);
    return { running: slot?.running ?? 0, waiting: slot?.waiting.length ?? 0 };
  }
}
