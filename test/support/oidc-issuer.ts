import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, JWK, SignJWT } from 'jose';
import { Provider } from 'oidc-provider';

/** How the issuer spoils the ID token it hands out next (for the tests of what the client must refuse). */
export type Spoil = 'wrong-audience' | 'expired' | null;

/**
 * A real OpenID Connect provider (oidc-provider), in this process on a loopback port, whose
 * login and consent screens answer at once for `account` — as a person who logs in would.
 * `spoil` makes the token endpoint hand out an ID token signed with the provider's own key but
 * with another audience, or expired, to see the client refuse it.
 */
export class OidcIssuer {
  account = 'applicant-oidc';
  spoil: Spoil = null;
  /** Token endpoint answers, by status. */
  readonly tokenAnswers: number[] = [];

  private constructor(
    readonly url: string,
    private readonly server: Server,
    private readonly key: JWK,
  ) {}

  static async start(options: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    postLogoutRedirectUri: string;
    accounts: Record<string, Record<string, unknown>>;
  }): Promise<OidcIssuer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const key = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const ref: { issuer?: OidcIssuer } = {};
    // oidc-provider's advice for production (its in-memory store) is noise in a test.
    for (const level of ['warn', 'info'] as const) {
      const original = console[level].bind(console);
      console[level] = (...args: unknown[]) =>
        String(args[0]).startsWith('oidc-provider') ? undefined : original(...args);
    }
    const provider = new Provider(url, {
      clients: [
        {
          client_id: options.clientId,
          client_secret: options.clientSecret,
          redirect_uris: [options.redirectUri],
          post_logout_redirect_uris: [options.postLogoutRedirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [key] },
      pkce: { methods: ['S256'], required: () => true },
      claims: { openid: ['sub'], profile: ['name', 'role', 'programmes', 'province'], email: ['email'] },
      conformIdTokenClaims: false,
      findAccount: (_ctx: unknown, sub: string) =>
        options.accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...options.accounts[sub] }) } : undefined,
      features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['oidc-issuer-test-cookie-key'] },
      ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    });
    const handle = provider.callback();
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/interaction/')) return void ref.issuer!.interact(provider, req, res);
      if (req.method === 'POST' && req.url === '/token') ref.issuer!.rewriteToken(res);
      handle(req, res);
    });
    ref.issuer = new OidcIssuer(url, server, key);
    return ref.issuer;
  }

  /** Login and consent, answered at once for `account`. */
  private async interact(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: this.account } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const grant = new provider.Grant({
        accountId: details.session!.accountId!,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      grant.addOIDCClaims(['name', 'role', 'programmes', 'province', 'email']);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  }

  /** Spoils the next token answer's ID token as `spoil` says, re-signed with the provider's key. */
  private rewriteToken(res: ServerResponse): void {
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    const spoil = this.spoil;
    const record = (status: number) => this.tokenAnswers.push(status);
    const key = this.key;
    (res as { end: (chunk?: string | Buffer) => unknown }).end = (chunk?: string | Buffer) => {
      record(res.statusCode);
      if (!spoil || res.statusCode !== 200 || chunk === undefined) return end(chunk);
      void (async () => {
        const body = JSON.parse(chunk.toString()) as { id_token: string };
        const claims = decodeJwt(body.id_token);
        const now = Math.floor(Date.now() / 1000);
        const changed =
          spoil === 'wrong-audience'
            ? { ...claims, aud: 'someone-else' }
            : { ...claims, iat: now - 7200, exp: now - 3600 };
        body.id_token = await new SignJWT(changed)
          .setProtectedHeader({ alg: 'RS256', kid: key.kid })
          .sign(await importJWK(key, 'RS256'));
        const text = JSON.stringify(body);
        res.setHeader('content-length', Buffer.byteLength(text));
        end(text);
      })();
      return res;
    };
  }

  /**
   * Follows the browser's redirects from the issuer's authorization URL (keeping the issuer's
   * cookies) until it is sent back to `redirectUri`; returns that URL, code and state in it.
   */
  async authorize(authorizationUrl: string, redirectUri: string): Promise<string> {
    const jar = new Map<string, string>();
    let location = authorizationUrl;
    for (let hop = 0; hop < 10; hop++) {
      if (location.startsWith(redirectUri)) return location;
      const response = await fetch(location, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const next = response.headers.get('location');
      if (!next) throw new Error(`the issuer answered ${response.status} at ${location}: ${await response.text()}`);
      location = new URL(next, location).href;
    }
    throw new Error('too many redirects at the issuer');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
