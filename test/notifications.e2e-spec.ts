import { applicationBody, Caller, TestApp } from './support';
import { randomUUID } from 'node:crypto';
import { JobName } from '../src/platform/queue/job-catalogue';
import { JobRegistry } from '../src/platform/queue/job-registry.service';
import { Queues } from '../src/platform/queue/queues.module';
import { messageIdFor } from '../src/platform/mail/mailer.service';
import { MailInFlightError, NotificationsService } from '../src/features/notifications/notifications.service';
import { CaughtMail, SmtpCatcher } from './support/smtp-catcher';

/**
 * Messages to applicants (every transition, by e-mail and in-app, in their language), at
 * most once per event; GET /me/notifications; the officers' daily digest. Real PostgreSQL,
 * Redis, the worker in-process and a real SMTP server on 127.0.0.1.
 */

const MAIL_DOMAIN = 'vakvoucher.test';
const NL_MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2027-11-21 → "21 november 2027" / "21 November 2027", written out independently of Intl. */
function spelled(date: string, locale: 'nl' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${(locale === 'nl' ? NL_MONTHS : EN_MONTHS)[m - 1]} ${y}`;
}

describe('notifications', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let programme: { code: string; name: string };
  let reviewer: Caller;
  let granter: Caller;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({
      worker: true,
      env: {
        WORKER_QUEUES: 'notifications,milestones',
        SMTP_URL: smtp.url,
        MAIL_FROM: `Vakvoucher <noreply@${MAIL_DOMAIN}>`,
      },
    });
    programme = await t.newProgramme({ name: 'Overijssels Vakmanschap (test)' });
    reviewer = await t.officer([programme.code]);
    granter = await t.officer([programme.code]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const registry = () => t.worker!.get(JobRegistry, { strict: false });
  const service = () => t.worker!.get(NotificationsService, { strict: false });

  async function submit(applicant: Record<string, unknown> = {}, body: Record<string, unknown> = {}) {
    const sub = t.unique('applicant');
    const caller = await t.applicant(sub);
    const email = `${sub}@example.nl`;
    const reply = await caller.post(
      '/api/v1/applications',
      applicationBody(programme.code, { ...body, applicant: { email, ...applicant } }),
    );
    expect(reply.status).toBe(201);
    return { application: reply.body, caller, sub, email };
  }

  async function act(officer: Caller, id: string, body: Record<string, unknown>) {
    if (body.action === 'review') {
      // The eligibility worker is not part of this suite: its check is done by hand.
      await t.db.query(
        `UPDATE applications SET eligibility = '{"status":"passed","checkedAt":null,"checks":[]}' WHERE id = $1`,
        [id],
      );
    }
    const reply = await officer.post(`/api/v1/applications/${id}/transitions`, body);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  async function inbox(caller: Caller, query = '') {
    const reply = await caller.get(`/api/v1/me/notifications${query}`);
    expect(reply.status).toBe(200);
    return reply.body as { items: any[]; nextCursor: string | null };
  }

  /** The one mail to `address` whose subject is `subject` (jobs of one application may run in any order). */
  const mailTo = (address: string, subject: string) => only(smtp.to(address).filter((m) => m.subject === subject));

  const only = (mails: CaughtMail[]) => {
    expect(mails).toHaveLength(1);
    return mails[0];
  };

  describe('to the applicant, on submission and every transition', () => {
    it('in Dutch: submission, review and grant with voucher code, amount in euros and expiry date', async () => {
      const { application, caller, email } = await submit({ locale: 'nl', name: 'Ahmad Al Haj' });
      await t.drain();
      const received = only(smtp.to(email));
      expect(received.subject).toBe(`Uw aanvraag ${application.reference} is ontvangen`);
      expect(received.text).toContain('Beste Ahmad Al Haj,');
      expect(received.text).toContain(`Kenmerk: ${application.reference}`);
      expect(received.text).toContain('Status: ingediend');
      expect(received.text).toContain('Overijssels Vakmanschap (test)');
      expect(received.from).toBe(`Vakvoucher <noreply@${MAIL_DOMAIN}>`);
      expect(received.headers['auto-submitted']).toBe('auto-generated');

      await act(reviewer, application.id, { action: 'review' });
      const granted = await act(granter, application.id, { action: 'grant', amountCents: 250_000 });
      await t.drain();
      const mails = [
        `Uw aanvraag ${application.reference} is ontvangen`,
        `Uw aanvraag ${application.reference} is beoordeeld`,
        `Uw vakvoucher is toegekend (${application.reference})`,
      ].map((subject) => mailTo(email, subject));
      expect(smtp.to(email)).toHaveLength(3);
      expect(mails[1].text).toContain('Status: beoordeeld');
      const grant = mails[2].text;
      expect(grant).toContain('Status: toegekend');
      expect(grant).toContain(`Vouchercode: ${granted.voucher.code}`);
      expect(grant).toContain('Bedrag: €\u00a02.500,00'); // nl-NL: a no-break space after the euro sign
      expect(grant).toContain(`Geldig tot en met: ${spelled(granted.voucher.expiresOn, 'nl')}`);
      expect(grant).toContain('De Techniek Academie');

      // The mail ends with a link to the application's page and has an HTML part saying the same.
      const link = `Bekijk uw aanvraag: http://localhost:3000/applications/${application.id}`;
      expect(grant.trimEnd().endsWith(link)).toBe(true);
      expect(mails[2].html).toContain('<html lang="nl">');
      expect(mails[2].html).toContain(`href="http://localhost:3000/applications/${application.id}"`);
      expect(mails[2].html).toContain(`Vouchercode: ${granted.voucher.code}`);

      // The same messages in-app (without the link: they are on that page), newest first.
      const { items } = await inbox(caller);
      expect(items.map((i) => i.subject)).toEqual(mails.map((m) => m.subject).reverse());
      expect(`${items[0].body}\n${link}`).toBe(grant.trimEnd());
      expect(items[0]).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        subject: mails[2].subject,
        body: expect.stringContaining(`Vouchercode: ${granted.voucher.code}`),
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        readAt: null,
        applicationId: application.id,
      });
    });

    it('in English: the same, with the amount as en-GB formats it', async () => {
      const { application, email } = await submit({ locale: 'en', name: 'Sarah de Vries' });
      await act(reviewer, application.id, { action: 'review' });
      const granted = await act(granter, application.id, { action: 'grant', amountCents: 250_000 });
      await t.drain();
      expect(smtp.to(email)).toHaveLength(3);
      const mails = [
        `We have received your application ${application.reference}`,
        `Your application ${application.reference} has been reviewed`,
        `Your training voucher has been granted (${application.reference})`,
      ].map((subject) => mailTo(email, subject));
      expect(mails[0].text).toContain('Dear Sarah de Vries,');
      expect(mails[0].text).toContain('Status: submitted');
      expect(mails[2].text).toContain('Status: granted');
      expect(mails[2].text).toContain(`Voucher code: ${granted.voucher.code}`);
      expect(mails[2].text).toContain('Amount: €2,500.00');
      expect(mails[2].text).toContain(`Valid until: ${spelled(granted.voucher.expiresOn, 'en')}`);
      expect(mails[2].text).not.toMatch(/Vouchercode|Bedrag/);
    });

    it.each([
      ['nl', 'Besluit op uw aanvraag %s: afgewezen', 'Status: afgewezen', 'uiterlijk op'],
      ['en', 'Decision on your application %s: rejected', 'Status: rejected', 'no later than'],
    ] as const)(
      'a rejection in %s gives the reasons and the objection deadline',
      async (locale, subject, status, by) => {
        const { application, caller, email } = await submit({ locale });
        const reason = 'Uw woonadres en uw werkgever liggen buiten de regio van het programma.';
        const rejected = await act(reviewer, application.id, { action: 'reject', reason });
        await t.drain();
        expect(smtp.to(email)).toHaveLength(2);
        const mail = mailTo(email, subject.replace('%s', application.reference));
        expect(mail.text).toContain(status);
        expect(mail.text).toContain(reason);
        expect(mail.text).toContain(`${by} ${spelled(rejected.decision.objectionDeadline, locale)}`);
        expect(mail.text).toContain('Awb');
        expect(mail.text.startsWith((await inbox(caller)).items[0].body)).toBe(true);
        expect(mail.text).toContain(`/applications/${rejected.id}`);
      },
    );

    it('completion and withdrawal are told too, in plain words', async () => {
      const done = await submit();
      await act(reviewer, done.application.id, { action: 'review' });
      await act(granter, done.application.id, { action: 'grant' });
      await t.uploadDocument(done.caller, done.application.id);
      await act(reviewer, done.application.id, { action: 'complete', reason: 'Diploma gezien' });
      const gone = await submit({ locale: 'en' });
      const withdrawn = await gone.caller.post(`/api/v1/applications/${gone.application.id}/transitions`, {
        action: 'withdraw',
      });
      expect(withdrawn.status).toBe(200);
      await t.drain();
      expect(smtp.to(done.email)).toHaveLength(4);
      const completed = mailTo(done.email, `Uw opleiding is afgerond (${done.application.reference})`);
      expect(completed.text).toContain('Status: afgerond');
      expect(smtp.to(gone.email)).toHaveLength(2);
      const withdrawal = mailTo(gone.email, `Your application ${gone.application.reference} has been withdrawn`);
      expect(withdrawal.text).toContain('Status: withdrawn');
    });
  });

  describe('at most once per event', () => {
    it('the same job run twice, and once more under another job id, yields one mail and one in-app message', async () => {
      const { application, email, sub } = await submit();
      await t.drain();
      const [row] = await t.db.query(
        `SELECT id, payload FROM outbox WHERE type = 'application.submitted' AND payload->>'applicationId' = $1`,
        [application.id],
      );
      const payload = { ...row.payload, eventId: row.id };
      expect(await registry().handle(JobName.NotifyApplicant, payload)).toBe('done');
      await t.app.get(Queues).add(JobName.NotifyApplicant, payload, { jobId: `again-${row.id}` });
      await t.drain();
      expect(smtp.to(email)).toHaveLength(1);
      const rows = await t.db.query(
        `SELECT channel, sent_at FROM notifications WHERE event_key = $1 ORDER BY channel`,
        [row.id],
      );
      expect(rows.map((r: { channel: string }) => r.channel)).toEqual(['email', 'in-app']);
      expect(rows[0].sent_at).not.toBeNull();
      expect(smtp.to(email)[0].messageId).toBe(messageIdFor(row.id, sub, MAIL_DOMAIN));
    });

    it('skips an application that is gone', async () => {
      const before = smtp.mails.length;
      const outcome = await registry().handle(JobName.NotifyApplicant, {
        applicationId: randomUUID(),
        reference: 'OV-2026-999999',
        programmeCode: programme.code,
        action: 'submit',
        from: null,
        to: 'submitted',
        actorId: 'nobody',
        eventId: randomUUID(),
      });
      expect(outcome).toBe('skipped');
      expect(smtp.mails.length).toBe(before);
    });

    const recipient = (id: string) => ({ id, email: `${id}@example.nl`, locale: 'nl', name: 'Fatma Yilmaz' });
    const delivery = (eventKey: string, id: string) => ({
      eventKey,
      recipient: recipient(id),
      template: 'application-status-changed' as const,
      vars: { reference: 'OV-2026-000001', programme: 'Vakmanschap', status: 'ingediend' },
      channels: ['email', 'in-app'] as const,
    });

    it('deliver twice with the same key: the second finds both rows and sends nothing', async () => {
      const key = `test:${randomUUID()}`;
      const id = t.unique('person');
      expect(await service().deliver(delivery(key, id))).toEqual({ email: 'sent', 'in-app': 'created' });
      expect(await service().deliver(delivery(key, id))).toEqual({ email: 'already-sent', 'in-app': 'exists' });
      const mail = only(smtp.to(`${id}@example.nl`));
      expect(mail.messageId).toBe(messageIdFor(key, id, MAIL_DOMAIN));
      expect(messageIdFor(key, id, MAIL_DOMAIN)).not.toBe(messageIdFor(`${key}x`, id, MAIL_DOMAIN));
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE event_key = $1`, [key]);
      expect(n).toBe(2);
    });

    it('a mail the server refused is not recorded as sent: the retry sends it', async () => {
      const key = `test:${randomUUID()}`;
      const id = t.unique('person');
      smtp.refuseNext(1);
      await expect(service().deliver(delivery(key, id))).rejects.toThrow(/451|try again/i);
      const rows = await t.db.query(`SELECT channel FROM notifications WHERE event_key = $1`, [key]);
      expect(rows.map((r: { channel: string }) => r.channel)).toEqual(['in-app']);
      expect(await service().deliver(delivery(key, id))).toEqual({ email: 'sent', 'in-app': 'exists' });
      only(smtp.to(`${id}@example.nl`));
    });

    it('an unsent mail row older than a minute (the attempt died mid-send) is sent by the retry, once', async () => {
      const key = `test:${randomUUID()}`;
      const id = t.unique('person');
      await t.db.query(
        `INSERT INTO notifications (event_key, recipient_id, channel, address, template, locale, subject, body, created_at)
         VALUES ($1, $2, 'email', $3, 'application-status-changed', 'nl', 'Wat de eerste poging vastlegde', 'De vastgelegde tekst.', now() - interval '2 minutes')`,
        [key, id, `${id}@example.nl`],
      );
      expect(await service().deliver({ ...delivery(key, id), channels: ['email'] })).toEqual({ email: 'resent' });
      const mail = only(smtp.to(`${id}@example.nl`));
      expect(mail.subject).toBe('Wat de eerste poging vastlegde');
      expect(mail.text).toBe('De vastgelegde tekst.\n');
      expect(mail.messageId).toBe(messageIdFor(key, id, MAIL_DOMAIN));
      const [{ sent }] = await t.db.query(
        `SELECT sent_at IS NOT NULL AS sent FROM notifications WHERE event_key = $1`,
        [key],
      );
      expect(sent).toBe(true);
      expect(await service().deliver({ ...delivery(key, id), channels: ['email'] })).toEqual({ email: 'already-sent' });
      expect(smtp.to(`${id}@example.nl`)).toHaveLength(1);
    });

    it('an unsent mail row younger than a minute may still be in flight: no second send, the job retries later', async () => {
      const key = `test:${randomUUID()}`;
      const id = t.unique('person');
      await t.db.query(
        `INSERT INTO notifications (event_key, recipient_id, channel, address, template, locale, subject, body)
         VALUES ($1, $2, 'email', $3, 'application-status-changed', 'nl', 'In behandeling', 'Tekst.')`,
        [key, id, `${id}@example.nl`],
      );
      await expect(service().deliver({ ...delivery(key, id), channels: ['email'] })).rejects.toBeInstanceOf(
        MailInFlightError,
      );
      expect(smtp.to(`${id}@example.nl`)).toHaveLength(0);
    });
  });

  describe('GET /api/v1/me/notifications', () => {
    it("shows the caller's own in-app messages only, newest first", async () => {
      const first = await submit();
      const second = await submit();
      await act(reviewer, first.application.id, { action: 'review' });
      await t.drain();
      const mine = await inbox(first.caller);
      expect(mine.items.map((i) => i.applicationId)).toEqual([first.application.id, first.application.id]);
      expect(mine.items[0].subject).toContain('beoordeeld');
      expect(mine.items[1].subject).toContain('ontvangen');
      expect(Date.parse(mine.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(mine.items[1].createdAt));
      expect(mine.nextCursor).toBeNull();
      const theirs = await inbox(second.caller);
      expect(theirs.items.map((i) => i.applicationId)).toEqual([second.application.id]);
      expect((await inbox(reviewer)).items).toEqual([]);
      expect((await t.anonymous.get('/api/v1/me/notifications')).status).toBe(401);
    });

    it('orders by when the event happened, not by when its job ran', async () => {
      const sub = t.unique('inbox-owner');
      const caller = await t.applicant(sub);
      const message = (eventKey: string, status: string, occurredAt: Date) =>
        service().deliver({
          eventKey,
          recipient: { id: sub, email: null, locale: 'nl', name: 'Noor' },
          template: 'application-status-changed',
          vars: { reference: 'OV-2026-000042', programme: 'Vakmanschap', status },
          channels: ['in-app'],
          occurredAt,
        });
      await message(`test:${randomUUID()}`, 'toegekend', new Date()); // its job happened to run first
      await message(`test:${randomUUID()}`, 'beoordeeld', new Date(Date.now() - 60_000));
      const { items } = await inbox(caller);
      expect(items.map((i) => i.subject)).toEqual([
        'De status van uw aanvraag OV-2026-000042 is gewijzigd: toegekend',
        'De status van uw aanvraag OV-2026-000042 is gewijzigd: beoordeeld',
      ]);
    });

    it('pages with limit and cursor, and refuses a forged cursor', async () => {
      const { application, caller } = await submit();
      await act(reviewer, application.id, { action: 'review' });
      await act(granter, application.id, { action: 'grant' });
      await t.drain();
      const page1 = await inbox(caller, '?limit=2');
      expect(page1.items).toHaveLength(2);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const page2 = await inbox(caller, `?limit=2&cursor=${page1.nextCursor}`);
      expect(page2.items).toHaveLength(1);
      expect(page2.nextCursor).toBeNull();
      expect(page2.items[0].subject).toContain('ontvangen');
      const forged = await caller.get(
        `/api/v1/me/notifications?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      );
      expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 400, code: 'invalid-request' });
    });
  });

  describe('daily digest', () => {
    it('sends each officer with an address one mail listing the last 24 hours in their programmes; nothing when none', async () => {
      const other = await t.newProgramme();
      const quiet = await t.newProgramme();
      const officer = (sub: string, programmes: string[], email?: string, name?: string) =>
        t.as({ sub, role: 'officer', programmes, name, ...(email ? { email } : {}) });
      const noAddressId = t.unique('digest-noaddress');
      const people = {
        inScope: await officer(
          t.unique('digest-officer'),
          [programme.code, other.code],
          'in-scope@fonds.example',
          'Els Mulder',
        ),
        everything: await officer(t.unique('digest-star'), ['*'], 'star@fonds.example', 'Joost Smit'),
        quiet: await officer(t.unique('digest-quiet'), [quiet.code], 'quiet@fonds.example'),
        noAddress: await officer(noAddressId, [programme.code]),
      };
      for (const caller of Object.values(people)) expect((await caller.get('/api/v1/applications')).status).toBe(200);

      const recent = [(await submit()).application, (await submit()).application];
      const old = (await submit()).application;
      await t.db.query(`UPDATE applications SET submitted_at = now() - interval '25 hours' WHERE id = $1`, [old.id]);
      const otherApplicant = await t.applicant();
      const inOther = await otherApplicant.post('/api/v1/applications', applicationBody(other.code));
      expect(inOther.status).toBe(201);
      await t.drain();
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM applications WHERE submitted_at > now() - interval '24 hours' AND programme_code = ANY($1)`,
        [[programme.code, other.code]],
      );

      expect(await registry().handle(JobName.SendDailyDigest, {})).toBe('done');
      expect(await registry().handle(JobName.SendDailyDigest, {})).toBe('done');

      const mail = only(smtp.to('in-scope@fonds.example'));
      expect(mail.subject).toBe(`Uw dagoverzicht van Vakvoucher: ${count} nieuwe aanvragen`);
      expect(mail.text).toContain('Beste Els Mulder,');
      for (const a of [...recent, inOther.body]) expect(mail.text).toContain(a.reference);
      expect(mail.text).not.toContain(old.reference);
      expect(mail.text).toContain(`${other.code}: 1`);
      expect(mail.text).not.toContain('Ahmad'); // no personal data in the mail
      const star = only(smtp.to('star@fonds.example'));
      for (const a of recent) expect(star.text).toContain(a.reference);
      expect(smtp.to('quiet@fonds.example')).toHaveLength(0);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1`, [
        noAddressId,
      ]);
      expect(n).toBe(0);
      const keys = await t.db.query(`SELECT DISTINCT event_key FROM notifications WHERE template = 'officer-digest'`);
      expect(keys).toEqual([
        {
          event_key: `digest:${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date())}`,
        },
      ]);
    });
  });
});
