import { applicationBody, Caller, TestApp } from './support';
import { EligibilityChecks, QueueName } from '../src/platform/queue/job-catalogue';
import { Queues } from '../src/platform/queue/queues.module';
import {
  countBy,
  expectCheckedOnceAndGranted,
  inParallel,
  knownStaff,
  recordEligibilityWrites,
  settled,
  waitFor,
} from './support/fault-helpers';
import { HoldingSmtp } from './support/holding-smtp';
import { WorkerProcess } from './support/worker-process';

/**
 * Fault: three worker processes (child processes running src/worker.ts) on the same queues,
 * each with its own relay, while 60 applications are submitted and granted: every job's
 * effect happens once — one mail per (recipient, message), one in-app row per event, one
 * eligibility result per application, one milestone announcement.
 */

const APPLICATIONS = 60;
const THRESHOLD = 50;
const ALL_QUEUES = Object.values(QueueName);
const WORKERS = ['one', 'two', 'three'];

describe('fault: three worker processes on the same queues', () => {
  let t: TestApp;
  let smtp: HoldingSmtp;
  let queues: Queues;
  let programme: { id: string; code: string; name: string };
  let reviewer: Caller;
  let granter: Caller;
  const staffAddresses = [
    'three-reviewer@fonds.example',
    'three-granter@fonds.example',
    'three-province@overijssel.example',
  ];
  const applicants: { id: string; reference: string; sub: string; email: string }[] = [];
  const grants: { id: string; voucher: { ordinal: number } }[] = [];
  let workersPerQueue: number[] = [];

  beforeAll(async () => {
    smtp = await HoldingSmtp.start();
    t = await TestApp.start({
      env: { SMTP_URL: smtp.url, DB_POOL_SIZE: '8', WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '8' },
    });
    queues = t.app.get(Queues);
    const created = await t.newProgramme({ name: 'Drie Werkers', province: 'OV', milestones: [THRESHOLD] });
    const [{ id }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [created.code]);
    programme = { ...created, id };
    await recordEligibilityWrites(t);
    reviewer = await knownStaff(t, {
      sub: 'three-reviewer',
      role: 'officer',
      programmes: [programme.code],
      email: staffAddresses[0],
      name: 'Rik Reviewer',
    });
    granter = await knownStaff(t, {
      sub: 'three-granter',
      role: 'officer',
      programmes: [programme.code],
      email: staffAddresses[1],
      name: 'Gea Granter',
    });
    await knownStaff(t, {
      sub: 'three-province',
      role: 'provincial',
      province: 'OV',
      email: staffAddresses[2],
      name: 'Gedeputeerde',
    });

    // Three worker processes serving every queue (eligibility, notifications, milestones, maintenance).
    // Each signs its mails with a From of its own, so the mails tell which process sent them.
    await Promise.all(
      WORKERS.map((name) =>
        WorkerProcess.start(name, t.config, queues, {
          WORKER_QUEUES: '',
          MAIL_FROM: `Vakvoucher <noreply@${name}.vakvoucher.test>`,
        }),
      ),
    );
    workersPerQueue = await waitFor('three workers on every queue', async () => {
      const counts = await Promise.all(ALL_QUEUES.map((q) => queues.of(q).getWorkersCount()));
      return counts.every((n) => n >= 3) ? counts : null;
    });

    // Submit 60; the workers check eligibility; review and grant all of them, several at once.
    applicants.push(
      ...(await inParallel(Array.from({ length: APPLICATIONS }), 6, async () => {
        const sub = t.unique('three-applicant');
        const email = `${sub}@example.nl`;
        const caller = await t.applicant(sub);
        const reply = await caller.post(
          '/api/v1/applications',
          applicationBody(programme.code, { applicant: { email } }),
        );
        if (reply.status !== 201) throw new Error(`submit: ${reply.status} ${JSON.stringify(reply.body)}`);
        return { id: reply.body.id, reference: reply.body.reference, sub, email };
      })),
    );
    await waitFor(
      'every eligibility check',
      async () => {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM applications WHERE eligibility->>'status' = 'pending'`,
        );
        return n === 0;
      },
      60_000,
    );
    await inParallel(applicants, 6, async (a) => {
      const reply = await reviewer.post(`/api/v1/applications/${a.id}/transitions`, { action: 'review' });
      if (reply.status !== 200) throw new Error(`review: ${reply.status} ${JSON.stringify(reply.body)}`);
    });
    grants.push(
      ...(await inParallel(applicants, 10, async (a) => {
        const reply = await granter.post(`/api/v1/applications/${a.id}/transitions`, { action: 'grant' });
        if (reply.status !== 200) throw new Error(`grant: ${reply.status} ${JSON.stringify(reply.body)}`);
        return reply.body;
      })),
    );
    await settled(t, ALL_QUEUES, 90_000);
  });

  afterAll(async () => {
    await WorkerProcess.killAll();
    await t?.close();
    await smtp?.close();
  });

  it('had three workers connected to every queue, and each of them sent mail', () => {
    expect(workersPerQueue).toEqual(ALL_QUEUES.map(() => 3));
    const senders = new Set(smtp.mails.map((m) => /noreply@(\w+)\.vakvoucher\.test/.exec(m.from)?.[1]));
    expect([...senders].sort()).toEqual([...WORKERS].sort());
  });

  it('sent each applicant each of their three mails exactly once', () => {
    for (const a of applicants) {
      expect(
        smtp
          .to(a.email)
          .map((m) => m.subject)
          .sort(),
      ).toEqual(
        [
          `Uw aanvraag ${a.reference} is beoordeeld`,
          `Uw aanvraag ${a.reference} is ontvangen`,
          `Uw vakvoucher is toegekend (${a.reference})`,
        ].sort(),
      );
    }
    const doubled = [...smtp.counts()].filter(([, n]) => n > 1);
    expect(doubled).toEqual([]);
    expect(smtp.held).toEqual([]);
  });

  it('has one e-mail row (sent) and one in-app row per event and recipient, for every event in the outbox', async () => {
    const rows: { type: string; email: number; sent: number; inapp: number }[] = await t.db.query(
      `SELECT o.type,
              count(n.id) FILTER (WHERE n.channel = 'email')::int AS email,
              count(n.id) FILTER (WHERE n.channel = 'email' AND n.sent_at IS NOT NULL)::int AS sent,
              count(n.id) FILTER (WHERE n.channel = 'in-app')::int AS inapp
         FROM outbox o
         JOIN applications a ON a.id = (o.payload->>'applicationId')::uuid
         LEFT JOIN notifications n ON n.event_key = o.id::text AND n.recipient_id = a.owner_id
        WHERE o.type LIKE 'application.%'
        GROUP BY o.id, o.type`,
    );
    expect(rows).toHaveLength(APPLICATIONS * 3);
    expect(countBy(rows, (r) => r.type)).toEqual(
      new Map([
        ['application.submitted', APPLICATIONS],
        ['application.reviewed', APPLICATIONS],
        ['application.granted', APPLICATIONS],
      ]),
    );
    expect(rows.filter((r) => r.email !== 1 || r.sent !== 1 || r.inapp !== 1)).toEqual([]);
    // And nothing else went to the applicants.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = ANY($1)`, [
      applicants.map((a) => a.sub),
    ]);
    expect(n).toBe(APPLICATIONS * 3 * 2);
  });

  it('wrote each eligibility result once, without a version step or a history row', async () => {
    await expectCheckedOnceAndGranted(
      t,
      applicants.map((a) => a.id),
    );
  });

  it('announced the milestone once: one row naming the voucher with that ordinal, one snapshot, one message each', async () => {
    expect(grants.map((g) => g.voucher.ordinal).sort((a, b) => a - b)).toEqual(
      Array.from({ length: APPLICATIONS }, (_, i) => i + 1),
    );
    const holder = grants.find((g) => g.voucher.ordinal === THRESHOLD)!;
    const milestones = await t.db.query(
      `SELECT threshold, ordinal, application_id, snapshot FROM milestones WHERE programme_id = $1`,
      [programme.id],
    );
    expect(milestones).toHaveLength(1);
    expect(milestones[0]).toMatchObject({ threshold: THRESHOLD, ordinal: THRESHOLD, application_id: holder.id });
    expect(milestones[0].snapshot).toMatchObject({ threshold: THRESHOLD, vouchers: { count: THRESHOLD } });

    const reference = applicants.find((a) => a.id === holder.id)!.reference;
    for (const address of staffAddresses) {
      const reached = smtp
        .to(address)
        .filter((m) => m.subject === `Drie Werkers: de ${THRESHOLD}e voucher is toegekend`);
      expect(reached).toHaveLength(1);
      expect(reached[0].text).toContain(reference);
      // The "approaching" notice, if a watch job ran while the count was within reach, went out at most once.
      expect(smtp.to(address).filter((m) => / tot de /.test(m.subject)).length).toBeLessThanOrEqual(1);
    }
    const rows = await t.db.query(
      `SELECT recipient_id, channel, count(*)::int AS n FROM notifications WHERE template = 'milestone-reached'
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rows).toEqual(
      ['three-granter', 'three-province', 'three-reviewer'].flatMap((id) => [
        { recipient_id: id, channel: 'email', n: 1 },
        { recipient_id: id, channel: 'in-app', n: 1 },
      ]),
    );
  });

  it('ran every job to the end, none failed', async () => {
    const counts = await Promise.all(ALL_QUEUES.map((q) => queues.of(q).getJobCounts('completed', 'failed')));
    const byQueue = Object.fromEntries(ALL_QUEUES.map((q, i) => [q, counts[i]]));
    expect(byQueue[QueueName.Eligibility].failed).toBe(0);
    // Checks of one relay round share a job: every application is in exactly one completed job.
    const checked = (await queues.of(QueueName.Eligibility).getCompleted(0, -1)).flatMap(
      (job) => (job.data as EligibilityChecks).applicationIds,
    );
    const submitted: { id: string }[] = await t.db.query(`SELECT id FROM applications`);
    expect(checked.sort()).toEqual(submitted.map((a) => a.id).sort());
    expect(checked).toHaveLength(APPLICATIONS);
    expect(byQueue[QueueName.Notifications]).toEqual({ completed: APPLICATIONS * 3, failed: 0 });
    expect(byQueue[QueueName.Milestones]).toEqual({ completed: APPLICATIONS + 1, failed: 0 }); // a watch per grant, one announcement
    expect(byQueue[QueueName.Maintenance].failed).toBe(0);
  });
});
