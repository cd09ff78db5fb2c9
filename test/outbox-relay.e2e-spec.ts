import { Queues } from '../src/jobs/queues.module';
import { QueueName } from '../src/jobs/job-names';
import { TestApp } from '@vakvoucher/testing';

describe('outbox relay', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start({ worker: true, env: { WORKER_QUEUES: 'maintenance' } })));
  afterAll(() => t?.close());

  it('moves each outbox row into the queues of its jobs, with the outbox id as job id', async () => {
    const programme = await t.newProgramme();
    const { application } = await t.newApplication(programme.code);
    const [row] = await t.db.query(`SELECT id FROM outbox WHERE payload->>'applicationId' = $1`, [application.id]);
    const queues = t.app.get(Queues);
    for (let i = 0; i < 100; i++) {
      const [{ relayed }] = await t.db.query(`SELECT relayed_at IS NOT NULL AS relayed FROM outbox WHERE id = $1`, [row.id]);
      if (relayed) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const eligibility = await queues.of(QueueName.Eligibility).getJob(row.id);
    const notification = await queues.of(QueueName.Notifications).getJob(row.id);
    expect(eligibility?.name).toBe('check-eligibility');
    expect(eligibility?.data).toMatchObject({ applicationId: application.id });
    expect(notification?.name).toBe('notify-applicant');
    expect(notification?.data).toMatchObject({ applicationId: application.id, eventId: row.id });
  });
});
