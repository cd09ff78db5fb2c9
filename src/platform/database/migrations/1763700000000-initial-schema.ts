import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE programmes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        province char(2) NOT NULL,
        funders text[] NOT NULL DEFAULT '{}',
        budget_cents bigint NOT NULL CHECK (budget_cents >= 0),
        min_amount_cents integer NOT NULL CHECK (min_amount_cents > 0),
        max_amount_cents integer NOT NULL,
        max_co_funding_percent integer NOT NULL CHECK (max_co_funding_percent BETWEEN 1 AND 100),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        region jsonb NOT NULL,
        target_groups text[] NOT NULL,
        training_kinds text[] NOT NULL,
        milestones integer[] NOT NULL DEFAULT '{}',
        targets jsonb NOT NULL DEFAULT '{}',
        four_eyes boolean NOT NULL DEFAULT true,
        voucher_validity_days integer NOT NULL CHECK (voucher_validity_days > 0),
        provider_cap integer,
        granted_count integer NOT NULL DEFAULT 0,
        committed_cents bigint NOT NULL DEFAULT 0 CHECK (committed_cents >= 0),
        spent_cents bigint NOT NULL DEFAULT 0 CHECK (spent_cents >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT programmes_amount_range CHECK (max_amount_cents >= min_amount_cents),
        CONSTRAINT programmes_period CHECK (closes_at > opens_at),
        -- invariant 3, held by the database itself as the last line of defence
        CONSTRAINT programmes_within_budget CHECK (committed_cents + spent_cents <= budget_cents)
      )`);

    await db.query(`CREATE SEQUENCE application_reference_seq`);
    await db.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        programme_id uuid NOT NULL REFERENCES programmes(id),
        programme_code text NOT NULL,
        owner_id text NOT NULL,
        status text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        applicant jsonb NOT NULL,
        employer jsonb,
        training jsonb NOT NULL,
        motivation text,
        requested_amount_cents integer NOT NULL,
        granted_amount_cents integer,
        voucher_code text UNIQUE,
        voucher_ordinal integer,
        voucher_expires_on date,
        eligibility jsonb,
        decision jsonb,
        reviewed_by text,
        idempotency_key text,
        request_hash text,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- invariant 4: no ordinal twice in one programme
        CONSTRAINT applications_ordinal_unique UNIQUE (programme_id, voucher_ordinal),
        CONSTRAINT applications_idempotency_unique UNIQUE (owner_id, idempotency_key)
      )`);
    await db.query(`CREATE INDEX applications_owner_idx ON applications (owner_id, submitted_at DESC, id DESC)`);
    await db.query(
      `CREATE INDEX applications_programme_idx ON applications (programme_id, submitted_at DESC, id DESC)`,
    );
    await db.query(
      `CREATE INDEX applications_programme_status_idx ON applications (programme_id, status, submitted_at DESC, id DESC)`,
    );
    await db.query(`CREATE INDEX applications_list_idx ON applications (submitted_at DESC, id DESC)`);

    await db.query(`
      CREATE TABLE application_history (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        reason text
      )`);
    await db.query(`CREATE INDEX application_history_application_idx ON application_history (application_id, id)`);

    await db.query(`
      CREATE TABLE milestones (
        programme_id uuid NOT NULL REFERENCES programmes(id),
        threshold integer NOT NULL,
        ordinal integer NOT NULL,
        application_id uuid NOT NULL REFERENCES applications(id),
        reached_at timestamptz NOT NULL DEFAULT now(),
        -- invariant 5: a threshold fires once per programme
        PRIMARY KEY (programme_id, threshold)
      )`);

    await db.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await db.query(`CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE relayed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox`);
    await db.query(`DROP TABLE milestones`);
    await db.query(`DROP TABLE application_history`);
    await db.query(`DROP TABLE applications`);
    await db.query(`DROP SEQUENCE application_reference_seq`);
    await db.query(`DROP TABLE programmes`);
  }
}
