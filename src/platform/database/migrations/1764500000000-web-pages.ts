import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the web pages keep between requests, so any api replica can serve any request and a
 * restart loses nothing: browser sessions, OIDC logins under way, applicants' drafts, and the local mailbox used when
 * no SMTP server is configured.
 */
export class WebPages1764500000000 implements MigrationInterface {
  name = 'WebPages1764500000000';

  async up(db: QueryRunner): Promise<void> {
    // The cookie holds a random token; only its SHA-256 is stored, so a copy of the table opens no session.
    await db.query(`
      CREATE TABLE web_sessions (
        token_hash text PRIMARY KEY,
        actor jsonb NOT NULL,
        csrf_token text NOT NULL,
        id_token text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX web_sessions_last_seen_idx ON web_sessions (last_seen_at)`);
    // A browser login under way at the OIDC issuer (AUTH_MODE=oidc): used once, within minutes.
    await db.query(`
      CREATE TABLE oidc_logins (
        state_hash text PRIMARY KEY,
        code_verifier text NOT NULL,
        nonce text NOT NULL,
        next_path text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE application_drafts (
        id uuid PRIMARY KEY,
        owner_id text NOT NULL,
        programme_code text NOT NULL,
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        submitted_application_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one open draft per applicant and programme.
    await db.query(
      `CREATE UNIQUE INDEX application_drafts_open_unique ON application_drafts (owner_id, programme_code) WHERE submitted_application_id IS NULL`,
    );
    await db.query(`
      CREATE TABLE mailbox (
        id bigserial PRIMARY KEY,
        message_id text NOT NULL,
        recipient text NOT NULL,
        sender text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text,
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mailbox`);
    await db.query(`DROP TABLE application_drafts`);
    await db.query(`DROP TABLE oidc_logins`);
    await db.query(`DROP TABLE web_sessions`);
  }
}
