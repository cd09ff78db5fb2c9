import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The officer's work queue in rank order (officer-queue.ts, RANK_ORDER): by rank, the
 * applications without a rank yet (lottery day not drawn) after the ranked ones as rank
 * 2147483647, then submission time and id. Two indexes over exactly that key, per programme and
 * status (the views) and per programme ("all"), so a page is one walk that stops after the page.
 * They replace the submission-order indexes of the initial schema, which nothing else reads by
 * order; the (programme_id, status) prefix the eligibility check counts with stays.
 */
export class QueueRankOrder1767400000000 implements MigrationInterface {
  name = 'QueueRankOrder1767400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX applications_queue_status_idx
        ON applications (programme_id, status, (coalesce(rank, 2147483647)), submitted_at, id)`);
    await db.query(`
      CREATE INDEX applications_queue_idx ON applications (programme_id, (coalesce(rank, 2147483647)), submitted_at, id)`);
    await db.query(`DROP INDEX applications_programme_status_idx`);
    await db.query(`DROP INDEX applications_programme_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX applications_programme_idx ON applications (programme_id, submitted_at DESC, id DESC)`,
    );
    await db.query(
      `CREATE INDEX applications_programme_status_idx ON applications (programme_id, status, submitted_at DESC, id DESC)`,
    );
    await db.query(`DROP INDEX applications_queue_idx`);
    await db.query(`DROP INDEX applications_queue_status_idx`);
  }
}
