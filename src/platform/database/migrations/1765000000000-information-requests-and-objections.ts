import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions the way the Awb has them (issue 11): an officer may ask for missing information
 * within a term the programme sets (art. 4:5), and an applicant may object to a decision
 * (chapter 7). The application keeps the open request and the objection; the decision keeps
 * who took it, so that person never decides on the objection (art. 7:5).
 */
export class InformationRequestsAndObjections1765000000000 implements MigrationInterface {
  name = 'InformationRequestsAndObjections1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE programmes ADD COLUMN information_term_days integer NOT NULL DEFAULT 14
        CONSTRAINT programmes_information_term CHECK (information_term_days >= 1)`);
    await db.query(`ALTER TABLE applications ADD COLUMN information_request jsonb, ADD COLUMN objection jsonb`);
    // Decisions taken before now learn who took them, from their history row.
    await db.query(`
      UPDATE applications a SET decision = a.decision
        || jsonb_build_object('decidedBy', h.actor_id, 'decidedAt', to_jsonb(h.at)#>>'{}')
      FROM (SELECT DISTINCT ON (application_id) application_id, actor_id, at FROM application_history
            WHERE action = 'reject' ORDER BY application_id, id DESC) h
      WHERE h.application_id = a.id AND a.decision IS NOT NULL AND NOT a.decision ? 'decidedBy'`);
    // The reminder sweep: open requests by due date (few rows, so a small partial index).
    await db.query(`
      CREATE INDEX applications_information_due_idx ON applications ((information_request->>'dueOn'))
      WHERE status = 'information-requested'`);
    // The officers' digest: what awaits them per programme (open requests and objections).
    await db.query(`
      CREATE INDEX applications_awaiting_officer_idx ON applications (programme_code, status)
      WHERE status IN ('information-requested', 'objection')`);
    // The digest counts the steps of the last 24 hours.
    await db.query(`CREATE INDEX application_history_at_idx ON application_history (at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX application_history_at_idx`);
    await db.query(`DROP INDEX applications_awaiting_officer_idx`);
    await db.query(`DROP INDEX applications_information_due_idx`);
    await db.query(`ALTER TABLE applications DROP COLUMN objection, DROP COLUMN information_request`);
    await db.query(`ALTER TABLE programmes DROP COLUMN information_term_days`);
  }
}
