import { applicationBody, Caller, TestApp } from './support';
import Redis from 'ioredis';
import { JobName, QueueName } from '../src/platform/queue/job-catalogue';
import { Queues } from '../src/platform/queue/queues.module';
import {
  countBy,
  expectCheckedOnceAndGranted,
  giveUpAfter,
  inParallel,
  knownStaff,
  recordEligibilityWrites,
  sleep,
  waitFor,
} from './support/fault-helpers';
import { HoldingSmtp } from './support/holding-smtp';
import { RedisServer } from './support/redis-server';

/**
 * Fault: Redis stopped while 100 applications are submitted, and stopped again while they are
 * reviewed and granted (crossing a milestone). The api and the worker (in this process) use a
 * private redis-server with an append-only file; submissions and transitions only write
 * PostgreSQL and the outbox, so they succeed while Redis is away; the relay keeps trying; when
 * Redis is back (same port, same data) every expected job runs and every expected mail
 * arrives exactly once. Invariant 6.
 */

const APPLICATIONS = 100;
const THRESHOLD = 50;
const ALL_QUEUES = Object.values(QueueName);

describe('fault: Redis stopped while 100 applications are submitted and granted', () => {
  let redis: RedisServer;
  let smtp: HoldingSmtp;
  let t: TestApp;
  let queues: Queues;
  let programme: { id: string; code: string; name: string };
  let reviewer: Caller;
  let granter: Caller;
  const staffAddresses = [
    'outage-reviewer@fonds.example',
    'outage-granter@fonds.example',
    'outage-province@overijssel.example',
  ];
  let canary: { id: string; reference: string; email: string; jobId: string };
  const applicants: { id: string; reference: string; sub: string; email: string }[] = [];
  const relayAttempts = { calls: 0, failures: 0 };

  /** Relay attempts (addBulk calls of the worker's relay) and how many failed, counted from now on. */
  const countRelayAttempts = () => {
    relayAttempts.calls = 0;
    relayAttempts.failures = 0;
  };

  /** After a restart: waits until this process's producers (the api's queues) talk to Redis again. */
  const reconnected = () =>
    waitFor('the api to reconnect to Redis', async () => {
      await Promise.all(queues.all().map((q) => q.getJobCounts('waiting')));
      return true;
    });

  const pendingOutbox = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`))[0].n as number;

  beforeAll(async () => {
    redis = await RedisServer.start();
    smtp = await HoldingSmtp.start();
    t = await TestApp.start({
      // A 5 s lock: BullMQ renews a lock only every half lock duration, and under load this process
      // (api, worker and test in one) was seen to stall up to 2 s; a 2 s lock would then lapse.
      worker: true,
      env: { REDIS_URL: redis.url, SMTP_URL: smtp.url, WORKER_LOCK_MS: '5000', DB_POOL_SIZE: '8' },
    });
    queues = t.app.get(Queues);
    const created = await t.newProgramme({ name: 'Storing Overijssel', province: 'OV', milestones: [THRESHOLD] });
    const [{ id }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [created.code]);
    programme = { ...created, id };
    await recordEligibilityWrites(t);
    reviewer = await knownStaff(t, {
      sub: 'outage-reviewer',
      role: 'officer',
      programmes: [programme.code],
      email: staffAddresses[0],
      name: 'Rianne',
    });
    granter = await knownStaff(t, {
      sub: 'outage-granter',
      role: 'officer',
      programmes: [programme.code],
      email: staffAddresses[1],
      name: 'Gijs',
    });
    await knownStaff(t, {
      sub: 'outage-province',
      role: 'provincial',
      province: 'OV',
      email: staffAddresses[2],
      name: 'Gedeputeerde',
    });

    // Count the relay's attempts to publish (the worker's own Queue instances).
    const workerQueues = t.worker!.get(Queues, { strict: false });
    for (const queue of [...queues.all(), ...workerQueues.all()]) {
      // The queues have no 'error' listener of their own, so BullMQ would console.error every
      // failed reconnect while Redis is down (reported; see the note on the issue).
      queue.on('error', () => undefined);
    }
    for (const name of ALL_QUEUES) {
      const queue = workerQueues.of(name);
      const addBulk = queue.addBulk.bind(queue);
      jest.spyOn(queue, 'addBulk').mockImplementation(async (jobs) => {
        relayAttempts.calls++;
        try {
          return await addBulk(jobs);
        } catch (error) {
          relayAttempts.failures++;
          throw error;
        }
      });
    }

    // One application all the way through before the outage: its completed job must survive the restarts.
    const sub = t.unique('outage-canary');
    const reply = await (
      await t.applicant(sub)
    ).post('/api/v1/applications', applicationBody(programme.code, { applicant: { email: `${sub}@example.nl` } }));
    expect(reply.status).toBe(201);
    await t.drain();
    const [event] = await t.db.query(`SELECT id FROM outbox WHERE payload->>'applicationId' = $1`, [reply.body.id]);
    canary = { id: reply.body.id, reference: reply.body.reference, email: `${sub}@example.nl`, jobId: event.id };
  });

  afterAll(async () => {
    try {
      if (redis && !redis.running) await redis.startAgain().catch(() => undefined); // so the worker can close
      // After an outage the BullMQ connections may still be in a reconnect back-off (up to 20 s).
      if (t) await Promise.race([t.close(), giveUpAfter(60_000)]);
    } finally {
      await redis?.destroy();
      await smtp?.close();
    }
  }, 90_000);

  async function submitAll() {
    return inParallel(Array.from({ length: APPLICATIONS }), 10, async () => {
      const sub = t.unique('outage-applicant');
      const email = `${sub}@example.nl`;
      const reply = await (
        await t.applicant(sub)
      ).post('/api/v1/applications', applicationBody(programme.code, { applicant: { email } }));
      return { status: reply.status, id: reply.body.id, reference: reply.body.reference, sub, email };
    });
  }

  it('runs on a private Redis that writes an append-only file', async () => {
    expect(redis.port).not.toBe(6379);
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
      expect(await client.info('persistence')).toMatch(/aof_enabled:1/);
      expect(await client.exists(`${t.config.REDIS_PREFIX}:${QueueName.Notifications}:${canary.jobId}`)).toBe(1);
    } finally {
      client.disconnect();
    }
    expect(redis.aofBytes()).toBeGreaterThan(0);
    expect(await queues.of(QueueName.Notifications).getJobState(canary.jobId)).toBe('completed');
  });

  it('takes 100 submissions while Redis is down; the relay keeps trying; the eligibility checks run when it is back', async () => {
    const [port, pid] = [redis.port, redis.pid];
    await redis.stop();
    countRelayAttempts();
    const stoppedAt = Date.now();
    const submitted = await submitAll();
    expect(submitted.filter((s) => s.status !== 201)).toEqual([]);
    applicants.push(...submitted);
    await sleep(Math.max(0, 2000 - (Date.now() - stoppedAt))); // let the relay fail a few times

    // Nothing was lost or marked relayed: every submission's event waits in the outbox.
    expect(await pendingOutbox()).toBe(APPLICATIONS);
    expect(relayAttempts.failures).toBeGreaterThanOrEqual(3);
    expect(relayAttempts.failures).toBe(relayAttempts.calls);
    const [{ pending }] = await t.db.query(
      `SELECT count(*)::int AS pending FROM applications WHERE eligibility->>'status' = 'pending'`,
    );
    expect(pending).toBe(APPLICATIONS);

    await redis.startAgain();
    expect(pid).toEqual(expect.any(Number));
    expect({ port: redis.port, restarted: redis.pid !== pid }).toEqual({ port, restarted: true });
    // Same data: what was in Redis before the stop is still there (once the producers have reconnected).
    await reconnected();
    expect(await queues.of(QueueName.Notifications).getJobState(canary.jobId)).toBe('completed');
    await waitFor(
      'the outbox relayed and every eligibility check done',
      async () => {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM applications WHERE eligibility->>'status' = 'pending'`,
        );
        return n === 0 && (await pendingOutbox()) === 0;
      },
      60_000,
    );
    expect(relayAttempts.calls).toBeGreaterThan(relayAttempts.failures);
    // The checks are stored before their jobs finish in Redis, and the mails are still being
    // sent: the queues must be idle before the next stop, or a job active across the outage
    // loses its lock and stalls (twice, for one that had stalled before, fails the job).
    await t.drain();
  });

  it('takes 100 reviews and 100 grants (crossing a milestone) while Redis is down', async () => {
    // No job runs while Redis is away: none can have its lock renewed then.
    const active = await Promise.all(ALL_QUEUES.map(async (name) => [name, await queues.of(name).getActiveCount()]));
    expect(active.filter(([, n]) => n !== 0)).toEqual([]);
    await redis.stop();
    countRelayAttempts();
    const reviews = await inParallel(applicants, 10, (a) =>
      reviewer.post(`/api/v1/applications/${a.id}/transitions`, { action: 'review' }),
    );
    expect(reviews.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const grants = await inParallel(applicants, 10, (a) =>
      granter.post(`/api/v1/applications/${a.id}/transitions`, { action: 'grant' }),
    );
    expect(grants.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(grants.map((g) => g.body.voucher.ordinal).sort((a, b) => a - b)).toEqual(
      Array.from({ length: APPLICATIONS }, (_, i) => i + 1),
    );
    expect(await pendingOutbox()).toBe(APPLICATIONS * 2 + 1); // review, grant, and the milestone
    expect(relayAttempts.failures).toBeGreaterThanOrEqual(2);
    expect(relayAttempts.failures).toBe(relayAttempts.calls);

    await redis.startAgain();
    await reconnected();
    await t.drain(90_000);
  });

  it('relayed every outbox row and ran every expected job once it was back', async () => {
    expect(await pendingOutbox()).toBe(0);
    const outbox: { id: string; type: string }[] = await t.db.query(`SELECT id, type FROM outbox`);
    expect(countBy(outbox, (r) => r.type)).toEqual(
      new Map([
        ['application.submitted', APPLICATIONS + 1],
        ['application.reviewed', APPLICATIONS],
        ['application.granted', APPLICATIONS],
        ['milestone.reached', 1],
      ]),
    );
    const ids = (types: string[]) =>
      outbox
        .filter((r) => types.includes(r.type))
        .map((r) => r.id)
        .sort();
    const completed = async (queue: QueueName, name: JobName) =>
      (await queues.of(queue).getCompleted(0, -1))
        .filter((j) => j.name === (name as string))
        .map((j) => j.id!)
        .sort();
    expect(await completed(QueueName.Notifications, JobName.NotifyApplicant)).toEqual(
      ids(['application.submitted', 'application.reviewed', 'application.granted']),
    );
    // Checks of one relay round share a job: every submitted application is in exactly one completed job.
    const checked = (await queues.of(QueueName.Eligibility).getCompleted(0, -1))
      .filter((j) => j.name === (JobName.CheckEligibility as string))
      .flatMap((j) => (j.data as { applicationIds: string[] }).applicationIds)
      .sort();
    const submitted: { id: string }[] = await t.db.query(
      `SELECT payload->>'applicationId' AS id FROM outbox WHERE type = 'application.submitted'`,
    );
    expect(checked).toEqual(submitted.map((r) => r.id).sort());
    expect(await completed(QueueName.Milestones, JobName.WatchMilestones)).toEqual(ids(['application.granted']));
    expect(await completed(QueueName.Milestones, JobName.AnnounceMilestone)).toEqual(ids(['milestone.reached']));
    for (const name of ALL_QUEUES) expect(await queues.of(name).getFailedCount()).toBe(0);
  });

  it('delivered every expected mail exactly once', () => {
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
    expect(smtp.to(canary.email).map((m) => m.subject)).toEqual([`Uw aanvraag ${canary.reference} is ontvangen`]);
    for (const address of staffAddresses) {
      expect(smtp.to(address).map((m) => m.subject)).toEqual([
        `Storing Overijssel: de ${THRESHOLD}e voucher is toegekend`,
      ]);
    }
    expect([...smtp.counts()].filter(([, n]) => n > 1)).toEqual([]);
    expect(smtp.mails).toHaveLength(APPLICATIONS * 3 + 1 + staffAddresses.length);
  });

  it('has exactly one e-mail row (sent) and one in-app row per event and recipient, matching the outbox', async () => {
    const rows: { email: number; sent: number; inapp: number }[] = await t.db.query(
      `SELECT count(n.id) FILTER (WHERE n.channel = 'email')::int AS email,
              count(n.id) FILTER (WHERE n.channel = 'email' AND n.sent_at IS NOT NULL)::int AS sent,
              count(n.id) FILTER (WHERE n.channel = 'in-app')::int AS inapp
         FROM outbox o
         JOIN applications a ON a.id = (o.payload->>'applicationId')::uuid
         LEFT JOIN notifications n ON n.event_key = o.id::text AND n.recipient_id = a.owner_id
        WHERE o.type LIKE 'application.%'
        GROUP BY o.id`,
    );
    expect(rows).toHaveLength(APPLICATIONS * 3 + 1);
    expect(rows.filter((r) => r.email !== 1 || r.sent !== 1 || r.inapp !== 1)).toEqual([]);
    const [{ total }] = await t.db.query(`SELECT count(*)::int AS total FROM notifications`);
    expect(total).toBe((APPLICATIONS * 3 + 1) * 2 + staffAddresses.length * 2);
  });

  it('wrote each eligibility result once and announced the milestone once', async () => {
    await expectCheckedOnceAndGranted(
      t,
      applicants.map((a) => a.id),
    );
    const milestones = await t.db.query(
      `SELECT m.threshold, m.ordinal, a.voucher_ordinal, m.snapshot IS NOT NULL AS snapshot
         FROM milestones m JOIN applications a ON a.id = m.application_id WHERE m.programme_id = $1`,
      [programme.id],
    );
    expect(milestones).toEqual([
      { threshold: THRESHOLD, ordinal: THRESHOLD, voucher_ordinal: THRESHOLD, snapshot: true },
    ]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE template = 'milestone-reached' AND channel = 'in-app'`,
    );
    expect(n).toBe(staffAddresses.length);
  });
});
