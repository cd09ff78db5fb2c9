import { Caller, Reply, TestApp } from './support';
import { JobName } from '../src/platform/queue/job-catalogue';
import { JobRegistry } from '../src/platform/queue/job-registry.service';
import { CaughtMail, SmtpCatcher } from './support/smtp-catcher';

/**
 * Issue 11, the lifecycle: request-information, supplement, not-consider, object, uphold,
 * dismiss and withdraw from the new states, row by row and guard by guard, through the api,
 * with what each writes (history, outbox, the application's fields) and tells (mail to the
 * applicant, officers in scope told of an objection), the reminder three days before a due
 * date, and the officers' digest. Real PostgreSQL, Redis, the worker in-process, SMTP on 127.0.0.1.
 */

const NL_MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september'].concat([
  'oktober',
  'november',
  'december',
]);

/** 2027-11-21 → "21 november 2027", written out independently of Intl. */
function spelled(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${NL_MONTHS[m - 1]} ${y}`;
}

/** The calendar date in the Netherlands, plus `days`. */
function today(days = 0): string {
  const now = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const d = new Date(`${now}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  if (field) expect((reply.body.invalidParams ?? []).map((p: { name: string }) => p.name)).toContain(field);
}

const sorted = (xs: string[]) => [...xs].sort();

