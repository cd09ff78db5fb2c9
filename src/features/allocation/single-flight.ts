/**
 * One run per key at a time, and calls that arrive while a run is going share the one run after
 * it: it starts after every such call arrived, so it sees what they came to report. At a peak
 * thousands of calls cost a handful of runs.
 */
export class SingleFlight {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const queued = this.queued.get(key);
    if (queued) return queued;
    const start = (): Promise<void> => {
      this.queued.delete(key);
      const run = task().finally(() => {
        if (this.running.get(key) === run) this.running.delete(key);
      });
      this.running.set(key, run);
      return run;
    };
    const current = this.running.get(key);
    if (!current) return start();
    const next = current.catch(() => undefined).then(start);
    this.queued.set(key, next);
    return next;
  }
}
