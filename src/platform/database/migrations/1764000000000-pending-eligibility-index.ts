import { MigrationInterface, QueryRunner } from 'typeorm';

/** The recheck sweep finds checks still pending by age; few rows, so a small partial index. */
export class PendingEligibilityIndex1764000000000 implements MigrationInterface {
  name = 'PendingEligibilityIndex1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX applications_pending_eligibility_idx ON applications (submitted_at) WHERE eligibility->>'status' = 'pending'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX applications_pending_eligibility_idx`);
  }
}
