import { applicationBody, Caller, TestApp } from './support';
import { randomUUID } from 'node:crypto';
import { JobName } from '../src/platform/queue/job-catalogue';
import { JobRegistry } from '../src/platform/queue/job-registry.service';
import { SmtpCatcher } from './support/smtp-catcher';

/**
 * Milestones of a programme with thresholds [3, 10], reached by officers granting through
 * the api with the worker running: one row per threshold, the snapshot, the announcement to
 * the programme's officers and the province's staff (the holder named only with consent),
 * the "approaching" notice, and who may read GET /programmes/{code}/milestones.
 */

const AMOUNTS = [200_000, 250_000, 300_000];

describe('milestones', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let programme: { id: string; code: string; name: string };
  let otherProgramme: { code: string };
  const granted: { id: string; reference: string; voucher: { ordinal: number } }[] = [];
  let staff: Record<
    'reviewer' | 'granter' | 'everything' | 'elsewhere' | 'province' | 'provinceNoMail' | 'otherProvince',
    Caller
  >;
  const address = {
    reviewer: 'reviewer@fonds.example',
    granter: 'granter@fonds.example',
    everything: 'star@fonds.example',
    elsewhere: 'elsewhere@fonds.example',
    province: 'gedeputeerde@overijssel.example',
    otherProvince: 'gedeputeerde@gelderland.example',
  };

  const registry = () => t.worker!.get(JobRegistry, { strict: false });

  /** Submit, eligibility done (by hand: no eligibility worker here), review, grant, and let the worker finish. */
  async function grantOne(body: Record<string, unknown> = {}) {
    const applicant = await t.applicant();
    const submitted = await applicant.post('/api/v1/applications', applicationBody(programme.code, body));
    expect(submitted.status).toBe(201);
    const id = submitted.body.id;
    await t.db.query(
      `UPDATE applications SET eligibility = '{"status":"passed","checkedAt":null,"checks":[]}' WHERE id = $1`,
      [id],
    );
    expect((await staff.reviewer.post(`/api/v1/applications/${id}/transitions`, { action: 'review' })).status).toBe(
      200,
    );
    const grant = await staff.granter.post(`/api/v1/applications/${id}/transitions`, { action: 'grant' });
    expect(grant.status).toBe(200);
    granted.push(grant.body);
    await t.drain();
    return grant.body;
  }

  const reachedMails = (to: string, threshold: number) =>
    smtp
      .to(to)
      .filter(
        (m) => m.subject.includes(`${threshold}e voucher is toegekend`) || m.subject.includes(`the ${threshold}`),
      );
  const approachingMails = (to: string) => smtp.to(to).filter((m) => / tot de |to go until/.test(m.subject));

  let snapshotAtThree: any;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ worker: true, env: { WORKER_QUEUES: 'notifications,milestones', SMTP_URL: smtp.url } });
    const created = await t.newProgramme({ name: 'Techniek Twente', province: 'OV', milestones: [10, 3] });
    const [{ id }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [created.code]);
    programme = { ...created, id };
    otherProgramme = await t.newProgramme({ province: 'OV' });
    const officer = (sub: string, programmes: string[], email: string, name: string) =>
      t.as({ sub, role: 'officer', programmes, email, name });
    staff = {
      reviewer: await officer('ms-reviewer', [programme.code], address.reviewer, 'Anouk Visser'),
      granter: await officer('ms-granter', [programme.code], address.granter, 'Bram Kok'),
      everything: await officer('ms-star', ['*'], address.everything, 'Carla Bos'),
      elsewhere: await officer('ms-elsewhere', [otherProgramme.code], address.elsewhere, 'Dirk Meijer'),
      province: await t.as({
        sub: 'ms-ov',
        role: 'provincial',
        province: 'OV',
        email: address.province,
        name: 'Gedeputeerde Overijssel',
      }),
      provinceNoMail: await t.as({ sub: 'ms-ov-nomail', role: 'provincial', province: 'OV' }),
      otherProvince: await t.as({ sub: 'ms-ge', role: 'provincial', province: 'GE', email: address.otherProvince }),
    };
    // Staff are known from their tokens once they have called the api.
    for (const caller of Object.values(staff)) expect((await caller.get('/api/v1/me/notifications')).status).toBe(200);
    await t.db.query(`UPDATE staff_members SET locale = 'en' WHERE id = 'ms-star'`);

    await grantOne({
      applicant: { name: 'Yara Haddad', gender: 'female', targetGroup: 'jobseeker' },
      training: { kind: 'upskilling' },
      requestedAmountCents: AMOUNTS[0],
    });
    await grantOne({
      applicant: { name: 'Koen Dijkstra', gender: 'male', targetGroup: 'employee' },
      employer: { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' },
      training: { kind: 'reskilling' },
      requestedAmountCents: AMOUNTS[1],
    });
    await grantOne({
      applicant: { name: 'Fenna Jansen', gender: 'female', targetGroup: 'career-switcher', publicityConsent: true },
      training: { kind: 'retraining' },
      requestedAmountCents: AMOUNTS[2],
    });
    [{ snapshot: snapshotAtThree }] = await t.db.query(
      `SELECT snapshot FROM milestones WHERE programme_id = $1 AND threshold = 3`,
      [programme.id],
    );
    for (let i = 4; i <= 9; i++) await grantOne();
    await grantOne({ applicant: { name: 'Pieter Bakker', publicityConsent: false } });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('has one milestone row per threshold, naming the voucher with that ordinal', async () => {
    const rows = await t.db.query(
      `SELECT threshold, ordinal, application_id FROM milestones WHERE programme_id = $1 ORDER BY threshold`,
      [programme.id],
    );
    expect(rows).toEqual([
      { threshold: 3, ordinal: 3, application_id: granted[2].id },
      { threshold: 10, ordinal: 10, application_id: granted[9].id },
    ]);
    expect(granted.map((g) => g.voucher.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stores a snapshot of the first N vouchers by target group, training kind and gender, with the counters', async () => {
    const [{ snapshot }] = await t.db.query(
      `SELECT snapshot FROM milestones WHERE programme_id = $1 AND threshold = 3`,
      [programme.id],
    );
    expect(snapshot).toEqual({
      takenAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      threshold: 3,
      vouchers: {
        count: 3,
        amountCents: 750_000,
        byTargetGroup: { jobseeker: 1, employee: 1, 'career-switcher': 1, 'self-employed': 0, teacher: 0 },
        byTrainingKind: { upskilling: 1, reskilling: 1, retraining: 1 },
        byGender: { female: 2, male: 1, 'non-binary': 0, undisclosed: 0 },
      },
      grantedCount: 3,
      committedCents: 750_000,
      spentCents: 0,
      budgetCents: 160_000_000,
    });
    const [{ snapshot: atTen }] = await t.db.query(
      `SELECT snapshot FROM milestones WHERE programme_id = $1 AND threshold = 10`,
      [programme.id],
    );
    expect(atTen.vouchers.count).toBe(10);
    expect(atTen.vouchers.byGender).toEqual({ female: 2, male: 8, 'non-binary': 0, undisclosed: 0 });
    expect(atTen.grantedCount).toBe(10);
  });

  it('keeps the first snapshot and sends nothing twice when the job runs again', async () => {
    const [row] = await t.db.query(
      `SELECT id, payload FROM outbox WHERE type = 'milestone.reached' AND payload->>'threshold' = '3'
      AND payload->>'programmeCode' = $1`,
      [programme.code],
    );
    const before = smtp.mails.length;
    expect(await registry().handle(JobName.AnnounceMilestone, { ...row.payload, eventId: row.id })).toBe('done');
    const [{ snapshot }] = await t.db.query(
      `SELECT snapshot FROM milestones WHERE programme_id = $1 AND threshold = 3`,
      [programme.id],
    );
    expect(snapshot).toEqual(snapshotAtThree);
    expect(snapshot.grantedCount).toBe(3); // not the 10 granted by now
    expect(smtp.mails.length).toBe(before);
  });

  it('announces each threshold once, by mail and in-app, to officers in scope and provincial staff of the province only', async () => {
    for (const who of ['reviewer', 'granter', 'province'] as const) {
      for (const threshold of [3, 10]) {
        const mails = reachedMails(address[who], threshold);
        expect(mails).toHaveLength(1);
        expect(mails[0].subject).toBe(`Techniek Twente: de ${threshold}e voucher is toegekend`);
        expect(mails[0].text).toContain(granted[threshold - 1].reference);
      }
    }
    const star = smtp.to(address.everything).filter((m) => m.subject.includes('voucher has been granted'));
    expect(star.map((m) => m.subject).sort()).toEqual([
      'Techniek Twente: the 10th voucher has been granted',
      'Techniek Twente: the 3rd voucher has been granted',
    ]);
    expect(smtp.to(address.elsewhere)).toHaveLength(0);
    expect(smtp.to(address.otherProvince)).toHaveLength(0);

    const three = reachedMails(address.province, 3)[0].text;
    expect(three).toContain('  - werkzoekenden: 1\n  - werknemers: 1\n  - zij-instromers: 1');
    expect(three).toContain('  - bijscholing: 1\n  - omscholing: 1\n  - herscholing: 1');
    expect(three).toContain('  - vrouwen: 2\n  - mannen: 1\n  - non-binair: 0\n  - niet opgegeven: 0');
    expect(three).toContain('toegekende vouchers: 3');

    // In-app: the same, once per threshold, for the staff without an address too.
    for (const who of ['reviewer', 'province', 'provinceNoMail'] as const) {
      const { body } = await staff[who].get('/api/v1/me/notifications');
      const subjects = body.items.map((i: { subject: string }) => i.subject);
      expect(subjects.filter((s: string) => s.endsWith('voucher is toegekend')).sort()).toEqual([
        'Techniek Twente: de 10e voucher is toegekend',
        'Techniek Twente: de 3e voucher is toegekend',
      ]);
    }
    for (const who of ['elsewhere', 'otherProvince'] as const) {
      expect((await staff[who].get('/api/v1/me/notifications')).body.items).toEqual([]);
    }
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE template = 'milestone-reached' AND recipient_id = 'ms-ov-nomail'`,
    );
    expect(n).toBe(2);
  });

  it('names the holder only when they consented to publicity', async () => {
    const withConsent = reachedMails(address.province, 3)[0].text;
    expect(withConsent).toContain('Houder van de voucher: Fenna Jansen');
    const without = reachedMails(address.province, 10)[0].text;
    expect(without).not.toContain('Pieter Bakker');
    expect(without).toContain('De houder heeft geen toestemming gegeven om bij naam genoemd te worden.');
    const toStaff = Object.values(address).flatMap((a) => smtp.to(a));
    expect(toStaff.length).toBeGreaterThan(0);
    for (const mail of toStaff) expect(mail.text).not.toMatch(/Pieter Bakker|Yara Haddad|Koen Dijkstra/);
  });

  it('sends the approaching notice once per threshold, when within max(2%, 5 vouchers) of it', async () => {
    for (const who of ['reviewer', 'granter', 'province'] as const) {
      expect(
        approachingMails(address[who])
          .map((m) => m.subject)
          .sort(),
      ).toEqual([
        'Techniek Twente: nog 2 vouchers tot de 3e voucher', // at the first grant: 2 to go, within 5
        'Techniek Twente: nog 5 vouchers tot de 10e voucher', // at the fifth grant, not before
      ]);
    }
    expect(
      approachingMails(address.everything)
        .map((m) => m.subject)
        .sort(),
    ).toEqual([
      'Techniek Twente: 2 vouchers to go until the 3rd voucher',
      'Techniek Twente: 5 vouchers to go until the 10th voucher',
    ]);
    expect(approachingMails(address.elsewhere)).toHaveLength(0);
    expect(approachingMails(address.otherProvince)).toHaveLength(0);
    const keys = await t.db.query(
      `SELECT event_key, count(*)::int AS n FROM notifications WHERE template = 'milestone-approaching' AND channel = 'in-app'
       GROUP BY event_key ORDER BY event_key`,
    );
    expect(keys).toEqual([
      { event_key: `milestone-approaching:${programme.id}:10`, n: 5 },
      { event_key: `milestone-approaching:${programme.id}:3`, n: 5 },
    ]);
  });

  it('skips a milestone that is not there', async () => {
    const outcome = await registry().handle(JobName.AnnounceMilestone, {
      programmeCode: programme.code,
      threshold: 7,
      ordinal: 7,
      applicationId: randomUUID(),
      reference: 'OV-2026-999999',
      eventId: randomUUID(),
    });
    expect(outcome).toBe('skipped');
  });

  describe('GET /api/v1/programmes/{code}/milestones', () => {
    const url = () => `/api/v1/programmes/${programme.code}/milestones`;

    it.each(['reviewer', 'everything', 'province'] as const)(
      'shows them to %s, the holder only with consent',
      async (who) => {
        const reply = await staff[who].get(url());
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({
          items: [
            {
              threshold: 3,
              reachedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
              ordinal: 3,
              applicationReference: granted[2].reference,
              holder: { name: 'Fenna Jansen' },
            },
            {
              threshold: 10,
              reachedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
              ordinal: 10,
              applicationReference: granted[9].reference,
              holder: null,
            },
          ],
        });
      },
    );

    it('shows them to an admin', async () => {
      const reply = await (await t.admin()).get(url());
      expect(reply.status).toBe(200);
      expect(reply.body.items.map((i: { threshold: number }) => i.threshold)).toEqual([3, 10]);
    });

    it.each(['elsewhere', 'otherProvince'] as const)('is 404 not-found for %s', async (who) => {
      const reply = await staff[who].get(url());
      expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 404, code: 'not-found' });
      expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
    });

    it('is 404 for an applicant, even for the holder', async () => {
      const reply = await (await t.applicant()).get(url());
      expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 404, code: 'not-found' });
    });

    it('is 404 for an unknown programme, and an empty list for one without milestones reached', async () => {
      const admin = await t.admin();
      const unknown = await admin.get('/api/v1/programmes/no-such-programme/milestones');
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'not-found' });
      const none = await staff.elsewhere.get(`/api/v1/programmes/${otherProgramme.code}/milestones`);
      expect(none.status).toBe(200);
      expect(none.body).toEqual({ items: [] });
    });

    it('is 401 without a token', async () => {
      expect((await t.anonymous.get(url())).status).toBe(401);
    });
  });
});
