import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Actor } from '../kernel/actor';

/** A browser session: who is logged in, the token every POST form must carry, and the ID token (oidc). */
export interface WebSession {
  actor: Actor;
  csrfToken: string;
  idToken: string | null;
}

interface SessionRow {
  actor: Actor;
  csrf_token: string;
  id_token: string | null;
  touch: boolean;
}

/** How often a session's last-seen time is written (the idle limit is minutes, not seconds). */
const TOUCH_AFTER_SECONDS = 30;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Browser sessions in PostgreSQL (docs/architecture.md: no replica keeps state another needs):
 * the cookie holds a random token, the table its SHA-256. A session ends after
 * SESSION_IDLE_SECONDS without a request and SESSION_MAX_SECONDS after login, whichever comes
 * first; pages only, never the JSON API.
 */
@Injectable()
export class SessionStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Starts a session for `actor`; returns the token for the cookie. Ends sessions past their time on the way. */
  async create(actor: Actor, idToken: string | null = null): Promise<{ token: string; session: WebSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await this.db.query(
      `DELETE FROM web_sessions
       WHERE last_seen_at < now() - make_interval(secs => $1) OR created_at < now() - make_interval(secs => $2)`,
      [this.config.SESSION_IDLE_SECONDS, this.config.SESSION_MAX_SECONDS],
    );
    await this.db.query(`INSERT INTO web_sessions (token_hash, actor, csrf_token, id_token) VALUES ($1, $2, $3, $4)`, [
      hashOf(token),
      JSON.stringify(actor),
      csrfToken,
      idToken,
    ]);
    return { token, session: { actor, csrfToken, idToken } };
  }

  /** The live session of `token`, or null; a live one counts as used now. */
  async find(token: string | undefined): Promise<WebSession | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const rows = await this.db.query<SessionRow[]>(
      `SELECT actor, csrf_token, id_token, last_seen_at < now() - make_interval(secs => $4) AS touch
       FROM web_sessions
       WHERE token_hash = $1 AND last_seen_at >= now() - make_interval(secs => $2)
         AND created_at >= now() - make_interval(secs => $3)`,
      [hashOf(token), this.config.SESSION_IDLE_SECONDS, this.config.SESSION_MAX_SECONDS, TOUCH_AFTER_SECONDS],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.touch) {
      await this.db.query(`UPDATE web_sessions SET last_seen_at = now() WHERE token_hash = $1`, [hashOf(token)]);
    }
    return { actor: row.actor, csrfToken: row.csrf_token, idToken: row.id_token };
  }

  async destroy(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.db.query(`DELETE FROM web_sessions WHERE token_hash = $1`, [hashOf(token)]);
  }
}
