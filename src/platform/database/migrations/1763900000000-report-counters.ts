import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report aggregates kept up to date inside the transition transaction (issue 4).
 *
 * Every submit and transition inserts delta rows (+1 for the application's new cell, −1 for
 * its old one) into `report_deltas`: plain INSERTs, so concurrent transitions of one programme
 * never wait on a shared counter row. A compaction folds the deltas into `report_cells` (one
 * row per programme × status × target group × gender × training kind × month of grant) and,
 * in the same statement, into `report_rollups` (the cells summed per breakdown). A report
 * reads the rollups plus the few uncompacted deltas: its cost follows neither the number of
 * applications nor the number of cells.
 */
export class ReportCounters1763900000000 implements MigrationInterface {
  name = 'ReportCounters1763900000000';

  async up(db: QueryRunner): Promise<void> {
    // The month a voucher was granted, on the Dutch calendar: one definition for the counters,
    // the bulk seeder and this backfill.
    await db.query(`
      CREATE FUNCTION report_month(at timestamptz) RETURNS date
      LANGUAGE sql STABLE PARALLEL SAFE
      RETURN date_trunc('month', at AT TIME ZONE 'Europe/Amsterdam')::date`);

    // When the voucher was granted (its ordinal taken); kept after complete, withdraw and expire.
    await db.query(`ALTER TABLE applications ADD COLUMN granted_at timestamptz`);
    await db.query(`
      UPDATE applications a SET granted_at = h.at
      FROM (SELECT application_id, min(at) AS at FROM application_history WHERE action = 'grant' GROUP BY application_id) h
      WHERE h.application_id = a.id`);
    await db.query(
      `UPDATE applications SET granted_at = updated_at WHERE voucher_ordinal IS NOT NULL AND granted_at IS NULL`,
    );
    // The grant rate of the last 30 days in O(log n): the ordinal of the last grant before the
    // window, found by one backward step through this index.
    await db.query(`
      CREATE INDEX applications_granted_idx ON applications (programme_id, granted_at)
      INCLUDE (voucher_ordinal) WHERE granted_at IS NOT NULL`);

    await db.query(`
      CREATE TABLE report_cells (
        programme_id uuid NOT NULL REFERENCES programmes(id),
        status text NOT NULL,
        target_group text NOT NULL,
        gender text NOT NULL,
        training_kind text NOT NULL,
        -- month of grant (Europe/Amsterdam) for applications holding a voucher ordinal, else null
        grant_month date,
        count integer NOT NULL,
        CONSTRAINT report_cells_key UNIQUE NULLS NOT DISTINCT
          (programme_id, status, target_group, gender, training_kind, grant_month)
      )`);
    await db.query(`
      CREATE TABLE report_deltas (
        id bigserial PRIMARY KEY,
        programme_id uuid NOT NULL REFERENCES programmes(id),
        status text NOT NULL,
        target_group text NOT NULL,
        gender text NOT NULL,
        training_kind text NOT NULL,
        grant_month date,
        delta integer NOT NULL
      )`);
    await db.query(`CREATE INDEX report_deltas_programme_idx ON report_deltas (programme_id)`);

    // What a report shows of a cell: its count goes to one row per breakdown (status, target
    // group, gender, training kind; month of grant for vouchers), split by whether the people
    // in it hold a voucher. One definition for compaction, reading and bulk loads.
    await db.query(`
      CREATE FUNCTION report_rollup_keys(status text, target_group text, gender text, training_kind text, grant_month date)
      RETURNS TABLE (dimension text, value text, voucher boolean)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$
        SELECT k.dimension, k.value, k.voucher FROM (VALUES
          ('status', status, grant_month IS NOT NULL),
          ('targetGroup', target_group, grant_month IS NOT NULL),
          ('gender', gender, grant_month IS NOT NULL),
          ('trainingKind', training_kind, grant_month IS NOT NULL),
          ('grantMonth', to_char(grant_month, 'YYYY-MM'), true)
        ) AS k(dimension, value, voucher)
        WHERE k.value IS NOT NULL
      $$`);
    // The cells rolled up per breakdown (a few dozen rows per programme): what a report reads,
    // so its cost follows neither the number of applications nor the number of cells.
    await db.query(`
      CREATE TABLE report_rollups (
        programme_id uuid NOT NULL REFERENCES programmes(id),
        dimension text NOT NULL,
        value text NOT NULL,
        voucher boolean NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (programme_id, dimension, value, voucher)
      )`);

    // Whatever is in the database already, counted once.
    await db.query(`
      INSERT INTO report_cells (programme_id, status, target_group, gender, training_kind, grant_month, count)
      SELECT programme_id, status, applicant->>'targetGroup', applicant->>'gender', training->>'kind',
             CASE WHEN voucher_ordinal IS NOT NULL THEN report_month(granted_at) END, count(*)
      FROM applications
      GROUP BY 1, 2, 3, 4, 5, 6`);
    await db.query(`
      INSERT INTO report_rollups (programme_id, dimension, value, voucher, count)
      SELECT c.programme_id, k.dimension, k.value, k.voucher, sum(c.count)
      FROM report_cells c
      CROSS JOIN LATERAL report_rollup_keys(c.status, c.target_group, c.gender, c.training_kind, c.grant_month) k
      GROUP BY 1, 2, 3, 4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_rollups`);
    await db.query(`DROP FUNCTION report_rollup_keys(text, text, text, text, date)`);
    await db.query(`DROP TABLE report_deltas`);
    await db.query(`DROP TABLE report_cells`);
    await db.query(`DROP INDEX applications_granted_idx`);
    await db.query(`ALTER TABLE applications DROP COLUMN granted_at`);
    await db.query(`DROP FUNCTION report_month(timestamptz)`);
  }
}
