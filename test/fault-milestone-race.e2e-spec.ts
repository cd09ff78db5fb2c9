import { Caller, TestApp } from './support';
import { inParallel, knownStaff } from './support/fault-helpers';
import { HoldingSmtp } from './support/holding-smtp';

/**
 * Fault: 40 grants at once across a milestone threshold of 25 (four eyes: one officer reviewed
 * them all, another grants them all at the same moment). Invariant 5: the threshold fires
 * exactly once, naming the voucher with ordinal 25; one snapshot; one set of messages (one
 * mail and one in-app message per staff member). Real PostgreSQL and Redis, the worker in
 * this process (notifications and milestones).
 */

const GRANTS = 40;
const THRESHOLD = 25;
const AMOUNT = 250_000;

describe('fault: 40 concurrent grants across a threshold of 25', () => {
  let t: TestApp;
  let smtp: HoldingSmtp;
  let programme: { id: string; code: string; name: string };
  let granter: Caller;
  const staff = [
    { sub: 'race-reviewer', address: 'race-reviewer@fonds.example' },
    { sub: 'race-granter', address: 'race-granter@fonds.example' },
    { sub: 'race-province', address: 'race-province@overijssel.example' },
  ];
  const reviewed: { id: string; reference: string }[] = [];
  const replies: { status: number; body: any }[] = [];

  beforeAll(async () => {
    smtp = await HoldingSmtp.start();
    t = await TestApp.start({
      worker: true,
      env: { WORKER_QUEUES: 'notifications,milestones', SMTP_URL: smtp.url, DB_POOL_SIZE: '8' },
    });
    const created = await t.newProgramme({
      name: 'Drempel Vijfentwintig',
      province: 'OV',
      milestones: [THRESHOLD],
      fourEyes: true,
    });
    const [{ id }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [created.code]);
    programme = { ...created, id };
    // Staff become known to the worker by calling the api with tokens that carry their e-mail.
    const reviewer = await knownStaff(t, {
      sub: staff[0].sub,
      role: 'officer',
      programmes: [programme.code],
      email: staff[0].address,
      name: 'Renske de Ruiter',
    });
    granter = await knownStaff(t, {
      sub: staff[1].sub,
      role: 'officer',
      programmes: [programme.code],
      email: staff[1].address,
      name: 'Gerrit Hofman',
    });
    await knownStaff(t, {
      sub: staff[2].sub,
      role: 'provincial',
      province: 'OV',
      email: staff[2].address,
      name: 'Gedeputeerde',
    });

    reviewed.push(
      ...(await inParallel(Array.from({ length: GRANTS }), 5, async () => {
        const { application } = await t.reviewedApplication(programme.code, reviewer, {
          body: { requestedAmountCents: AMOUNT },
        });
        return { id: application.id, reference: application.reference };
      })),
    );
    await t.drain();
    smtp.mails.length = 0; // the submission and review mails are not what this test is about

    // All 40 grants at once.
    replies.push(
      ...(await Promise.all(
        reviewed.map((a) => granter.post(`/api/v1/applications/${a.id}/transitions`, { action: 'grant' })),
      )),
    );
    await t.drain(60_000);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('grants all 40, with ordinals 1..40, no gap and no repeat', () => {
    expect(replies.map((r) => r.status)).toEqual(reviewed.map(() => 200));
    expect(replies.map((r) => r.body.voucher.ordinal).sort((a, b) => a - b)).toEqual(
      Array.from({ length: GRANTS }, (_, i) => i + 1),
    );
  });

  it('records the milestone exactly once, naming the application granted with ordinal 25', async () => {
    const holder = replies.find((r) => r.body.voucher.ordinal === THRESHOLD)!.body;
    const rows = await t.db.query(`SELECT threshold, ordinal, application_id FROM milestones WHERE programme_id = $1`, [
      programme.id,
    ]);
    expect(rows).toEqual([{ threshold: THRESHOLD, ordinal: THRESHOLD, application_id: holder.id }]);
    const [{ ordinal }] = await t.db.query(`SELECT voucher_ordinal AS ordinal FROM applications WHERE id = $1`, [
      holder.id,
    ]);
    expect(ordinal).toBe(THRESHOLD);
    const events = await t.db.query(`SELECT payload FROM outbox WHERE type = 'milestone.reached'`);
    expect(events).toEqual([
      { payload: expect.objectContaining({ threshold: THRESHOLD, ordinal: THRESHOLD, applicationId: holder.id }) },
    ]);
  });

  it('stores one snapshot, of the first 25 vouchers', async () => {
    const rows = await t.db.query(`SELECT snapshot FROM milestones WHERE programme_id = $1`, [programme.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].snapshot).toMatchObject({
      threshold: THRESHOLD,
      vouchers: { count: THRESHOLD, amountCents: THRESHOLD * AMOUNT },
      budgetCents: 160_000_000,
    });
    expect(rows[0].snapshot.grantedCount).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('sends one set of milestone messages: one mail and one in-app message per staff member', async () => {
    const holder = reviewed.find((a) => a.id === replies.find((r) => r.body.voucher.ordinal === THRESHOLD)!.body.id)!;
    const reached = smtp.mails.filter(
      (m) => m.subject === `Drempel Vijfentwintig: de ${THRESHOLD}e voucher is toegekend`,
    );
    expect(reached.map((m) => m.envelopeTo.join(',')).sort()).toEqual(staff.map((s) => s.address).sort());
    for (const mail of reached) expect(mail.text).toContain(holder.reference);
    const [event] = await t.db.query(`SELECT id FROM outbox WHERE type = 'milestone.reached'`);
    const rows = await t.db.query(
      `SELECT event_key, recipient_id, channel, sent_at IS NOT NULL AS sent FROM notifications
        WHERE template = 'milestone-reached' ORDER BY recipient_id, channel`,
    );
    expect(rows).toEqual(
      staff
        .map((s) => s.sub)
        .sort()
        .flatMap((sub) => [
          { event_key: event.id, recipient_id: sub, channel: 'email', sent: true },
          { event_key: event.id, recipient_id: sub, channel: 'in-app', sent: false },
        ]),
    );
    // The applicants each heard of their grant once.
    const grantMails = smtp.mails.filter((m) => m.subject.startsWith('Uw vakvoucher is toegekend'));
    expect(grantMails).toHaveLength(GRANTS);
    expect(new Set(grantMails.map((m) => m.subject)).size).toBe(GRANTS);
    expect([...smtp.counts()].filter(([, n]) => n > 1)).toEqual([]);
  });
});
