import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { Actor } from '../../platform/kernel/actor';
import { DomainError } from '../../platform/kernel/domain-error';
import { isUuid } from '../../platform/kernel/uuid';
import { writeOutbox } from '../../platform/outbox/write-outbox';
import type { WebhookEventJob } from '../../platform/queue/job-catalogue';
import { retryDelayMs, WEBHOOK_EVENTS, webhookData } from './webhook-events';
import { decryptSecret, encryptSecret, newWebhookSecret, webhookKey } from './webhook-secrets';
import { postWebhook } from './webhook-sender';
import { targetProblem } from './webhook-target';

/** How long a delivery is retried (docs/api.md "Webhooks"). */
const RETRY_FOR_MS = 24 * 3600 * 1000;

export interface SubscriptionInput {
  url: string;
  events: string[];
  programmes: string[];
  description?: string | null;
}

export interface SubscriptionView {
  id: string;
  url: string;
  events: string[];
  programmes: string[];
  description: string | null;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** What the worker does after an attempt: nothing more, or the next attempt after `delayMs`. */
export type AttemptOutcome =
  { outcome: 'skipped' | 'delivered' | 'failed' } | { outcome: 'retry'; delayMs: number; attempt: number };

interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  programmes: string[];
  description: string | null;
  created_at: Date;
}

const subscriptionView = (r: SubscriptionRow): SubscriptionView => ({
  id: r.id,
  url: r.url,
  events: r.events,
  programmes: r.programmes,
  description: r.description,
  createdAt: r.created_at.toISOString(),
});

/**
 * Webhooks: the subscriptions (admin only, checked by the api's role guard), and their
 * deliveries, made by the worker from outbox events so none is sent for a transaction that
 * rolled back, and none is lost while Redis is away. Owns webhook_subscriptions and
 * webhook_deliveries.
 */
