import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { BaseClient, generators, Issuer } from 'openid-client';
import { DataSource } from 'typeorm';
import { AppConfig, publicUrl } from '../config/app-config';
import { Actor } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';
import { toActor } from './token-verifier';

/** How long a login at the issuer may take before its state is forgotten. */
const LOGIN_TTL_SECONDS = 600;

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Browser login at the OIDC issuer (AUTH_MODE=oidc): the authorization-code flow with PKCE
 * (openid-client). What a login under way needs (PKCE verifier, nonce, where to go next) is kept
 * in the database under the hash of its `state`, used once; the browser holds the state in a
 * cookie, so a callback must come back to the browser that started it. The ID token is checked
 * by openid-client (signature, issuer, audience, expiry, nonce); role and scope come from its
 * claims, read as for bearer tokens.
 */
@Injectable()
export class OidcLogin {
  private client: Promise<BaseClient> | null = null;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  get enabled(): boolean {
    return this.config.AUTH_MODE === 'oidc' && !!this.config.AUTH_ISSUER && !!this.config.AUTH_CLIENT_ID;
  }

  get redirectUri(): string {
    return `${publicUrl(this.config)}/auth/callback`;
  }

  private issuerClient(): Promise<BaseClient> {
    this.client ??= Issuer.discover(this.config.AUTH_ISSUER!).then(
      (issuer) =>
        new issuer.Client({
          client_id: this.config.AUTH_CLIENT_ID!,
          client_secret: this.config.AUTH_CLIENT_SECRET,
          redirect_uris: [this.redirectUri],
          response_types: ['code'],
          id_token_signed_response_alg: 'RS256',
          token_endpoint_auth_method: this.config.AUTH_CLIENT_SECRET ? 'client_secret_basic' : 'none',
        }),
      (error: Error) => {
        this.client = null; // try discovery again next time
        throw error;
      },
    );
    return this.client;
  }

  /** Starts a login: the issuer's URL to send the browser to, and the state for its cookie. */
  async start(next: string): Promise<{ url: string; state: string }> {
    const client = await this.issuerClient();
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    await this.db.query(`DELETE FROM oidc_logins WHERE created_at < now() - make_interval(secs => $1)`, [
      LOGIN_TTL_SECONDS,
    ]);
    await this.db.query(
      `INSERT INTO oidc_logins (state_hash, code_verifier, nonce, next_path) VALUES ($1, $2, $3, $4)`,
      [hashOf(state), codeVerifier, nonce, next],
    );
    const url = client.authorizationUrl({
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state };
  }

  /**
   * Finishes a login from the issuer's redirect (`query`) in the browser whose cookie holds
   * `cookieState`. Any mismatch, replay, bad token or unknown role is `unauthenticated`.
   */
  async finish(
    query: Record<string, unknown>,
    cookieState: string | undefined,
  ): Promise<{ actor: Actor; idToken: string; next: string }> {
    const state = typeof query.state === 'string' ? query.state : '';
    if (!cookieState || state !== cookieState) throw refused('the state does not belong to this browser');
    const [rows] = await this.db.query<[{ code_verifier: string; nonce: string; next_path: string }[], number]>(
      `DELETE FROM oidc_logins WHERE state_hash = $1 AND created_at >= now() - make_interval(secs => $2)
       RETURNING code_verifier, nonce, next_path`,
      [hashOf(state), LOGIN_TTL_SECONDS],
    );
    const login = rows[0];
    if (!login) throw refused('no login under way with this state (used before, or too old)');
    const client = await this.issuerClient();
    const params = client.callbackParams(`${this.redirectUri}?${new URLSearchParams(stringsOf(query))}`);
    let tokens;
    try {
      tokens = await client.callback(this.redirectUri, params, {
        state,
        nonce: login.nonce,
        code_verifier: login.code_verifier,
      });
    } catch (error) {
      throw refused((error as Error).message);
    }
    if (!tokens.id_token) throw refused('the issuer sent no ID token');
    return { actor: toActor(tokens.claims()), idToken: tokens.id_token, next: login.next_path };
  }

  /** Where to send the browser to end the session at the issuer too, when it offers that. */
  async logoutUrl(idToken: string | null, returnTo: string): Promise<string | null> {
    if (!this.enabled || !idToken) return null;
    const client = await this.issuerClient().catch(() => null);
    if (!client?.issuer.metadata.end_session_endpoint) return null;
    return client.endSessionUrl({ id_token_hint: idToken, post_logout_redirect_uri: returnTo });
  }
}

function stringsOf(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function refused(reason: string): DomainError {
  return new DomainError('unauthenticated', `OIDC login refused: ${reason}`);
}
