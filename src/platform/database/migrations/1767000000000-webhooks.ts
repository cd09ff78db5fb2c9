import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (docs/api.md "Webhooks"): the subscriptions of funds' and provinces' systems, their
 * secrets stored encrypted (AES-256-GCM under WEBHOOK_SECRET_KEY), and one delivery per
 * subscription and outbox event, whose id is the `webhook-id` of every attempt.
 */
export class Webhooks1767000000000 implements MigrationInterface {
  name = 'Webhooks1767000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        programmes text[] NOT NULL,
        description text,
        secret_encrypted text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
        event_id uuid NOT NULL,
        event text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_response_status integer,
        last_error text,
        next_attempt_at timestamptz DEFAULT now(),
        retry_until timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (subscription_id, event_id)
      )`);
    await db.query(
      `CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_at DESC, id DESC)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_subscriptions`);
  }
}