describe('information requests and objections (issue 11)', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let programme: { code: string; name: string; informationTermDays: number };
  let reviewer: Caller;
  let granter: Caller;
  let reviewerSub: string;
  let granterSub: string;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ worker: true, env: { SMTP_URL: smtp.url } });
    programme = await t.newProgramme({ name: 'Overijssels Vakmanschap (test)' });
    reviewerSub = t.unique('reviewer');
    granterSub = t.unique('granter');
    reviewer = await t.as({
      sub: reviewerSub,
      role: 'officer',
      programmes: [programme.code],
      email: `${reviewerSub}@fonds.example`,
      name: 'Els Mulder',
    });
    granter = await t.as({
      sub: granterSub,
      role: 'officer',
      programmes: [programme.code],
      email: `${granterSub}@fonds.example`,
      name: 'Joost Smit',
    });
    // Officers become known to the worker by calling the api.
    for (const officer of [reviewer, granter]) expect((await officer.get('/api/v1/applications')).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const url = (id: string) => `/api/v1/applications/${id}`;
  const act = (caller: Caller, id: string, body: Record<string, unknown>) =>
    caller.post(`${url(id)}/transitions`, body);
  const actionsOf = async (caller: Caller, id: string) => sorted((await caller.get(url(id))).body.allowedActions);
  const only = (mails: CaughtMail[]) => {
    expect(mails).toHaveLength(1);
    return mails[0];
  };
  const mailTo = (address: string, subject: string) => only(smtp.to(address).filter((m) => m.subject === subject));

  async function submitted(code = programme.code) {
    const sub = t.unique('applicant');
    const applicant = await t.as({ sub, role: 'applicant', email: `${sub}@example.nl` });
    const { application } = await t.newApplication(code, {
      applicant,
      body: { applicant: { email: `${sub}@example.nl`, name: 'Ahmad Al Haj' } },
    });
    return {
      id: application.id as string,
      reference: application.reference as string,
      applicant,
      email: `${sub}@example.nl`,
    };
  }

  async function requested(reason = 'Stuur de offerte van de opleider mee.') {
    const a = await submitted();
    const reply = await act(reviewer, a.id, { action: 'request-information', reason });
    expect(reply.status).toBe(200);
    return { ...a, reply };
  }

  /** The information due date passes, as the clock would have it (not a transition). */
  const dueDatePasses = (id: string) =>
    t.db.query(
      `UPDATE applications SET information_request = jsonb_set(information_request, '{dueOn}', to_jsonb($2::text)) WHERE id = $1`,
      [id, today(-1)],
    );
  /** The objection deadline passes. */
  const objectionTermPasses = (id: string) =>
    t.db.query(
      `UPDATE applications SET decision = jsonb_set(decision, '{objectionDeadline}', to_jsonb($2::text)) WHERE id = $1`,
      [id, today(-1)],
    );

  async function rejected() {
    const a = await submitted();
    const reply = await act(reviewer, a.id, { action: 'reject', reason: 'De opleiding is niet technisch.' });
    expect(reply.status).toBe(200);
    return a;
  }

  async function objected() {
    const a = await rejected();
    const reply = await act(a.applicant, a.id, { action: 'object', reason: 'Installatietechniek is technisch.' });
    expect(reply.status).toBe(200);
    return a;
  }

  async function outboxOf(id: string) {
    return t.db.query(`SELECT type, payload FROM outbox WHERE payload->>'applicationId' = $1 ORDER BY created_at`, [
      id,
    ]);
  }

  describe('request-information (officer, from submitted or reviewed)', () => {
    it('asks with a reason; the due date is today + the programme’s term; history, outbox, mail with question and date', async () => {
      const a = await submitted();
      const reply = await act(reviewer, a.id, { action: 'request-information', reason: '  Stuur de offerte mee.  ' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'information-requested',
        version: 2,
        informationRequest: { reason: 'Stuur de offerte mee.', dueOn: today(14) },
      });
      expect(await actionsOf(a.applicant, a.id)).toEqual(['supplement', 'withdraw']);
      expect(await actionsOf(reviewer, a.id)).toEqual([]); // not-consider waits for the due date
      const history = await a.applicant.get(`${url(a.id)}/history`);
      expect(history.body.items.at(-1)).toMatchObject({
        action: 'request-information',
        from: 'submitted',
        to: 'information-requested',
        actor: { id: reviewerSub, role: 'officer' },
        reason: 'Stuur de offerte mee.',
      });
      expect((await outboxOf(a.id)).map((o: { type: string }) => o.type)).toEqual([
        'application.submitted',
        'application.information-requested',
      ]);
      await t.drain();
      const mail = mailTo(a.email, `Wij hebben meer informatie nodig over uw aanvraag ${a.reference}`);
      expect(mail.text).toContain('Stuur de offerte mee.');
      expect(mail.text).toContain(`uiterlijk op ${spelled(today(14))}`);
      expect(mail.text).toContain('Status: wacht op uw aanvulling');
    });

    it('uses the programme’s informationTermDays, and works from reviewed', async () => {
      const short = await t.newProgramme({ informationTermDays: 3 });
      const officer = await t.officer([short.code]);
      const other = await t.officer([short.code]);
      const { application } = await t.reviewedApplication(short.code, officer);
      const reply = await act(other, application.id, { action: 'request-information', reason: 'Welke opleider?' });
      expect(reply.status).toBe(200);
      expect(reply.body.informationRequest.dueOn).toBe(today(3));
    });

    it('422 reason-required without a reason; 403 for the applicant; 409 from granted', async () => {
      const a = await submitted();
      expectProblem(await act(reviewer, a.id, { action: 'request-information' }), 422, 'reason-required');
      expectProblem(await act(reviewer, a.id, { action: 'request-information', reason: '  ' }), 422, 'reason-required');
      expectProblem(await act(a.applicant, a.id, { action: 'request-information', reason: 'x' }), 403, 'forbidden');
      await act(reviewer, a.id, { action: 'review' });
      await act(granter, a.id, { action: 'grant' });
      expectProblem(
        await act(reviewer, a.id, { action: 'request-information', reason: 'x' }),
        409,
        'illegal-transition',
      );
    });
  });

  describe('supplement (applicant, own, back to submitted)', () => {
    it('422 nothing-supplemented without an answer or a document since the request; one uploaded before does not count', async () => {
      const a = await submitted();
      await t.uploadDocument(a.applicant, a.id, { kind: 'supporting' }); // before the request
      expect((await act(reviewer, a.id, { action: 'request-information', reason: 'Offerte?' })).status).toBe(200);
      expectProblem(await act(a.applicant, a.id, { action: 'supplement' }), 422, 'nothing-supplemented');
      expectProblem(await act(a.applicant, a.id, { action: 'supplement', reason: '   ' }), 422, 'nothing-supplemented');
      expect((await a.applicant.get(url(a.id))).body).toMatchObject({ status: 'information-requested', version: 2 });
    });

    it('an answer (the reason) counts: back to submitted, a fresh eligibility check, the place in the queue kept', async () => {
      const first = await requested();
      const later = await submitted(); // submitted after the first one
      const before = (await first.applicant.get(url(first.id))).body;
      await t.drain();
      const reply = await act(first.applicant, first.id, { action: 'supplement', reason: 'De offerte volgt hierbij.' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'submitted',
        version: 3,
        informationRequest: null,
        eligibility: { status: 'pending' },
        submittedAt: before.submittedAt,
      });
      // The answer is in the history; the event asks for a fresh check.
      const history = await reviewer.get(`${url(first.id)}/history`);
      expect(history.body.items.at(-1)).toMatchObject({
        action: 'supplement',
        from: 'information-requested',
        to: 'submitted',
        reason: 'De offerte volgt hierbij.',
      });
      const event = (await outboxOf(first.id)).find((o: { type: string }) => o.type === 'application.supplemented');
      expect(event.payload).toMatchObject({ action: 'supplement', jobs: ['check-eligibility'] });
      expectProblem(await act(reviewer, first.id, { action: 'review' }), 422, 'eligibility-pending');
      await t.drain();
      const checked = (await reviewer.get(url(first.id))).body;
      expect(['passed', 'failed']).toContain(checked.eligibility.status);
      expect(checked.eligibility.checkedAt).not.toBe(before.eligibility.checkedAt);
      // The work queue (oldest first by submission) still has it before the one submitted later.
      const queue = await reviewer.get(`/api/v1/applications?programme=${programme.code}&status=submitted&limit=200`);
      const order = queue.body.items.map((x: { id: string }) => x.id);
      expect(order.indexOf(first.id)).toBeGreaterThan(order.indexOf(later.id)); // newest first: the earlier one comes after
      expect((await act(reviewer, first.id, { action: 'review' })).status).toBe(200);
      const mail = mailTo(first.email, `Wij hebben uw aanvulling op aanvraag ${first.reference} ontvangen`);
      expect(mail.text).toContain('houdt haar plaats in de rij');
    });

    it('a document uploaded since the request counts too', async () => {
      const a = await requested();
      await t.uploadDocument(a.applicant, a.id, { kind: 'supporting', fileName: 'offerte.pdf' });
      const reply = await act(a.applicant, a.id, { action: 'supplement' });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('submitted');
    });

    it('only the owner: 404 for another applicant, 403 for an officer; 409 when nothing was asked', async () => {
      const a = await requested();
      const other = await t.applicant();
      expectProblem(await act(other, a.id, { action: 'supplement', reason: 'x' }), 404, 'not-found');
      expectProblem(await act(reviewer, a.id, { action: 'supplement', reason: 'x' }), 403, 'forbidden');
      const b = await submitted();
      expectProblem(await act(b.applicant, b.id, { action: 'supplement', reason: 'x' }), 409, 'illegal-transition');
    });
  });

  describe('not-consider (officer, after the due date)', () => {
    it('422 term-running before the due date passed, even with a reason', async () => {
      const a = await requested();
      expectProblem(
        await act(reviewer, a.id, { action: 'not-consider', reason: 'Niets ontvangen.' }),
        422,
        'term-running',
      );
    });

    it('after it: reason-required, then a decision with a six-week objection deadline and its decider; mail', async () => {
      const a = await requested();
      await dueDatePasses(a.id);
      expect(await actionsOf(reviewer, a.id)).toEqual(['not-consider']);
      expectProblem(await act(reviewer, a.id, { action: 'not-consider' }), 422, 'reason-required');
      expectProblem(await act(a.applicant, a.id, { action: 'not-consider', reason: 'x' }), 403, 'forbidden');
      const reply = await act(reviewer, a.id, { action: 'not-consider', reason: 'De offerte kwam niet.' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'not-considered',
        decision: {
          action: 'not-consider',
          reason: 'De offerte kwam niet.',
          objectionDeadline: today(42),
          decidedBy: reviewerSub,
        },
      });
      expect(await actionsOf(a.applicant, a.id)).toEqual(['object']);
      await t.drain();
      const mail = mailTo(a.email, `Besluit op uw aanvraag ${a.reference}: buiten behandeling gesteld`);
      expect(mail.text).toContain('De offerte kwam niet.');
      expect(mail.text).toContain(`uiterlijk op ${spelled(today(42))}`);
    });
  });

  describe('object (applicant, own, from rejected or not-considered, within the term, once)', () => {
    it('reason-required, then the objection with its decision due date; the officers in scope are told', async () => {
      const outsider = t.unique('outsider');
      const elsewhere = await t.as({
        sub: outsider,
        role: 'officer',
        programmes: ['elsewhere'],
        email: `${outsider}@fonds.example`,
      });
      expect((await elsewhere.get('/api/v1/applications')).status).toBe(200);
      const a = await rejected();
      expectProblem(await act(a.applicant, a.id, { action: 'object' }), 422, 'reason-required');
      expectProblem(await act(reviewer, a.id, { action: 'object', reason: 'x' }), 403, 'forbidden');
      expectProblem(await act(await t.applicant(), a.id, { action: 'object', reason: 'x' }), 404, 'not-found');
      const reply = await act(a.applicant, a.id, { action: 'object', reason: 'Installatietechniek is technisch.' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'objection',
        objection: {
          reason: 'Installatietechniek is technisch.',
          decisionDueOn: today(42),
          outcome: null,
          outcomeReason: null,
        },
        decision: { action: 'reject', decidedBy: reviewerSub },
      });
      expect(Date.parse(reply.body.objection.lodgedAt)).not.toBeNaN();
      const event = (await outboxOf(a.id)).find((o: { type: string }) => o.type === 'application.objected');
      expect(event.payload).toMatchObject({ action: 'object', jobs: ['notify-officers'] });
      await t.drain();
      const subject = `Bezwaar gemaakt tegen het besluit op ${a.reference}`;
      for (const sub of [reviewerSub, granterSub]) {
        const mail = mailTo(`${sub}@fonds.example`, subject);
        expect(mail.text).toContain('Installatietechniek is technisch.');
        expect(mail.text).toContain(`uiterlijk op ${spelled(today(42))}`);
        expect(mail.text).not.toContain('Ahmad'); // no personal data beyond what the objection says
      }
      expect(smtp.to(`${outsider}@fonds.example`).filter((m) => m.subject === subject)).toHaveLength(0);
      const inbox = await granter.get('/api/v1/me/notifications');
      expect(inbox.body.items.map((m: { subject: string }) => m.subject)).toContain(subject);
      mailTo(a.email, `Wij hebben uw bezwaar tegen het besluit op ${a.reference} ontvangen`);
    });

    it('from not-considered too', async () => {
      const a = await requested();
      await dueDatePasses(a.id);
      await act(reviewer, a.id, { action: 'not-consider', reason: 'Niets ontvangen.' });
      const reply = await act(a.applicant, a.id, { action: 'object', reason: 'Ik was ziek.' });
      expect(reply.status).toBe(200);
      expect(reply.body.objection.reason).toBe('Ik was ziek.');
    });

    it('422 objection-term-passed after the deadline', async () => {
      const a = await rejected();
      await objectionTermPasses(a.id);
      expect(await actionsOf(a.applicant, a.id)).toEqual([]);
      expectProblem(
        await act(a.applicant, a.id, { action: 'object', reason: 'Te laat?' }),
        422,
        'objection-term-passed',
      );
    });
  });

  describe('uphold and dismiss (officer, never the one who took the contested decision)', () => {
    it('422 objection-handler-involved for the decider (Awb 7:5); reason-required; 403 for the applicant', async () => {
      const a = await objected();
      expect(await actionsOf(reviewer, a.id)).toEqual([]);
      expect(await actionsOf(granter, a.id)).toEqual(['dismiss', 'uphold']);
      for (const action of ['uphold', 'dismiss']) {
        expectProblem(await act(reviewer, a.id, { action, reason: 'x' }), 422, 'objection-handler-involved');
        expectProblem(await act(granter, a.id, { action }), 422, 'reason-required');
        expectProblem(await act(a.applicant, a.id, { action, reason: 'x' }), 403, 'forbidden');
      }
    });

    it('uphold: the decision revoked, back to submitted in its place for a fresh review; mail', async () => {
      const a = await objected();
      const before = (await granter.get(url(a.id))).body;
      const reply = await act(granter, a.id, { action: 'uphold', reason: 'Het is een technische opleiding.' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'submitted',
        decision: null,
        submittedAt: before.submittedAt,
        objection: { outcome: 'upheld', outcomeReason: 'Het is een technische opleiding.' },
      });
      expect(sorted(await actionsOf(granter, a.id))).toEqual(['reject', 'request-information', 'review']);
      // A new decision may be objected to again.
      await act(granter, a.id, { action: 'reject', reason: 'Toch buiten de regio.' });
      expect((await act(a.applicant, a.id, { action: 'object', reason: 'Nee, binnen.' })).status).toBe(200);
      await t.drain();
      const mail = mailTo(a.email, `Beslissing op uw bezwaar (${a.reference}): gegrond`);
      expect(mail.text).toContain('Het is een technische opleiding.');
    });

    it('dismiss: back to rejected with the decision on the objection recorded; objecting again is already-objected', async () => {
      const a = await objected();
      const before = (await granter.get(url(a.id))).body;
      const reply = await act(granter, a.id, { action: 'dismiss', reason: 'Het besluit blijft.' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'rejected',
        decision: before.decision,
        objection: { outcome: 'dismissed', outcomeReason: 'Het besluit blijft.' },
      });
      expect(await actionsOf(a.applicant, a.id)).toEqual([]);
      expectProblem(await act(a.applicant, a.id, { action: 'object', reason: 'Nog eens.' }), 422, 'already-objected');
      await t.drain();
      const mail = mailTo(a.email, `Beslissing op uw bezwaar (${a.reference}): ongegrond`);
      expect(mail.text).toContain('beroep');
    });
  });

  describe('withdraw, also from information-requested and objection', () => {
    it.each(['information-requested', 'objection'])('from %s', async (from) => {
      const a = from === 'objection' ? await objected() : await requested();
      const reply = await act(a.applicant, a.id, { action: 'withdraw' });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('withdrawn');
      const history = await a.applicant.get(`${url(a.id)}/history`);
      expect(history.body.items.at(-1)).toMatchObject({ action: 'withdraw', from, to: 'withdrawn' });
    });

    it('not from rejected or not-considered (the decision stands until objected to)', async () => {
      const a = await rejected();
      expectProblem(await act(a.applicant, a.id, { action: 'withdraw' }), 409, 'illegal-transition');
    });
  });

  describe('the reminder three days before an information due date, once', () => {
    const registry = () => t.worker!.get(JobRegistry, { strict: false });

    /** A request made `daysAgo` days ago and due in `dueIn` days, as the clock would have it. */
    async function requestedAgo(daysAgo: number, dueIn: number) {
      const a = await requested('Welke opleider?');
      await t.db.query(
        `UPDATE applications SET information_request = information_request
           || jsonb_build_object('dueOn', $2::text, 'requestedAt', (now() - make_interval(days => $3))::text) WHERE id = $1`,
        [a.id, today(dueIn), daysAgo],
      );
      return a;
    }

    it('reminds those due in three days (or fewer, if a day was missed) once; not others', async () => {
      const dueSoon = await requestedAgo(11, 3);
      const missedADay = await requestedAgo(12, 2);
      const later = await requestedAgo(9, 5);
      const shortTerm = await requestedAgo(1, 2); // a term of three days: no reminder
      const answered = await requestedAgo(11, 3);
      expect((await act(answered.applicant, answered.id, { action: 'supplement', reason: 'Hier.' })).status).toBe(200);
      await t.drain();

      expect(await registry().handle(JobName.RemindInformationDue, {})).toBe('done');
      expect(await registry().handle(JobName.RemindInformationDue, {})).toBe('done');

      for (const [a, dueIn] of [
        [dueSoon, 3],
        [missedADay, 2],
      ] as const) {
        const mail = mailTo(
          a.email,
          `Herinnering: vul uw aanvraag ${a.reference} uiterlijk ${spelled(today(dueIn))} aan`,
        );
        expect(mail.text).toContain('Welke opleider?');
        const inbox = await a.applicant.get('/api/v1/me/notifications');
        expect(inbox.body.items.filter((m: { subject: string }) => m.subject.startsWith('Herinnering'))).toHaveLength(
          1,
        );
      }
      for (const a of [later, shortTerm, answered]) {
        expect(smtp.to(a.email).filter((m) => m.subject.startsWith('Herinnering'))).toHaveLength(0);
      }
    });

    it('is scheduled with the others', async () => {
      const { SCHEDULES } = await import('../src/platform/queue/job-schedules.service');
      expect(SCHEDULES.map((s) => s.name)).toContain(JobName.RemindInformationDue);
    });
  });

  describe('the officers’ digest knows the new states', () => {
    it('lists what applicants did besides submitting and what waits for an officer', async () => {
      const own = await t.newProgramme();
      const sub = t.unique('digest-officer');
      const officer = await t.as({
        sub,
        role: 'officer',
        programmes: [own.code],
        email: `${sub}@fonds.example`,
        name: 'Els',
      });
      const colleague = await t.officer([own.code]);
      expect((await officer.get('/api/v1/applications')).status).toBe(200);
      const applicant = await t.applicant();
      const make = async () => (await t.newApplication(own.code, { applicant })).application.id as string;
      // one supplemented, one past its due date, one objection
      const supplemented = await make();
      await act(officer, supplemented, { action: 'request-information', reason: 'Offerte?' });
      await act(applicant, supplemented, { action: 'supplement', reason: 'Hier.' });
      const pastDue = await make();
      await act(officer, pastDue, { action: 'request-information', reason: 'Offerte?' });
      await dueDatePasses(pastDue);
      const contested = await make();
      await act(colleague, contested, { action: 'reject', reason: 'Nee.' });
      await act(applicant, contested, { action: 'object', reason: 'Wel.' });
      await t.drain();

      expect(await t.worker!.get(JobRegistry, { strict: false }).handle(JobName.SendDailyDigest, {})).toBe('done');
      const mail = only(smtp.to(`${sub}@fonds.example`).filter((m) => m.subject.startsWith('Uw dagoverzicht')));
      expect(mail.subject).toBe('Uw dagoverzicht van Vakvoucher: 3 nieuwe aanvragen');
      expect(mail.text).toContain(`${own.code}: 1 aangevuld, 1 bezwaar gemaakt`);
      expect(mail.text).toContain(
        `${own.code}: 1 informatieverzoek(en) over de termijn; 1 bezwaar(en), het eerste te beslissen uiterlijk ${spelled(today(42))}`,
      );
    });
  });

  describe('reports and wording know the new states', () => {
    it('counts information-requested, not-considered and objection in the report and its CSV', async () => {
      const own = await t.newProgramme();
      const officer = await t.officer([own.code]);
      const colleague = await t.officer([own.code]);
      const applicant = await t.applicant();
      const make = async () => (await t.newApplication(own.code, { applicant })).application.id as string;
      await act(officer, await make(), { action: 'request-information', reason: 'Offerte?' });
      const notConsidered = await make();
      await act(officer, notConsidered, { action: 'request-information', reason: 'Offerte?' });
      await dueDatePasses(notConsidered);
      await act(officer, notConsidered, { action: 'not-consider', reason: 'Niets.' });
      const contested = await make();
      await act(colleague, contested, { action: 'reject', reason: 'Nee.' });
      await act(applicant, contested, { action: 'object', reason: 'Wel.' });
      const admin = await t.admin();
      const report = await admin.get(`/api/v1/programmes/${own.code}/report`);
      expect(report.body.applications).toEqual({
        total: 3,
        byStatus: expect.objectContaining({
          submitted: 0,
          'information-requested': 1,
          'not-considered': 1,
          objection: 1,
          rejected: 0,
        }),
      });
      const csv = await admin.get(`/api/v1/programmes/${own.code}/report`, { accept: 'text/csv' });
      for (const status of ['information-requested', 'not-considered', 'objection']) {
        expect(csv.body).toContain(`,status,${status},applications,1`);
      }
    });
  });

  describe('programmes carry informationTermDays', () => {
    it('defaults to 14, takes 1 and more, refuses 0, null and text, naming the field', async () => {
      const admin = await t.admin();
      const p = await t.newProgramme();
      expect(p.informationTermDays).toBe(14);
      expect((await t.newProgramme({ informationTermDays: 1 })).informationTermDays).toBe(1);
      for (const bad of [0, -3, 1.5, null, '14', 366]) {
        const reply = await admin.post(
          '/api/v1/programmes',
          (await import('./support/builders')).programmeBody({ code: t.unique('term'), informationTermDays: bad }),
        );
        expectProblem(reply, 400, 'invalid-request', 'informationTermDays');
        expectProblem(
          await admin.patch(`/api/v1/programmes/${p.code}`, { informationTermDays: bad }),
          400,
          'invalid-request',
          'informationTermDays',
        );
      }
      const changed = await admin.patch(`/api/v1/programmes/${p.code}`, { informationTermDays: 21 });
      expect(changed.status).toBe(200);
      expect(changed.body.informationTermDays).toBe(21);
    });
  });
});