@Injectable()
export class WebhooksService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.key = webhookKey(config);
  }

  private get localMode(): boolean {
    return this.config.AUTH_MODE === 'local';
  }

  /** A new subscription and its secret, which is shown this once. */
  async subscribe(actor: Actor, input: SubscriptionInput): Promise<SubscriptionView & { secret: string }> {
    const problem = await targetProblem(input.url, this.localMode);
    if (problem) throw new DomainError('invalid-request', problem, [{ name: 'url', reason: problem }]);
    const secret = newWebhookSecret();
    const [row]: SubscriptionRow[] = await this.db.query(
      `INSERT INTO webhook_subscriptions (url, events, programmes, description, secret_encrypted, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, url, events, programmes, description, created_at`,
      [
        input.url,
        [...new Set(input.events)],
        [...new Set(input.programmes)],
        input.description ?? null,
        encryptSecret(secret, this.key),
        actor.id,
      ],
    );
    return { ...subscriptionView(row), secret };
  }

  async list(): Promise<SubscriptionView[]> {
    const rows: SubscriptionRow[] = await this.db.query(
      `SELECT id, url, events, programmes, description, created_at FROM webhook_subscriptions
       WHERE deleted_at IS NULL ORDER BY created_at, id`,
    );
    return rows.map(subscriptionView);
  }

  async get(id: string): Promise<SubscriptionView> {
    const [row]: SubscriptionRow[] = isUuid(id)
      ? await this.db.query(
          `SELECT id, url, events, programmes, description, created_at FROM webhook_subscriptions
           WHERE id = $1 AND deleted_at IS NULL`,
          [id],
        )
      : [];
    if (!row) throw new DomainError('not-found', 'No webhook with this id');
    return subscriptionView(row);
  }

  /** Ends a subscription; its delivery log stays, and nothing more is sent to it. */
  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.db.query(`UPDATE webhook_subscriptions SET deleted_at = now() WHERE id = $1`, [id]);
  }

  async deliveries(id: string, limit: number): Promise<DeliveryView[]> {
    await this.get(id);
    const rows: {
      id: string;
      event: string;
      status: DeliveryView['status'];
      attempts: number;
      last_response_status: number | null;
      last_error: string | null;
      next_attempt_at: Date | null;
      created_at: Date;
      delivered_at: Date | null;
    }[] = await this.db.query(
      `SELECT id, event, status, attempts, last_response_status, last_error, next_attempt_at, created_at, delivered_at
       FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [id, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      event: r.event,
      status: r.status,
      attempts: r.attempts,
      lastResponseStatus: r.last_response_status,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'pending' && r.next_attempt_at ? r.next_attempt_at.toISOString() : null,
      createdAt: r.created_at.toISOString(),
      deliveredAt: r.delivered_at?.toISOString() ?? null,
    }));
  }

  /**
   * Sends a delivery again (delivered or failed alike), with the same webhook-id, retried as
   * before for another 24 hours. The worker takes it up through the outbox.
   */
  async retry(id: string, deliveryId: string): Promise<DeliveryView> {
    await this.get(id);
    if (!isUuid(deliveryId)) throw new DomainError('not-found', 'No delivery with this id');
    await this.db.transaction(async (tx) => {
      const [[row]] = await tx.query<[{ attempts: number }[], number]>(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), retry_until = now() + $3 * interval '1 millisecond'
         WHERE id = $1 AND subscription_id = $2 RETURNING attempts`,
        [deliveryId, id, RETRY_FOR_MS],
      );
      if (!row) throw new DomainError('not-found', 'No delivery with this id');
      await writeOutbox(tx, [{ type: 'webhook.retry-requested', payload: { deliveryId, attempt: row.attempts } }]);
    });
    return (await this.deliveries(id, 1000)).find((d) => d.id === deliveryId)!;
  }

  /**
   * The deliveries outbox events make — one per live subscription that wants the event and its
   * programme — each attempted once right away. Idempotent: run again for the same events it
   * makes none twice and attempts only those still untried. Answers each delivery's outcome.
   * Two statements (and commits) for any number of events and subscriptions: the insert (which
   * also reads what sending needs) and one update of the outcomes.
   */
  async deliverEvents(events: readonly WebhookEventJob[]): Promise<{ deliveryId: string; result: AttemptOutcome }[]> {
    const planned = events.flatMap((event) => {
      const data = WEBHOOK_EVENTS.includes(event.type) ? webhookData(event.payload) : null;
      if (!data) return [];
      const body = JSON.stringify({ type: event.type, timestamp: event.occurredAt, data });
      return [{ eventId: event.eventId, type: event.type, body, programme: data.programme }];
    });
    if (planned.length === 0) return [];
    const rows: PendingRow[] = await this.db.query(
      `WITH e AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS e(event_id, type, body, programme)),
       made AS (
         INSERT INTO webhook_deliveries (subscription_id, event_id, event, body, retry_until)
         SELECT s.id, e.event_id, e.type, e.body, now() + $5 * interval '1 millisecond'
           FROM e JOIN webhook_subscriptions s
             ON s.deleted_at IS NULL AND e.type = ANY(s.events) AND ('*' = ANY(s.programmes) OR e.programme = ANY(s.programmes))
         ON CONFLICT (subscription_id, event_id) DO NOTHING
         RETURNING id, subscription_id, body, retry_until)
       SELECT m.id, m.body, m.retry_until, s.url, s.secret_encrypted
         FROM made m JOIN webhook_subscriptions s ON s.id = m.subscription_id
       UNION ALL
       SELECT d.id, d.body, d.retry_until, s.url, s.secret_encrypted
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.event_id = ANY($1::uuid[]) AND d.status = 'pending' AND d.attempts = 0 AND s.deleted_at IS NULL`,
      [
        planned.map((p) => p.eventId),
        planned.map((p) => p.type),
        planned.map((p) => p.body),
        planned.map((p) => p.programme),
        RETRY_FOR_MS,
      ],
    );
    if (rows.length === 0) return [];
    const sent = await Promise.all(rows.map((row) => this.send(row, 0)));
    const recorded = await this.record(sent, 0);
    return sent.map((s) => ({ deliveryId: s.id, result: recorded.has(s.id) ? s.outcome : { outcome: 'skipped' } }));
  }

  /**
   * Attempt `attempt + 1` of a delivery (a retry): signed as Standard Webhooks says, the same
   * webhook-id (the delivery's id) every time. A 2xx delivers it; anything else is retried
   * with backoff until 24 hours have passed, then it has failed.
   */
  async attempt(deliveryId: string, attempt: number): Promise<AttemptOutcome> {
    const [row]: (PendingRow & { attempts: number; status: string; deleted_at: Date | null })[] = await this.db.query(
      `SELECT d.id, d.body, d.attempts, d.status, d.retry_until, s.url, s.secret_encrypted, s.deleted_at
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
      [deliveryId],
    );
    if (!row || row.status !== 'pending' || row.attempts !== attempt) return { outcome: 'skipped' };
    if (row.deleted_at) {
      await this.db.query(`UPDATE webhook_deliveries SET status = 'failed', last_error = $2 WHERE id = $1`, [
        deliveryId,
        'the subscription was removed',
      ]);
      return { outcome: 'failed' };
    }
    const sent = await this.send(row, attempt);
    return (await this.record([sent], attempt)).has(deliveryId) ? sent.outcome : { outcome: 'skipped' };
  }

  /** One signed POST, and what it means for the delivery. */
  private async send(row: PendingRow, attempt: number): Promise<SentAttempt> {
    const now = new Date();
    const headers = {
      'webhook-id': row.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(this.secretOf(row.secret_encrypted)).sign(row.id, now, row.body),
    };
    const result = await postWebhook(row.url, row.body, headers, {
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      localMode: this.localMode,
    });
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const delayMs = retryDelayMs(attempt + 1, this.config.WEBHOOK_RETRY_BASE_MS);
    const giveUp = !ok && Date.now() + delayMs > row.retry_until.getTime();
    const outcome: AttemptOutcome = ok
      ? { outcome: 'delivered' }
      : giveUp
        ? { outcome: 'failed' }
        : { outcome: 'retry', delayMs, attempt: attempt + 1 };
    return {
      id: row.id,
      outcome,
      responseStatus: result.status,
      error: ok ? null : (result.error ?? `answered ${result.status}`),
      delayMs,
    };
  }

  /** Stores the outcomes of attempts number `attempt + 1` in one statement; answers the ids it stored. */
  private async record(sent: SentAttempt[], attempt: number): Promise<Set<string>> {
    const status = (s: SentAttempt) => (s.outcome.outcome === 'retry' ? 'pending' : s.outcome.outcome);
    const [rows] = await this.db.query<[{ id: string }[], number]>(
      `UPDATE webhook_deliveries d SET status = v.status, attempts = d.attempts + 1,
         last_response_status = v.response_status, last_error = v.error,
         next_attempt_at = CASE WHEN v.status = 'pending' THEN now() + v.delay_ms * interval '1 millisecond' END,
         delivered_at = CASE WHEN v.status = 'delivered' THEN now() ELSE d.delivered_at END
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::bigint[])
         AS v(id, status, response_status, error, delay_ms)
       WHERE d.id = v.id AND d.attempts = $6 AND d.status = 'pending'
       RETURNING d.id`,
      [
        sent.map((s) => s.id),
        sent.map(status),
        sent.map((s) => s.responseStatus),
        sent.map((s) => s.error),
        sent.map((s) => s.delayMs),
        attempt,
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Secrets are decrypted once per process and subscription (they never change). */
  private readonly secrets = new Map<string, string>();
  private secretOf(encrypted: string): string {
    let secret = this.secrets.get(encrypted);
    if (secret === undefined) {
      secret = decryptSecret(encrypted, this.key);
      if (this.secrets.size > 10_000) this.secrets.clear();
      this.secrets.set(encrypted, secret);
    }
    return secret;
  }
}

interface PendingRow {
  id: string;
  body: string;
  retry_until: Date;
  url: string;
  secret_encrypted: string;
}

interface SentAttempt {
  id: string;
  outcome: AttemptOutcome;
  responseStatus: number | null;
  error: string | null;
  delayMs: number;
}
