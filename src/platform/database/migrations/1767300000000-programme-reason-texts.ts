import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme's own standard texts for the reason of a rejection, a decision not to consider,
 * an objection's outcome (`{"reject": ["…"], …}`); empty means the pages' default texts.
 */
export class ProgrammeReasonTexts1767300000000 implements MigrationInterface {
  name = 'ProgrammeReasonTexts1767300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE programmes ADD COLUMN reason_texts jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE programmes DROP COLUMN reason_texts`);
  }
}
