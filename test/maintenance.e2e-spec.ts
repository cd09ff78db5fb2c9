import { applicationBody, TestApp } from './support';
import { JobName, QueueName } from '../src/platform/queue/job-catalogue';
import { SCHEDULES } from '../src/platform/queue/job-schedules.service';
import { Queues } from '../src/platform/queue/queues.module';
import { JobRegistry } from '../src/platform/queue/job-registry.service';

/** The scheduler's safety nets: stale eligibility checks get a new job; report deltas get folded. */
describe('maintenance jobs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start({ worker: true, env: { WORKER_QUEUES: 'eligibility,maintenance' } })));
  afterAll(() => t?.close());
  const registry = () => t.worker!.get(JobRegistry, { strict: false });

  it('gives a check that is still pending long after submission a new job, and leaves fresh ones alone', async () => {
    const programme = await t.newProgramme();
    const applicant = await t.applicant();
    await t.stopWorker();
    // Two applications whose check jobs were lost (as if they ran out of tries): no outbox rows left to relay.
    const old = (await applicant.post('/api/v1/applications', applicationBody(programme.code))).body;
    const fresh = (
      await applicant.post(
        '/api/v1/applications',
        applicationBody(programme.code, { training: { provider: 'Other Academy' } }),
      )
    ).body;
    await t.db.query(`DELETE FROM outbox WHERE payload->>'applicationId' = ANY($1)`, [[old.id, fresh.id]]);
    await t.db.query(`UPDATE applications SET submitted_at = now() - interval '20 minutes' WHERE id = $1`, [old.id]);
    await t.startWorker();

    await expect(registry().handle(JobName.RecheckPendingEligibility, {})).resolves.toBe('done');
    await t.drain();

    const status = async (id: string) =>
      (await t.db.query(`SELECT eligibility->>'status' AS s FROM applications WHERE id = $1`, [id]))[0].s;
    expect(await status(old.id)).not.toBe('pending');
    expect(await status(fresh.id)).toBe('pending');
  });

  it('folds the report deltas of every programme into its cells', async () => {
    const programme = await t.newProgramme();
    await t.newApplication(programme.code);
    const pending = async () => (await t.db.query(`SELECT count(*)::int AS n FROM report_deltas`))[0].n;
    expect(await pending()).toBeGreaterThan(0);
    await expect(registry().handle(JobName.CompactReportCounters, {})).resolves.toBe('done');
    expect(await pending()).toBe(0);
    const [{ n }] = await t.db.query(
      `SELECT coalesce(sum(count), 0)::int AS n FROM report_cells c JOIN programmes p ON p.id = c.programme_id
       WHERE p.code = $1 AND c.status = 'submitted'`,
      [programme.code],
    );
    expect(n).toBe(1);
  });
});

describe('job schedules', () => {
  it('declares every repeating job as a BullMQ job scheduler in the Dutch time zone', async () => {
    const t = await TestApp.start({ worker: true, env: { WORKER_QUEUES: 'maintenance', JOB_SCHEDULES: 'on' } });
    try {
      const queues = t.app.get(Queues);
      const schedulers = (
        await Promise.all(
          [QueueName.Maintenance, QueueName.Notifications, QueueName.Allocation].map((q) =>
            queues.of(q).getJobSchedulers(),
          ),
        )
      ).flat();
      const byName = Object.fromEntries(schedulers.map((s) => [s.key, s]));
      for (const { name, pattern } of SCHEDULES) {
        expect(byName[name]).toMatchObject({ pattern, tz: 'Europe/Amsterdam' });
      }
      expect(schedulers).toHaveLength(SCHEDULES.length);
    } finally {
      await t.close();
    }
  });
});
