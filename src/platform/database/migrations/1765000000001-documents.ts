import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents on applications (issue 11): what was uploaded, by whom, its type as judged from
 * its content, its SHA-256 and the state of its virus scan. The bytes live in the object store
 * (a folder or an S3-compatible bucket), under a key made of the ids.
 */
export class Documents1765000000001 implements MigrationInterface {
  name = 'Documents1765000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        kind text NOT NULL CHECK (kind IN ('completion-proof', 'supporting')),
        file_name text NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        scan text NOT NULL CHECK (scan IN ('pending', 'clean', 'infected')),
        scan_signature text,
        scanned_at timestamptz,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        uploaded_by_id text NOT NULL,
        uploaded_by_role text NOT NULL
      )`);
    await db.query(`CREATE INDEX documents_application_idx ON documents (application_id, uploaded_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE documents`);
  }
}
