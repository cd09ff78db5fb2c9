import { Caller, TestApp } from './support';
import { SmtpCatcher } from './support/smtp-catcher';

type Json = any;

/** Issue 14: GET /api/v1/me/data, everything held about the calling applicant (GDPR art. 15). */
describe('GET /api/v1/me/data', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let owner: Caller;
  let mine: Json;
  let theirs: Json;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ env: { SMTP_URL: smtp.url }, worker: true });
    const programme = await t.newProgramme();
    owner = await t.applicant('applicant-export');
    ({ application: mine } = await t.newApplication(programme.code, {
      applicant: owner,
      body: { applicant: { name: 'Fenna de Vries', email: 'fenna@example.nl' }, motivation: 'Ik wil monteur worden' },
    }));
    ({ application: theirs } = await t.newApplication(programme.code));
    const officer = await t.officer([programme.code], 'officer-export');
    await officer.get(`/api/v1/applications/${mine.id}`);
    await officer.get(`/api/v1/applications/${mine.id}/history`);
    const reviewed = await officer.post(`/api/v1/applications/${mine.id}/transitions`, {
      action: 'reject',
      reason: 'De opleiding is niet technisch',
    });
    expect(reviewed.status).toBe(200);
    await t.drain();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('answers the applications, their history, who of the staff read them, and every message', async () => {
    const reply = await owner.get('/api/v1/me/data');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-disposition']).toMatch(
      /^attachment; filename="vakvoucher-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(reply.headers['cache-control']).toBe('no-store');
    const data = reply.body;
    expect(data.subject).toEqual({ id: 'applicant-export', role: 'applicant' });
    expect(data.retention).toEqual({ years: 7 });
    expect(data.applications.map((a: Json) => a.id)).toEqual([mine.id]);
    const [application] = data.applications;
    expect(application).toMatchObject({
      reference: mine.reference,
      status: 'rejected',
      applicant: { name: 'Fenna de Vries', email: 'fenna@example.nl', postcode: '7511 AB', dateOfBirth: '1990-04-12' },
      motivation: 'Ik wil monteur worden',
      decision: { action: 'reject', reason: 'De opleiding is niet technisch' },
      personalDataRemovedAt: null,
    });
    expect(application.allowedActions).toBeUndefined();
    expect(new Date(application.closedAt).getTime()).toBeGreaterThan(Date.now() + 40 * 86_400_000);
    expect(application.history.map((h: Json) => [h.action, h.actor])).toEqual([
      ['submit', { id: 'applicant-export', role: 'applicant' }],
      ['reject', { id: 'officer-export', role: 'officer' }],
    ]);
    expect(application.accessLog.map((r: Json) => [r.actor, r.route])).toEqual([
      [{ id: 'officer-export', role: 'officer' }, 'GET /api/v1/applications/:id'],
      [{ id: 'officer-export', role: 'officer' }, 'GET /api/v1/applications/:id/history'],
      [{ id: 'officer-export', role: 'officer' }, 'POST /api/v1/applications/:id/transitions'],
    ]);
    expect(application.accessLog.every((r: Json) => !Number.isNaN(Date.parse(r.at)))).toBe(true);
    // Submitted and rejected: a mail and an in-app message each.
    const messages = data.messages.map((m: Json) => [m.channel, m.address, m.applicationId]);
    expect(messages.sort()).toEqual(
      [
        ['email', 'fenna@example.nl', mine.id],
        ['email', 'fenna@example.nl', mine.id],
        ['in-app', null, mine.id],
        ['in-app', null, mine.id],
      ].sort(),
    );
    expect(data.messages.every((m: Json) => m.body.includes('Fenna de Vries'))).toBe(true);
    expect(data.messages.filter((m: Json) => m.channel === 'email').every((m: Json) => m.sentAt !== null)).toBe(true);
  });

  it("holds nobody else's data and is not itself logged", async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM personal_data_access`))[0].n;
    const stranger = await t.applicant();
    const reply = await stranger.get('/api/v1/me/data');
    expect(reply.status).toBe(200);
    expect(reply.body.applications).toEqual([]);
    expect(reply.body.messages).toEqual([]);
    expect(JSON.stringify(reply.body)).not.toContain(theirs.id);
    await owner.get('/api/v1/me/data');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM personal_data_access`))[0].n).toBe(before);
  });

  it('is for applicants: staff get 403, no token 401', async () => {
    expect((await (await t.officer(['*'])).get('/api/v1/me/data')).status).toBe(403);
    expect((await (await t.admin()).get('/api/v1/me/data')).status).toBe(403);
    expect((await (await t.provincial('OV')).get('/api/v1/me/data')).status).toBe(403);
    expect((await t.anonymous.get('/api/v1/me/data')).status).toBe(401);
  });
});
