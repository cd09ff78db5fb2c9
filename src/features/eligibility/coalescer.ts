/**
 * Coalesces concurrent calls into batches: calls that arrive while earlier batches are in flight
 * wait and go together in the next one. At low load a call runs at once, alone; under load
 * (a worker running many jobs at once) one query and one commit serve many jobs, so the
 * database plans and flushes once per batch instead of once per job.
 *
 * `run` gets the keys of a batch and answers one result per key, in the same order. When it
 * throws for a batch of several, each of its calls runs again alone, so a key that makes the
 * batch fail fails only its own call (and its job is retried), and the others answer as they
 * would have alone.
 */
interface Waiting<K, R> {
  key: K;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class Coalescer<K, R> {
  private waiting: Waiting<K, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<R[]>,
    private readonly options: { maxBatch: number; maxInFlight: number } = { maxBatch: 100, maxInFlight: 2 },
  ) {}

  call(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      // Calls of the same turn of the event loop go together.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async runBatch(batch: Waiting<K, R>[]): Promise<void> {
    try {
      const results = await this.answers(batch.map((b) => b.key));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(batch.map((b) => this.answers([b.key]).then(([result]) => b.resolve(result), b.reject)));
    }
  }

  private async answers(keys: K[]): Promise<R[]> {
    const results = await this.run(keys);
    if (results.length !== keys.length) throw new Error(`batch of ${keys.length} answered ${results.length} results`);
    return results;
  }
}
