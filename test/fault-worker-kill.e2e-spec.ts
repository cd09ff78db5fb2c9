import { applicationBody, databaseUrl, TestApp } from './support';
import Redis from 'ioredis';
import { Client } from 'pg';
import { EligibilityChecks, QueueName } from '../src/platform/queue/job-catalogue';
import { Queues } from '../src/platform/queue/queues.module';
import { messageIdFor } from '../src/platform/mail/mailer.service';
import { eligibilityWrites, recordEligibilityWrites, settled, sleep, waitFor, within } from './support/fault-helpers';
import { HoldingSmtp } from './support/holding-smtp';
import { RedisServer } from './support/redis-server';
import { WorkerProcess } from './support/worker-process';

/**
 * Fault: a worker process killed with SIGKILL in the middle of a job. Workers run as child
 * processes (src/worker.ts) on the real PostgreSQL and a redis-server of this file's own;
 * another worker process takes the job over once the dead one's lock runs out
 * (WORKER_LOCK_MS = 2 s), and the job's effect happens exactly once.
 */

/** Short locks, so a dead worker's jobs are taken over within seconds; fewer eligibility slots than jobs. */
const WORKER_ENV = {
  WORKER_LOCK_MS: '2000',
  MAIL_RESEND_AFTER_SECONDS: '2',
  WORKER_CONCURRENCY: '16',
  ELIGIBILITY_CONCURRENCY: '16',
};

