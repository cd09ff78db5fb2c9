import { TestApp } from './support';
import { OidcIssuer } from './support/oidc-issuer';
import { WebClient } from './support/web-client';

const PUBLIC_URL = 'http://vakvoucher.test';
const REDIRECT_URI = `${PUBLIC_URL}/auth/callback`;

/**
 * AUTH_MODE=oidc: the browser login runs the authorization-code flow with PKCE against a real
 * OpenID Connect provider (oidc-provider) in this process. A session starts only when every
 * check passes: the state belongs to this browser, the code is used once, the ID token is for
 * us and not expired, the role is one we know.
 */
describe('browser login with OIDC', () => {
  let issuer: OidcIssuer;
  let t: TestApp;

  beforeAll(async () => {
    issuer = await OidcIssuer.start({
      clientId: 'vakvoucher-web',
      clientSecret: 'vakvoucher-web-secret',
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: `${PUBLIC_URL}/login?logged-out=1`,
      accounts: {
        'applicant-oidc': { name: 'Saskia Smit', email: 'saskia@example.nl', role: 'applicant' },
        'officer-oidc': { name: 'Olaf Officer', role: 'officer', programmes: ['ov-2026'] },
        'stranger-oidc': { name: 'Somebody', role: 'superuser' },
      },
    });
    t = await TestApp.start({
      env: {
        AUTH_MODE: 'oidc',
        AUTH_ISSUER: issuer.url,
        AUTH_AUDIENCE: 'vakvoucher-api',
        AUTH_JWKS_URL: `${issuer.url}/jwks`,
        AUTH_CLIENT_ID: 'vakvoucher-web',
        AUTH_CLIENT_SECRET: 'vakvoucher-web-secret',
        PUBLIC_URL,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });
  beforeEach(() => {
    issuer.account = 'applicant-oidc';
    issuer.spoil = null;
  });

  /** Starts a login in `client`; returns the URL the issuer sends the browser back to. */
  async function loginAtIssuer(client: WebClient): Promise<{ start: string; callback: string }> {
    const page = await client.get('/login');
    expect(page.body).toContain('Verder naar inloggen');
    expect(page.body).not.toContain('Inloggen als');
    const start = await client.post('/auth/start', { next: '' });
    expect(start.status).toBe(303);
    const callback = await issuer.authorize(start.location!, REDIRECT_URI);
    return { start: start.location!, callback };
  }
  const path = (url: string) => url.slice(PUBLIC_URL.length);
  const sessions = async () => (await t.db.query(`SELECT count(*)::int AS n FROM web_sessions`))[0].n as number;

  it('logs in with the authorization-code flow and PKCE; role and name come from the ID token', async () => {
    const client = new WebClient(t.app);
    const { start, callback } = await loginAtIssuer(client);
    const authorize = new URL(start);
    expect(authorize.origin).toBe(issuer.url);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(authorize.searchParams.get('state')).toBe(client.cookies.get('vv_oidc_state'));

    const back = await client.get(path(callback));
    expect(back.status).toBe(303);
    expect(back.location).toBe('/applications');
    const mine = await client.get('/applications');
    expect(mine.status).toBe(200);
    expect(mine.body).toContain('Ingelogd als Saskia Smit');

    const officer = new WebClient(t.app);
    issuer.account = 'officer-oidc';
    const landing = await officer.get(path((await loginAtIssuer(officer)).callback));
    expect(landing.location).toBe('/officer');
  });

  it('refuses a tampered state: no session', async () => {
    const client = new WebClient(t.app);
    const { callback } = await loginAtIssuer(client);
    const before = await sessions();
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const reply = await client.get(path(tampered.href));
    expect(reply.location).toBe('/login?failed=1');
    expect(client.cookies.has('vv_session')).toBe(false);
    expect(await sessions()).toBe(before);
  });

  it('refuses a replayed code: once more in the same way, and with a fresh state at the issuer', async () => {
    const client = new WebClient(t.app);
    const { callback } = await loginAtIssuer(client);
    const state = client.cookies.get('vv_oidc_state')!;
    expect((await client.get(path(callback))).location).toBe('/applications');

    const replay = new WebClient(t.app);
    replay.cookies.set('vv_oidc_state', state);
    expect((await replay.get(path(callback))).location).toBe('/login?failed=1');
    expect(replay.cookies.has('vv_session')).toBe(false);

    // The used code with the state of a new login in that browser: the issuer itself refuses it.
    const other = new WebClient(t.app);
    await other.get('/login');
    await other.post('/auth/start', { next: '' });
    const fresh = other.cookies.get('vv_oidc_state')!;
    const reused = new URL(callback);
    reused.searchParams.set('state', fresh);
    const answers = issuer.tokenAnswers.length;
    expect((await other.get(path(reused.href))).location).toBe('/login?failed=1');
    expect(issuer.tokenAnswers.slice(answers)).toEqual([400]);
    expect(other.cookies.has('vv_session')).toBe(false);
  });

  it.each(['wrong-audience', 'expired'] as const)('refuses an ID token that is %s', async (spoil) => {
    const client = new WebClient(t.app);
    const { callback } = await loginAtIssuer(client);
    issuer.spoil = spoil;
    const answers = issuer.tokenAnswers.length;
    const before = await sessions();
    const reply = await client.get(path(callback));
    expect(issuer.tokenAnswers.slice(answers)).toEqual([200]); // the issuer answered; the client refused
    expect(reply.location).toBe('/login?failed=1');
    expect(client.cookies.has('vv_session')).toBe(false);
    expect(await sessions()).toBe(before);
  });

  it('refuses a role this system does not know', async () => {
    const client = new WebClient(t.app);
    issuer.account = 'stranger-oidc';
    const reply = await client.get(path((await loginAtIssuer(client)).callback));
    expect(reply.location).toBe('/login?failed=1');
    expect(client.cookies.has('vv_session')).toBe(false);
  });

  it('logs out here and at the issuer', async () => {
    const client = new WebClient(t.app);
    await client.get(path((await loginAtIssuer(client)).callback));
    await client.get('/applications');
    const out = await client.post('/logout');
    const end = new URL(out.location!);
    expect(end.origin).toBe(issuer.url);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/login?logged-out=1`);
    expect((await client.get('/applications')).status).toBe(303);
  });
});
