import { Caller, TestApp } from './support';
import { SmtpCatcher } from './support/smtp-catcher';

/**
 * Issue 14: every staff read of an application's personal data is logged (who, role, when,
 * which application, which route); the applicant's own reads are not. The GET routes are taken
 * from the served OpenAPI document, so a route added later is covered without touching this
 * file: an answer to staff that shows the applicant's details (a marker in the name and in a
 * reason on the record) must have been logged, and an answer that shows none must not.
 */

type Json = any;
const MARKER = 'Zoë Merkteken';

interface Outcome {
  route: string;
  caller: string;
  status: number;
  shows: boolean;
  logged: { actor_id: string; actor_role: string; application_id: string; route: string }[];
}

describe('the personal-data access log', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let programme: Json;
  let marked: Json;
  let other: Json;
  let owner: Caller;
  let document: Json;
  const staff: Record<string, { caller: Caller; id: string; role: string }> = {};

  const logCount = async () => Number((await t.db.query(`SELECT count(*)::int AS n FROM personal_data_access`))[0].n);
  const logSince = (count: number) =>
    t.db.query(
      `SELECT actor_id, actor_role, application_id::text, route FROM personal_data_access ORDER BY id OFFSET $1`,
      [count],
    );

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ env: { SMTP_URL: smtp.url }, worker: true });
    programme = await t.newProgramme({ milestones: [1] });
    owner = await t.applicant('applicant-marked');
    ({ application: marked } = await t.newApplication(programme.code, {
      applicant: owner,
      body: { applicant: { name: MARKER, email: 'zoe@example.nl', publicityConsent: true } },
    }));
    ({ application: other } = await t.newApplication(programme.code));
    const reviewer = await t.officer([programme.code], 'officer-reviewer');
    const granter = await t.officer([programme.code], 'officer-granter');
    const review = await reviewer.post(`/api/v1/applications/${marked.id}/transitions`, {
      action: 'review',
      reason: `Gesproken met ${MARKER} over de opleiding`,
    });
    expect(review.status).toBe(200);
    expect((await granter.post(`/api/v1/applications/${marked.id}/transitions`, { action: 'grant' })).status).toBe(200);
    // A document whose name and content carry the applicant's name, as real ones do.
    document = await t.uploadDocument(owner, marked.id, {
      fileName: `Diploma ${MARKER}.pdf`,
      bytes: Buffer.from(`%PDF-1.4\n% ${MARKER}\ntrailer << >>\n%%EOF\n`, 'utf8'),
    });
    await t.drain();
    staff.officer = {
      caller: await t.officer([programme.code], 'officer-reader'),
      id: 'officer-reader',
      role: 'officer',
    };
    staff.admin = { caller: await t.as({ sub: 'admin-reader', role: 'admin' }), id: 'admin-reader', role: 'admin' };
    staff.provincial = {
      caller: await t.provincial('OV', 'provincial-reader'),
      id: 'provincial-reader',
      role: 'provincial',
    };
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** Every GET operation of the OpenAPI document, with its parameters filled in. */
  async function getRoutes(): Promise<{ template: string; url: string }[]> {
    const doc = (await t.anonymous.get('/api/docs-json')).body;
    const values: Record<string, string> = {
      id: marked.id,
      code: programme.code,
      province: 'OV',
      documentId: document.id,
    };
    // Paths in the document are relative to its server (/api/v1).
    return Object.entries(doc.paths as Record<string, Record<string, Json>>)
      .filter(([, item]) => item.get)
      .map(([relative]) => `${doc.servers[0].url}${relative}`)
      .map((path) => ({
        template: `GET ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        url: path.replace(/\{(\w+)\}/g, (_, name: string) => {
          if (!(name in values)) throw new Error(`no value for {${name}} in ${path}: add one to this test`);
          return encodeURIComponent(values[name]);
        }),
      }));
  }

  async function read(who: string, caller: Caller, route: { template: string; url: string }): Promise<Outcome> {
    const before = await logCount();
    const reply = await caller.get(route.url);
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return {
      route: route.template,
      caller: who,
      status: reply.status,
      shows: reply.status < 300 && text.includes(MARKER),
      logged: await logSince(before),
    };
  }

  it('logs every staff read that shows personal data, on every GET route, and no other', async () => {
    const outcomes: Outcome[] = [];
    for (const route of await getRoutes()) {
      for (const [who, { caller }] of Object.entries(staff)) outcomes.push(await read(who, caller, route));
    }
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
    for (const o of outcomes) {
      const { id, role } = staff[o.caller];
      if (o.shows) {
        expect({ ...o, logged: o.logged.length > 0 }).toEqual({ ...o, logged: true });
        for (const row of o.logged) {
          expect(row).toEqual({ actor_id: id, actor_role: role, application_id: row.application_id, route: o.route });
          expect([marked.id, other.id]).toContain(row.application_id);
        }
        expect(o.logged.map((r) => r.application_id)).toContain(marked.id);
      } else {
        expect({ ...o, logged: o.logged.length }).toEqual({ ...o, logged: 0 });
      }
    }
    // The routes that showed the details to staff: the ones docs/privacy.md lists.
    const showing = [...new Set(outcomes.filter((o) => o.shows).map((o) => `${o.caller} ${o.route}`))].sort();
    expect(showing).toEqual(
      [
        'admin GET /api/v1/applications',
        'admin GET /api/v1/applications/:id',
        'admin GET /api/v1/applications/:id/history',
        'admin GET /api/v1/applications/:id/documents',
        'admin GET /api/v1/applications/:id/documents/:documentId/content',
        'admin GET /api/v1/programmes/:code/milestones',
        'officer GET /api/v1/applications',
        'officer GET /api/v1/applications/:id',
        'officer GET /api/v1/applications/:id/history',
        'officer GET /api/v1/applications/:id/documents',
        'officer GET /api/v1/applications/:id/documents/:documentId/content',
        'officer GET /api/v1/programmes/:code/milestones',
        'provincial GET /api/v1/programmes/:code/milestones',
      ].sort(),
    );
    // A list is one INSERT with a row per application shown.
    const list = outcomes.find((o) => o.caller === 'officer' && o.route === 'GET /api/v1/applications')!;
    expect(list.logged.map((r) => r.application_id).sort()).toEqual([marked.id, other.id].sort());
  });

  it("never logs the applicant's own reads, on any GET route", async () => {
    const outcomes: Outcome[] = [];
    for (const route of await getRoutes()) outcomes.push(await read('owner', owner, route));
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
    expect(
      outcomes
        .filter((o) => o.shows)
        .map((o) => o.route)
        .sort(),
    ).toEqual(
      [
        'GET /api/v1/applications',
        'GET /api/v1/applications/:id',
        'GET /api/v1/applications/:id/history',
        'GET /api/v1/applications/:id/documents',
        'GET /api/v1/applications/:id/documents/:documentId/content',
        'GET /api/v1/me/data',
        'GET /api/v1/me/notifications',
      ].sort(),
    );
    expect(outcomes.filter((o) => o.logged.length > 0)).toEqual([]);
  });

  it("logs a staff transition's answer (it shows the application), not the applicant's", async () => {
    const { application } = await t.newApplication(programme.code, {
      applicant: await t.applicant(),
      body: { applicant: { name: MARKER } },
    });
    let before = await logCount();
    const reply = await staff.officer.caller.post(`/api/v1/applications/${application.id}/transitions`, {
      action: 'reject',
      reason: 'Buiten de regeling',
    });
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.body)).toContain(MARKER);
    expect(await logSince(before)).toEqual([
      {
        actor_id: 'officer-reader',
        actor_role: 'officer',
        application_id: application.id,
        route: 'POST /api/v1/applications/:id/transitions',
      },
    ]);
    // The logged read commits with the step: one transaction wrote it and the history row, in
    // one statement (one round trip: the same command id, cmin).
    const [{ same, oneStatement }] = await t.db.query(
      `SELECT l.xmin::text = h.xmin::text AS same, l.cmin::text = h.cmin::text AS "oneStatement"
       FROM personal_data_access l, application_history h
       WHERE l.application_id = $1 AND h.application_id = $1 AND h.action = 'reject'`,
      [application.id],
    );
    expect({ same, oneStatement }).toEqual({ same: true, oneStatement: true });

    const { application: mine, applicant } = await t.newApplication(programme.code);
    before = await logCount();
    expect((await applicant.post(`/api/v1/applications/${mine.id}/transitions`, { action: 'withdraw' })).status).toBe(
      200,
    );
    expect(await logCount()).toBe(before);
    // A refused transition shows nothing and logs nothing.
    expect(
      (await staff.officer.caller.post(`/api/v1/applications/${mine.id}/transitions`, { action: 'review' })).status,
    ).toBe(409);
    expect(await logCount()).toBe(before);
  });

  it('is append-only: the database refuses to change or remove a row', async () => {
    expect(await logCount()).toBeGreaterThan(0);
    for (const statement of [
      `UPDATE personal_data_access SET actor_id = 'someone-else'`,
      `DELETE FROM personal_data_access`,
      `TRUNCATE personal_data_access`,
    ]) {
      await expect(t.db.query(statement)).rejects.toThrow(/append-only/);
    }
  });

  it('lets admins query it by application, actor and time, newest first, page by page', async () => {
    const admin = await t.admin();
    const all = await admin.get(`/api/v1/access-log?application=${marked.id}&limit=200`);
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThan(3);
    expect(all.body.items.every((e: Json) => e.applicationId === marked.id)).toBe(true);
    const ids = all.body.items.map((e: Json) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actor: { id: expect.any(String), role: expect.any(String) },
      applicationId: marked.id,
      route: expect.stringMatching(/^(GET|POST) \/api\/v1\//),
    });

    const byActor = await admin.get(`/api/v1/access-log?actor=provincial-reader`);
    expect(byActor.body.items.map((e: Json) => [e.actor, e.route])).toEqual([
      [{ id: 'provincial-reader', role: 'provincial' }, 'GET /api/v1/programmes/:code/milestones'],
    ]);

    const pages: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await admin.get(
        `/api/v1/access-log?application=${marked.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      pages.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.body.items);

    const future = await admin.get(`/api/v1/access-log?from=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body).toEqual({ items: [], nextCursor: null });
    const past = await admin.get(`/api/v1/access-log?to=2000-01-01`);
    expect(past.body.items).toEqual([]);

    for (const [query, field] of [
      ['application=nope', 'application'],
      ['from=yesterday', 'from'],
      ['to=2027-13-45', 'to'],
      ['cursor=bm9wZQ', 'cursor'],
      ['limit=0', 'limit'],
    ]) {
      const bad = await admin.get(`/api/v1/access-log?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.invalidParams.map((p: Json) => p.name)).toContain(field);
    }
    expect((await staff.officer.caller.get('/api/v1/access-log')).status).toBe(403);
    expect((await owner.get('/api/v1/access-log')).status).toBe(403);
    expect((await t.anonymous.get('/api/v1/access-log')).status).toBe(401);
  });
});