describe('fault: a worker process killed with SIGKILL in the middle of a job', () => {
  let t: TestApp;
  let smtp: HoldingSmtp;
  let queues: Queues;
  let programme: { code: string };
  let relay: WorkerProcess | undefined;
  let redis: RedisServer;

  beforeAll(async () => {
    smtp = await HoldingSmtp.start();
    // A redis-server of this file's own: one test pauses its writes (CLIENT PAUSE), which the shared one must never see.
    redis = await RedisServer.start();
    // The api in this process; no worker here: the workers are child processes.
    t = await TestApp.start({ env: { REDIS_URL: redis.url, SMTP_URL: smtp.url, DB_POOL_SIZE: '8', ...WORKER_ENV } });
    queues = t.app.get(Queues);
    programme = await t.newProgramme();
    await recordEligibilityWrites(t);
  });

  afterAll(async () => {
    try {
      await WorkerProcess.killAll();
      await t?.close();
    } finally {
      await redis?.destroy();
      await smtp?.close();
    }
  });

  const worker = (name: string, queuesServed: string) =>
    WorkerProcess.start(name, t.config, queues, { WORKER_QUEUES: queuesServed });

  const addressOf = (sub: string) => `${sub}@example.nl`;

  async function submit(sub = t.unique('applicant')) {
    const caller = await t.applicant(sub);
    const reply = await caller.post(
      '/api/v1/applications',
      applicationBody(programme.code, { applicant: { email: addressOf(sub) } }),
    );
    expect(reply.status).toBe(201);
    return { id: reply.body.id as string, reference: reply.body.reference as string, sub, email: addressOf(sub) };
  }

  it('a mail stuck mid-send when its worker is killed is sent by another worker exactly once, and recorded as sent', async () => {
    const first = await worker('mail-1', 'notifications');
    const sub = t.unique('applicant');
    const holding = smtp.holdNextTo(addressOf(sub));
    const applicant = await submit(sub);
    const heldMail = await within('the first worker to hand the mail over', holding, 30_000);

    // The first worker is stuck between handing the mail over and hearing it was accepted.
    const [event] = await t.db.query(
      `SELECT id FROM outbox WHERE type = 'application.submitted' AND payload->>'applicationId' = $1`,
      [applicant.id],
    );
    const job = (await queues.of(QueueName.Notifications).getJob(event.id))!;
    expect(await job.getState()).toBe('active');
    const before = await t.db.query(
      `SELECT channel, sent_at FROM notifications WHERE event_key = $1 ORDER BY channel`,
      [event.id],
    );
    expect(before).toEqual([
      { channel: 'email', sent_at: null },
      { channel: 'in-app', sent_at: null },
    ]);

    await first.kill();
    expect(first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    const second = await worker('mail-2', 'notifications');

    await waitFor(
      'the notify job to complete on the second worker',
      async () => (await job.getState()) === 'completed',
      30_000,
    );
    await settled(t, [QueueName.Notifications]);
    await sleep(500); // nothing else comes in late

    // Exactly one mail arrived: the held one never completed; the second worker sent it once.
    expect(smtp.held).toEqual([heldMail]);
    const received = smtp.to(applicant.email);
    expect(received).toHaveLength(1);
    expect(received[0].subject).toBe(`Uw aanvraag ${applicant.reference} is ontvangen`);
    expect(received[0].subject).toBe(heldMail.subject);
    expect(received[0].text).toBe(heldMail.text);
    expect(received[0].messageId).toBe(messageIdFor(event.id, applicant.sub, 'vakvoucher.local'));
    expect(received[0].messageId).toBe(heldMail.messageId);

    // One row per channel, the e-mail one marked sent; the job ran again after its worker died.
    const after = await t.db.query(
      `SELECT channel, sent_at IS NOT NULL AS sent FROM notifications WHERE event_key = $1 ORDER BY channel`,
      [event.id],
    );
    expect(after).toEqual([
      { channel: 'email', sent: true },
      { channel: 'in-app', sent: false },
    ]);
    const done = (await queues.of(QueueName.Notifications).getJob(event.id))!;
    expect(done.stalledCounter).toBe(1);
    expect(done.failedReason ?? '').not.toMatch(/stalled more than/);
    expect(second.alive).toBe(true);
    await second.stop();
  });

  it('a worker killed after its mail was accepted, before its job was marked done: the retry sends nothing again', async () => {
    const first = await worker('mail-3', 'notifications');
    const sub = t.unique('applicant');
    const holding = smtp.holdNextTo(addressOf(sub));
    const applicant = await submit(sub);
    const heldMail = await within('the worker to hand the mail over', holding, 30_000);
    const [event] = await t.db.query(
      `SELECT id FROM outbox WHERE type = 'application.submitted' AND payload->>'applicationId' = $1`,
      [applicant.id],
    );
    const job = (await queues.of(QueueName.Notifications).getJob(event.id))!;
    expect(await job.getState()).toBe('active');

    // Redis refuses writes for a moment; the mail is accepted and recorded as sent; the worker
    // cannot mark the job done, and dies.
    const admin = new Redis(redis.url);
    try {
      await admin.call('CLIENT', 'PAUSE', '30000', 'WRITE');
      smtp.release(heldMail);
      await waitFor('the mail to be recorded as sent', async () => {
        const [row] = await t.db.query(`SELECT sent_at FROM notifications WHERE event_key = $1 AND channel = 'email'`, [
          event.id,
        ]);
        return row?.sent_at != null;
      });
      await first.kill();
      expect(first.exit).toEqual({ code: null, signal: 'SIGKILL' });
      // Still in the active list (a plain read: BullMQ's own getters run scripts, which the pause holds up).
      expect(
        await admin.call('LPOS', `${t.config.REDIS_PREFIX}:${QueueName.Notifications}:active`, event.id),
      ).not.toBeNull();
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
      admin.disconnect();
    }

    const second = await worker('mail-4', 'notifications');
    await waitFor(
      'the notify job to complete on the second worker',
      async () => (await job.getState()) === 'completed',
      30_000,
    );
    await settled(t, [QueueName.Notifications]);
    await sleep(500); // nothing else comes in late

    const received = smtp.to(applicant.email);
    expect(received).toHaveLength(1);
    expect(received[0].subject).toBe(`Uw aanvraag ${applicant.reference} is ontvangen`);
    const rows = await t.db.query(
      `SELECT channel, sent_at IS NOT NULL AS sent FROM notifications WHERE event_key = $1 ORDER BY channel`,
      [event.id],
    );
    expect(rows).toEqual([
      { channel: 'email', sent: true },
      { channel: 'in-app', sent: false },
    ]);
    expect((await queues.of(QueueName.Notifications).getJob(event.id))!.stalledCounter).toBe(1);
    await second.stop();
  });

  /**
   * Submits `count` applications and holds their rows, so an eligibility worker's batched write
   * waits on them while every one of its slots holds a job; then kills that worker with
   * SIGKILL at one of two moments, and starts another eligibility worker:
   *
   * - `mid-write`: while its write waits. The database notices the dead client
   *   (client_connection_check_interval, PostgreSQL 14+, as it would a worker host that went
   *   away) and rolls the write back: the jobs' effect did not happen.
   * - `after-write`: Redis refuses writes for a moment (CLIENT PAUSE WRITE on this file's own
   *   redis-server), the rows are let go, the write commits, and the worker is killed before it
   *   can mark its jobs done: the effect happened, the jobs did not finish (at-least-once).
   *
   * Answers the applications, how many results had landed when the second worker started, and
   * how many jobs the dead worker held.
   */
  async function killMidBatch(count: number, moment: 'mid-write' | 'after-write') {
    await Promise.all(Array.from({ length: count }, () => submit()));
    // A notifications-only worker relays the outbox; the eligibility jobs wait for an eligibility worker.
    relay ??= await worker('relay', 'notifications');
    await settled(t, [QueueName.Notifications]);
    const ids: string[] = (
      await t.db.query(`SELECT id FROM applications WHERE eligibility->>'status' = 'pending' ORDER BY id`)
    ).map((row: { id: string }) => row.id);
    expect(ids.length).toBeGreaterThanOrEqual(count); // and any left pending by an earlier test here
    const versions = await t.db.query(`SELECT DISTINCT version FROM applications WHERE id = ANY($1)`, [ids]);
    expect(versions).toEqual([{ version: 1 }]);
    // The relay put their checks into jobs of up to fifty applications each; together they carry every one.
    const jobIds = (await queues.of(QueueName.Eligibility).getWaiting()).map((job) => job.id!);
    const carried = await Promise.all(
      jobIds.map(
        async (id) => ((await queues.of(QueueName.Eligibility).getJob(id))!.data as EligibilityChecks).applicationIds,
      ),
    );
    expect(carried.flat().sort()).toEqual(ids);
    await t.db.query(`ALTER DATABASE "${t.databaseName}" SET client_connection_check_interval = '200ms'`);
    const blocked = async () =>
      (
        await t.db.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query ILIKE '%jsonb_to_recordset%'`,
          [t.databaseName],
        )
      ).length;
    const landed = async () => [...(await eligibilityWrites(t, ids)).values()].reduce((sum, n) => sum + n, 0);

    const holder = new Client({ connectionString: databaseUrl(t.databaseName) });
    await holder.connect();
    const admin = new Redis(redis.url);
    const active = Math.min(t.config.ELIGIBILITY_CONCURRENCY, jobIds.length);
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM applications WHERE id = ANY($1) FOR UPDATE`, [ids]);
      const doomed = await worker('eligibility-doomed', 'eligibility');
      await waitFor('the eligibility worker to be blocked writing a batch', async () => (await blocked()) > 0, 30_000);
      await waitFor(
        `${active} eligibility jobs active`,
        async () => (await queues.of(QueueName.Eligibility).getActiveCount()) === active,
        10_000,
      );
      if (moment === 'after-write') {
        await admin.call('CLIENT', 'PAUSE', '30000', 'WRITE');
        await holder.query('ROLLBACK');
        await waitFor(
          `the ${ids.length} results of the worker's ${active} jobs to be written`,
          async () => (await landed()) === ids.length,
          10_000,
        );
      }
      await doomed.kill();
      expect(doomed.exit).toEqual({ code: null, signal: 'SIGKILL' });
      if (moment === 'mid-write') {
        await waitFor("the dead worker's write to be rolled back", async () => (await blocked()) === 0, 10_000);
      }
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
      admin.disconnect();
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    const landedBefore = await landed();

    const rescuer = await worker('eligibility-rescuer', 'eligibility');
    const state = await settled(t, [QueueName.Eligibility]);
    expect(state[QueueName.Eligibility].failed).toBe(0);
    await rescuer.stop();
    return { ids, jobIds, landed: landedBefore, active };
  }

  /** Each application's eligibility written exactly once; version and history as the submission left them; every job done. */
  async function expectWrittenOnce(ids: string[], jobIds: string[], stalled: number) {
    const writes = await eligibilityWrites(t, ids);
    const rows: { id: string; version: number; status: string; checked_at: string | null; actions: string[] }[] =
      await t.db.query(
        `SELECT a.id, a.version, a.eligibility->>'status' AS status, a.eligibility->>'checkedAt' AS checked_at,
                (SELECT array_agg(h.action) FROM application_history h WHERE h.application_id = a.id) AS actions
           FROM applications a WHERE a.id = ANY($1) ORDER BY a.id`,
        [ids],
      );
    expect(rows).toHaveLength(ids.length);
    for (const a of rows) {
      // The version counts transitions, and a check is not one: it stays 1, with the one history row of the submission.
      expect({ id: a.id, writes: writes.get(a.id), version: a.version, actions: a.actions }).toEqual({
        id: a.id,
        writes: 1,
        version: 1,
        actions: ['submit'],
      });
      expect(['passed', 'failed']).toContain(a.status);
      expect(a.checked_at).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    }
    // Every job ran to the end; those the dead worker held were taken over after a stall.
    const jobs = await Promise.all(jobIds.map((id) => queues.of(QueueName.Eligibility).getJob(id)));
    expect(await Promise.all(jobs.map((job) => job!.getState()))).toEqual(jobs.map(() => 'completed'));
    expect(jobs.filter((job) => job!.stalledCounter > 0)).toHaveLength(stalled);
  }

  it('an eligibility batch killed while it writes (the write rolled back) is done by another worker, once', async () => {
    const { ids, jobIds, landed, active } = await killMidBatch(30, 'mid-write');
    expect(landed).toBe(0); // nothing of the killed batch landed
    await expectWrittenOnce(ids, jobIds, active);
  });

  it('an eligibility worker killed after its write, before its jobs were marked done: the retries write nothing again', async () => {
    const { ids, jobIds, landed, active } = await killMidBatch(20, 'after-write');
    expect(landed).toBe(ids.length); // the dead worker's jobs had done their work
    await expectWrittenOnce(ids, jobIds, active);
  });
});
