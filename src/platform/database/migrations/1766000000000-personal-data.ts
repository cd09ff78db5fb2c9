import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data (issue 14, docs/privacy.md): the log of staff reads of an application's
 * personal data, append-only by trigger; when an application closed, from which its retention
 * period counts; and when the retention job removed its personal data.
 */
export class PersonalData1766000000000 implements MigrationInterface {
  name = 'PersonalData1766000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE personal_data_access (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        application_id uuid NOT NULL REFERENCES applications(id),
        route text NOT NULL
      )`);
    await db.query(`CREATE INDEX personal_data_access_application_idx ON personal_data_access (application_id, id)`);
    await db.query(`CREATE INDEX personal_data_access_actor_idx ON personal_data_access (actor_id, id)`);
    // The application may add to the log, never change or remove it: these triggers refuse
    // UPDATE, DELETE and TRUNCATE for every role that does not own the schema's triggers.
    await db.query(`
      CREATE FUNCTION personal_data_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'personal_data_access is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER personal_data_access_no_change BEFORE UPDATE OR DELETE ON personal_data_access
      FOR EACH ROW EXECUTE FUNCTION personal_data_access_append_only()`);
    await db.query(`
      CREATE TRIGGER personal_data_access_no_truncate BEFORE TRUNCATE ON personal_data_access
      FOR EACH STATEMENT EXECUTE FUNCTION personal_data_access_append_only()`);

    await db.query(`ALTER TABLE applications ADD COLUMN closed_at timestamptz`);
    await db.query(`ALTER TABLE applications ADD COLUMN personal_data_removed_at timestamptz`);
    // Applications closed already: at their last change, a rejection at the end of its objection deadline.
    await db.query(`
      UPDATE applications SET closed_at = CASE
        WHEN status = 'rejected' AND decision ? 'objectionDeadline'
          THEN greatest(((decision->>'objectionDeadline')::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam', updated_at)
        ELSE updated_at END
      WHERE status IN ('completed', 'rejected', 'withdrawn', 'expired')`);
    // The retention job's work list: closed applications still holding personal data, oldest first.
    await db.query(`
      CREATE INDEX applications_retention_idx ON applications (closed_at)
      WHERE closed_at IS NOT NULL AND personal_data_removed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX applications_retention_idx`);
    await db.query(`ALTER TABLE applications DROP COLUMN personal_data_removed_at`);
    await db.query(`ALTER TABLE applications DROP COLUMN closed_at`);
    await db.query(`DROP TABLE personal_data_access`);
    await db.query(`DROP FUNCTION personal_data_access_append_only()`);
  }
}
