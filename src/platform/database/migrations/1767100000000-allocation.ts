import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Allocation: budget in rank order with a reserve list, and the daily lottery (docs/domain.md).
 *
 * - programmes.allocation: 'first-come' (default) or 'daily-lottery'.
 * - Every programme gets its own sequence of submission numbers (`programme_submissions_<id>`),
 *   created by a trigger when the programme is inserted: a submission takes the next number
 *   without any lock on the programme, and in a first-come programme that number is the rank.
 * - applications.rank, budget_position ('within' | 'reserve' | null), reserve_position and
 *   moved_within_at (the one moment the applicant was told they moved within budget).
 * - lottery_days: one row per programme and day (Europe/Amsterdam): the seed's SHA-256 published
 *   before the day, the seed and the drawn order after it. A trigger refuses any change to, or
 *   removal of, a drawn day: not even an admin with SQL can redo a draw.
 */
export class Allocation1767100000000 implements MigrationInterface {
  name = 'Allocation1767100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE programmes ADD COLUMN allocation text NOT NULL DEFAULT 'first-come'
        CHECK (allocation IN ('first-come', 'daily-lottery'))`);

    await db.query(`
      CREATE FUNCTION programme_submissions_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', 'programme_submissions_' || replace(NEW.id::text, '-', ''));
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER programmes_submissions_sequence AFTER INSERT ON programmes
      FOR EACH ROW EXECUTE FUNCTION programme_submissions_sequence()`);

    await db.query(`ALTER TABLE applications ADD COLUMN rank integer`);
    await db.query(
      `ALTER TABLE applications ADD COLUMN budget_position text CHECK (budget_position IN ('within', 'reserve'))`,
    );
    await db.query(`ALTER TABLE applications ADD COLUMN reserve_position integer`);
    await db.query(`ALTER TABLE applications ADD COLUMN moved_within_at timestamptz`);
    await db.query(`CREATE INDEX applications_rank_idx ON applications (programme_id, rank)`);
    // What the waiting applications ranked up to one ask: an index-only sum for the grant's check.
    await db.query(`
      CREATE INDEX applications_waiting_rank_idx ON applications (programme_id, rank) INCLUDE (requested_amount_cents)
      WHERE status IN ('submitted', 'information-requested', 'reviewed')`);

    // Existing programmes: a sequence each, and the applications ranked in order of submission.
    await db.query(`
      UPDATE applications a SET rank = r.n
        FROM (SELECT id, row_number() OVER (PARTITION BY programme_id ORDER BY submitted_at, id) AS n
                FROM applications) r
       WHERE a.id = r.id`);
    await db.query(`
      DO $$
      DECLARE p record; last integer;
      BEGIN
        FOR p IN SELECT id FROM programmes LOOP
          EXECUTE format('CREATE SEQUENCE %I', 'programme_submissions_' || replace(p.id::text, '-', ''));
          SELECT max(rank) INTO last FROM applications WHERE programme_id = p.id;
          IF last IS NOT NULL THEN
            PERFORM setval(('programme_submissions_' || replace(p.id::text, '-', ''))::regclass, last);
          END IF;
        END LOOP;
      END
      $$`);

    await db.query(`
      CREATE TABLE lottery_days (
        programme_id uuid NOT NULL REFERENCES programmes(id),
        day date NOT NULL,
        seed_sha256 text NOT NULL,
        seed bytea NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        drawn_at timestamptz,
        order_references text[],
        first_rank integer,
        PRIMARY KEY (programme_id, day)
      )`);
    await db.query(`
      CREATE FUNCTION lottery_days_drawn_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.drawn_at IS NOT NULL THEN
          RAISE EXCEPTION 'lottery day % of programme % is drawn: % refused', OLD.day, OLD.programme_id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        IF NEW.seed IS DISTINCT FROM OLD.seed OR NEW.seed_sha256 IS DISTINCT FROM OLD.seed_sha256 THEN
          RAISE EXCEPTION 'the seed of a published lottery day never changes' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER lottery_days_no_change BEFORE UPDATE OR DELETE ON lottery_days
      FOR EACH ROW EXECUTE FUNCTION lottery_days_drawn_fixed()`);
    await db.query(`
      CREATE TRIGGER lottery_days_no_truncate BEFORE TRUNCATE ON lottery_days
      FOR EACH STATEMENT EXECUTE FUNCTION lottery_days_drawn_fixed()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE lottery_days`);
    await db.query(`DROP FUNCTION lottery_days_drawn_fixed()`);
    await db.query(`
      DO $$
      DECLARE p record;
      BEGIN
        FOR p IN SELECT id FROM programmes LOOP
          EXECUTE format('DROP SEQUENCE IF EXISTS %I', 'programme_submissions_' || replace(p.id::text, '-', ''));
        END LOOP;
      END
      $$`);
    await db.query(`DROP TRIGGER programmes_submissions_sequence ON programmes`);
    await db.query(`DROP FUNCTION programme_submissions_sequence()`);
    await db.query(`DROP INDEX applications_rank_idx`);
    await db.query(
      `ALTER TABLE applications DROP COLUMN rank, DROP COLUMN budget_position, DROP COLUMN reserve_position, DROP COLUMN moved_within_at`,
    );
    await db.query(`ALTER TABLE programmes DROP COLUMN allocation`);
  }
}
