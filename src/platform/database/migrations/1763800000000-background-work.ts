import { MigrationInterface, QueryRunner } from 'typeorm';

export class BackgroundWork1763800000000 implements MigrationInterface {
  name = 'BackgroundWork1763800000000';

  async up(db: QueryRunner): Promise<void> {
    // Staff who receive programme mail: officers and provincial staff, remembered from their tokens.
    await db.query(`
      CREATE TABLE staff_members (
        id text PRIMARY KEY,
        role text NOT NULL,
        name text,
        email text,
        locale text NOT NULL DEFAULT 'nl',
        programmes text[] NOT NULL DEFAULT '{}',
        province char(2),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Every message once per (event, recipient, channel): the key absorbs a job that runs twice.
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_key text NOT NULL,
        recipient_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'in-app')),
        address text,
        template text NOT NULL,
        locale text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        application_id uuid REFERENCES applications(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        read_at timestamptz,
        CONSTRAINT notifications_once UNIQUE (event_key, recipient_id, channel)
      )`);
    await db.query(
      `CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, created_at DESC) WHERE channel = 'in-app'`,
    );

    await db.query(`ALTER TABLE milestones ADD COLUMN snapshot jsonb`);
    await db.query(
      `CREATE INDEX applications_eligibility_idx ON applications (programme_id, ((eligibility->>'status')))`,
    );
    await db.query(
      `CREATE INDEX applications_expiry_idx ON applications (voucher_expires_on) WHERE status = 'granted'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX applications_expiry_idx`);
    await db.query(`DROP INDEX applications_eligibility_idx`);
    await db.query(`ALTER TABLE milestones DROP COLUMN snapshot`);
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE staff_members`);
  }
}
