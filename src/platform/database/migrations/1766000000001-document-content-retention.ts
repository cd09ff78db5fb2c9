import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention reaches documents too (docs/privacy.md): when an application's personal data goes,
 * its documents' bytes are deleted from the store and their file names (which often carry a
 * name) are blanked; the row stays, marked, so counts and the history still add up.
 */
export class DocumentContentRetention1766000000001 implements MigrationInterface {
  name = 'DocumentContentRetention1766000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE documents ADD COLUMN content_removed_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE documents DROP COLUMN content_removed_at`);
  }
}
