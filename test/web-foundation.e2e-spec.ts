import { createApiApp } from '../src/app.factory';
import { TestApp } from './support';
import { VALID_ANSWERS, WebClient } from './support/web-client';

/**
 * The foundation of the pages: security headers, assets, language, local login, sessions in the
 * database (idle and absolute limits, across replicas), CSRF, and the wall between page sessions
 * and bearer tokens.
 */
describe('web pages: the foundation', () => {
  let t: TestApp;
  let programme: { code: string; name: string };

  beforeAll(async () => {
    t = await TestApp.start();
    programme = await t.newProgramme();
  });
  afterAll(() => t?.close());

  const web = () => new WebClient(t.app);

  describe('every page', () => {
    it.each(['/', '/login', '/contact', '/privacy', '/toegankelijkheid', '/apply/nope/personal', '/applications/x'])(
      '%s carries the security headers and is HTML with lang, one h1, a title and a skip link',
      async (url) => {
        const reply = await web().get(url);
        expect([200, 303, 404]).toContain(reply.status);
        if (reply.status === 303) return expect(reply.location).toMatch(/^\/login\?next=/);
        expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
        const csp = String(reply.headers['content-security-policy']);
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(reply.headers['x-content-type-options']).toBe('nosniff');
        expect(reply.headers['referrer-policy']).toBe('no-referrer');
        expect(reply.headers['x-frame-options']).toBe('DENY');
        expect(reply.headers['cache-control']).toBe('no-store');
        expect(reply.body).toMatch(/^<!DOCTYPE html><html lang="nl">/);
        expect(reply.body.match(/<h1[ >]/g)).toHaveLength(1);
        expect(reply.body).toMatch(/<title>[^<]{5,}<\/title>/);
        expect(reply.body).toContain('<a class="utrecht-skip-link');
        expect(reply.body).toContain('id="main"');
        expect(reply.body).not.toMatch(/<script>|<script [^>]*>[^<]/); // no inline script
      },
    );

    it('a path no page has is a page for browsers, and problem+json for everyone else', async () => {
      const page = await web().get('/nope');
      expect(page.status).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('Pagina niet gevonden');
      const machine = await t.anonymous.get('/nope');
      expect(machine.status).toBe(404);
      expect(machine.body.code).toBe('not-found');
      const api = await web().get('/api/v1/nope');
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('the start page lists the open programme with its amounts in Dutch money', async () => {
      const { body } = await web().get('/');
      expect(body).toContain(programme.name);
      expect(body).toContain('€\u00a01.000,00 tot €\u00a03.000,00'); // nl-NL: a no-break space after €
      expect(body).toContain(`href="/apply/${programme.code}"`);
      expect(body).toMatch(/Provincies en opleidingsfondsen/); // the programme owner in the header
      expect(body).toMatch(/href="\/contact".*href="\/privacy".*href="\/toegankelijkheid"/s);
    });

    it('the privacy page says what is kept, for how long, and that staff views are logged, in both languages', async () => {
      const nl = (await web().get('/privacy')).body;
      expect(nl).toContain('Wat we bewaren');
      expect(nl).toContain('zeven jaar nadat uw aanvraag is afgesloten');
      expect(nl).toContain('leggen we vast wie, wanneer en welke aanvraag');
      const en = (await web().get('/privacy?lang=en')).body;
      expect(en).toContain('What we keep');
      expect(en).toContain('seven years after your application closed');
    });

    it('speaks English with ?lang=en, remembers it in a cookie, and goes back with ?lang=nl', async () => {
      const client = web();
      const en = await client.get('/?lang=en');
      expect(en.body).toMatch(/^<!DOCTYPE html><html lang="en">/);
      expect(en.body).toContain('Apply for a training voucher');
      expect(en.body).toContain('€1,000.00 to €3,000.00');
      expect(String(en.headers['set-cookie'])).toMatch(/vv_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/);
      expect((await client.get('/privacy')).body).toMatch(/<html lang="en">/);
      expect((await client.get('/privacy?lang=nl')).body).toMatch(/<html lang="nl">/);
      expect((await client.get('/')).body).toContain('Vraag een vakvoucher aan');
    });
  });

  describe('assets', () => {
    it('serves the stylesheet and script under a content hash, cached for a year; other names are 404', async () => {
      const { body } = await web().get('/');
      const css = /href="(\/assets\/site\.[0-9a-f]{16}\.css)"/.exec(body)![1];
      const js = /src="(\/assets\/enhance\.[0-9a-f]{16}\.js)"/.exec(body)![1];
      for (const [url, type] of [
        [css, 'text/css; charset=utf-8'],
        [js, 'text/javascript; charset=utf-8'],
      ]) {
        const reply = await web().get(url);
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe(type);
        expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
      expect((await web().get(css)).body).toContain('.utrecht-button{');
      expect((await web().get('/assets/site.0000000000000000.css')).status).toBe(404);
    });

    it('keeps the apply page, with its stylesheet and script, under 150 KB', async () => {
      const client = web();
      await client.loginAs('applicant-new');
      const page = await client.get(`/apply/${programme.code}/training`);
      expect(page.status).toBe(200);
      const css = /href="(\/assets\/[^"]+\.css)"/.exec(page.body)![1];
      const js = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)![1];
      const weight =
        Buffer.byteLength(page.body) +
        Buffer.byteLength((await client.get(css)).body) +
        Buffer.byteLength((await client.get(js)).body);
      expect(weight).toBeLessThan(150 * 1024);
    });
  });

  describe('login in local mode', () => {
    it('lists the demo people as buttons, each a form with a CSRF token', async () => {
      const { body } = await web().get('/login');
      for (const name of ['Noor Bakker', 'Ahmad Al Haj', 'Olga Oosterhof', 'Ilse Ten Have', 'Anna Admin']) {
        expect(body).toContain(`Inloggen als ${name}`);
      }
      expect(body.match(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}"\/>/g)!.length).toBeGreaterThan(10);
    });

    it('starts a session in an HttpOnly, SameSite=Lax cookie (not Secure over http) and lands on my applications', async () => {
      const client = web();
      const reply = await client.loginAs('applicant-1');
      expect(reply.status).toBe(303);
      expect(reply.location).toBe('/applications');
      const cookie = ([] as string[])
        .concat(reply.headers['set-cookie'] as string[])
        .find((c) => c.startsWith('vv_session='))!;
      expect(cookie).toMatch(/^vv_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      const mine = await client.get('/applications');
      expect(mine.status).toBe(200);
      expect(mine.body).toContain('Ingelogd als Ahmad Al Haj');
    });

    it('refuses a POST without the CSRF token, or with another one: 403 and no session', async () => {
      for (const token of [undefined, 'x'.repeat(43), '']) {
        const client = web();
        await client.get('/login');
        const fields: Record<string, string> = { person: 'applicant-1' };
        if (token !== undefined) fields._csrf = token;
        const reply = await client.request('POST', '/login', new URLSearchParams(fields).toString());
        expect(reply.status).toBe(403);
        expect(reply.body).toContain('Het formulier is verlopen');
        expect(client.cookies.has('vv_session')).toBe(false);
      }
    });

    it('refuses a logged-in form post with the token of another session', async () => {
      const a = web();
      const b = web();
      await a.loginAs('applicant-1');
      await b.loginAs('applicant-2');
      await a.get('/applications');
      await b.get('/applications');
      const reply = await a.post('/logout', { _csrf: b.csrf });
      expect(reply.status).toBe(403);
      expect((await a.get('/applications')).status).toBe(200);
    });

    it('sends someone who is not logged in to /login and back to the page afterwards', async () => {
      const client = web();
      const reply = await client.get(`/apply/${programme.code}`);
      expect(reply.status).toBe(303);
      expect(reply.location).toBe(`/login?next=${encodeURIComponent(`/apply/${programme.code}`)}`);
      const login = await client.get(reply.location!);
      expect(login.body).toContain(`name="next" value="/apply/${programme.code}"`);
      const after = await client.post('/login', { person: 'applicant-3', next: `/apply/${programme.code}` });
      expect(after.location).toBe(`/apply/${programme.code}`);
      await client.get('/login');
      expect((await client.post('/login', { person: 'applicant-3', next: '//evil.example/x' })).location).toBe(
        '/applications',
      );
    });

    it('logs out: the session ends in the database too', async () => {
      const client = web();
      await client.loginAs('applicant-4');
      const token = client.cookies.get('vv_session')!;
      await client.get('/applications');
      const out = await client.post('/logout');
      expect(out.location).toBe('/login?logged-out=1');
      const replay = new WebClient(t.app);
      replay.cookies.set('vv_session', token);
      expect((await replay.get('/applications')).status).toBe(303);
    });

    it('offers no demo login and no mailbox in production', async () => {
      const production = await TestApp.start({ env: { NODE_ENV: 'production' } });
      try {
        const client = new WebClient(production.app);
        const page = await client.get('/login');
        expect(page.body).not.toContain('Inloggen als');
        client.csrf = client.cookies.get('vv_csrf')!;
        const reply = await client.post('/login', { person: 'admin-1' });
        expect(reply.location).toBe('/login?failed=1');
        expect(client.cookies.has('vv_session')).toBe(false);
        expect((await client.get('/dev/mailbox')).status).toBe(404);
      } finally {
        await production.close();
      }
    });

    it('marks the session cookie Secure when PUBLIC_URL is https', async () => {
      const https = await TestApp.start({ env: { PUBLIC_URL: 'https://vakvoucher.example.nl' } });
      try {
        const reply = await new WebClient(https.app).loginAs('applicant-1');
        expect(String(reply.headers['set-cookie'])).toMatch(
          /vv_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/,
        );
      } finally {
        await https.close();
      }
    });
  });

  describe('sessions', () => {
    it('end after 15 minutes without a request, and 12 hours after login whatever happens', async () => {
      const idle = web();
      await idle.loginAs('applicant-5');
      await t.db.query(`UPDATE web_sessions SET last_seen_at = now() - interval '16 minutes'`);
      const reply = await idle.get('/applications');
      expect(reply.status).toBe(303);
      expect(reply.location).toBe('/login?next=%2Fapplications&expired=1');
      expect((await idle.get(reply.location!)).body).toContain('U was een tijd niet actief');

      const busy = web();
      await busy.loginAs('applicant-5');
      await t.db.query(`UPDATE web_sessions SET created_at = now() - interval '12 hours 1 minute'`);
      expect((await busy.get('/applications')).status).toBe(303);

      const fresh = web();
      await fresh.loginAs('applicant-5');
      await t.db.query(`UPDATE web_sessions SET last_seen_at = now() - interval '14 minutes'`);
      expect((await fresh.get('/applications')).status).toBe(200);
    });

    it('live in the database: another replica (or a restarted process) knows them', async () => {
      const client = web();
      await client.loginAs('applicant-6');
      const other = await createApiApp(t.config);
      try {
        const there = new WebClient(other);
        there.cookies.set('vv_session', client.cookies.get('vv_session')!);
        const reply = await there.get('/applications');
        expect(reply.status).toBe(200);
        expect(reply.body).toContain('Lotte Bakker');
        const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM web_sessions`);
        expect(count).toBeGreaterThan(0);
        const rows = await t.db.query(`SELECT token_hash FROM web_sessions`);
        expect(rows.map((r: { token_hash: string }) => r.token_hash)).not.toContain(client.cookies.get('vv_session'));
      } finally {
        await other.close();
      }
    });

    it('never authenticate the JSON API, and bearer tokens never authenticate pages', async () => {
      const client = web();
      await client.loginAs('applicant-1');
      const api = await client.get('/api/v1/applications');
      expect(api.status).toBe(401);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);

      const applicant = await t.applicant('applicant-1');
      const token = (applicant as unknown as { token: string }).token;
      const page = await web().get('/applications', { authorization: `Bearer ${token}` });
      expect(page.status).toBe(303);
      expect(page.location).toMatch(/^\/login/);
    });

    it('send officers to their work queue, and keep staff out of the applicant pages', async () => {
      const client = web();
      const reply = await client.loginAs('officer-ov-1');
      expect(reply.location).toBe('/officer');
      expect((await client.get('/officer')).body).toContain('<h1 class="utrecht-heading-1">Werkvoorraad</h1>');
      const mine = await client.get('/applications');
      expect(mine.status).toBe(403);
      expect(mine.body).toContain('Geen toegang');
    });
  });

  it('an applicant sees only their own applications: another one is "not found"', async () => {
    const owner = web();
    await owner.loginAs('applicant-7-en');
    await owner.answerAll(programme.code, VALID_ANSWERS);
    await owner.get(`/apply/${programme.code}/check`);
    const sent = await owner.post(`/apply/${programme.code}/check`, {
      draft: /name="draft" value="([^"]+)"/.exec((await owner.get(`/apply/${programme.code}/check`)).body)![1],
    });
    const id = /\/applications\/([0-9a-f-]{36})/.exec(sent.location!)![1];
    expect((await owner.get(`/applications/${id}`)).status).toBe(200);

    const stranger = web();
    await stranger.loginAs('applicant-8');
    for (const url of [`/applications/${id}`, `/applications/${id}/withdraw`]) {
      const reply = await stranger.get(url);
      expect(reply.status).toBe(404);
      expect(reply.body).toContain('Pagina niet gevonden');
      expect(reply.body).not.toContain(VALID_ANSWERS['applicant.name']);
    }
    expect((await stranger.post(`/applications/${id}/withdraw`)).status).toBe(404);
    expect((await t.db.query(`SELECT status FROM applications WHERE id = $1`, [id]))[0].status).toBe('submitted');
  });
});
