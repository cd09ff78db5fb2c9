import { DataSource } from 'typeorm';

export interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** Rows a relay round leases unless told otherwise. */
export const RELAY_ROUND_ROWS = 200;

export interface RelayOptions {
  /** Rows leased per round. */
  batchSize?: number;
  /** Pause after a round that found less than a full batch. */
  idleDelayMs?: number;
  /** Pause after a failed round (Redis away), doubled up to maxErrorDelayMs. */
  errorDelayMs?: number;
  maxErrorDelayMs?: number;
  /**
   * How long one publish may take before the round gives up and its rows go back: a queue
   * client that waits for a Redis that is away (BullMQ waits for its first connection) must
   * not hold the leased rows and a database connection indefinitely.
   */
  publishTimeoutMs?: number;
  onError?: (error: Error, failures: number) => void;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`publishing took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves outbox rows to the job queue. Each round leases a batch with FOR UPDATE SKIP LOCKED,
 * publishes it, and marks it relayed in the same transaction: a failed publish leaves the
 * rows for the next round, and several relays can run side by side without taking the same
 * rows. A crash after publishing but before commit publishes again; the queue's job id
 * (the outbox id) absorbs that.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly options: Required<Omit<RelayOptions, 'onError'>> & Pick<RelayOptions, 'onError'>;

  constructor(
    private readonly db: DataSource,
    private readonly publish: (rows: OutboxRow[]) => Promise<void>,
    options: RelayOptions = {},
  ) {
    this.options = {
      batchSize: RELAY_ROUND_ROWS,
      idleDelayMs: 100,
      errorDelayMs: 100,
      maxErrorDelayMs: 1000,
      publishTimeoutMs: 5000,
      ...options,
    };
  }

  /** One round: how many rows were relayed. Throws when publishing failed. */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, type, payload, created_at FROM outbox WHERE relayed_at IS NULL
         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      await withTimeout(this.publish(rows), this.options.publishTimeoutMs);
      await tx.query(`UPDATE outbox SET relayed_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Ask for a round now (e.g. right after this process committed an event). */
  nudge(): void {
    this.wake?.();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const relayed = await this.relayOnce();
        failures = 0;
        if (relayed < this.options.batchSize) await this.pause(this.options.idleDelayMs);
      } catch (error) {
        failures++;
        this.options.onError?.(error as Error, failures);
        await this.pause(Math.min(this.options.errorDelayMs * 2 ** (failures - 1), this.options.maxErrorDelayMs));
      }
    }
  }
}
