import { JobName, QueueName, WebhookEvents } from '../src/platform/queue/job-catalogue';
import { Queues } from '../src/platform/queue/queues.module';
import { Caller, TestApp } from './support';
import { giveUpAfter, inParallel, sleep, waitFor } from './support/fault-helpers';
import { RedisServer } from './support/redis-server';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Fault: Redis stopped while 100 vouchers are granted to an application.granted subscriber.
 * A grant writes only PostgreSQL (the application and its outbox event), so all succeed; the
 * deliveries are planned by the worker from the outbox once Redis is back, and every one
 * arrives, each with its own webhook-id.
 */

const GRANTS = 100;

describe('fault: Redis stopped while 100 grants are made for a webhook subscriber', () => {
  let redis: RedisServer;
  let receiver: WebhookReceiver;
  let t: TestApp;
  let granter: Caller;
  let code: string;
  const reviewed: { id: string; reference: string }[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    receiver = await WebhookReceiver.start();
    t = await TestApp.start({
      worker: true,
      env: { REDIS_URL: redis.url, WORKER_LOCK_MS: '2000', DB_POOL_SIZE: '8', WEBHOOK_RETRY_BASE_MS: '50' },
    });
    code = (await t.newProgramme({ name: 'Storing webhooks' })).code;
    const admin = await t.admin();
    const subscribed = await admin.post('/api/v1/webhooks', {
      url: receiver.url,
      events: ['application.granted'],
      programmes: [code],
    });
    expect(subscribed.status).toBe(201);
    const reviewer = await t.officer([code]);
    granter = await t.officer([code]);
    reviewed.push(
      ...(await inParallel(Array.from({ length: GRANTS }), 10, async () => {
        const { application } = await t.reviewedApplication(code, reviewer);
        return { id: application.id as string, reference: application.reference as string };
      })),
    );
    await t.drain(60_000);
  }, 180_000);

  afterAll(async () => {
    try {
      if (redis && !redis.running) await redis.startAgain().catch(() => undefined);
      if (t) await Promise.race([t.close(), giveUpAfter(60_000)]);
    } finally {
      await redis?.destroy();
      await receiver?.close();
    }
  }, 90_000);

  it('every application.granted arrives once Redis is back', async () => {
    await redis.stop();
    const grants = await inParallel(reviewed, 10, (a) =>
      granter.post(`/api/v1/applications/${a.id}/transitions`, { action: 'grant' }),
    );
    expect(grants.filter((g) => g.status !== 200).map((g) => g.body)).toEqual([]);
    await sleep(1000);
    expect(receiver.received).toEqual([]); // nothing can be planned while Redis is away

    await redis.startAgain();
    const granted = () => receiver.received.filter((r) => JSON.parse(r.body).type === 'application.granted');
    await waitFor(
      'every grant delivered',
      async () => new Set(granted().map((r) => r.headers['webhook-id'])).size >= GRANTS,
      120_000,
      250,
    );
    const ids = new Set(granted().map((r) => JSON.parse(r.body).data.id));
    expect([...ids].sort()).toEqual(reviewed.map((a) => a.id).sort());
    expect(new Set(granted().map((r) => r.headers['webhook-id'])).size).toBe(GRANTS);
    // A delivery is marked delivered after the receiver answered: wait for the jobs to finish.
    await t.drain(60_000);
    const [{ delivered }] = await t.db.query(
      `SELECT count(*)::int AS delivered FROM webhook_deliveries WHERE status = 'delivered'`,
    );
    expect(delivered).toBe(GRANTS);
    // The grants' events waited in the outbox, so the relay joined their webhook plans: a job planned many.
    const plans = (await t.app.get(Queues).of(QueueName.Webhooks).getCompleted(0, -1)).filter(
      (job) => job.name === (JobName.PlanWebhookDeliveries as string),
    );
    const planned = plans.map((job) => (job.data as WebhookEvents).events.length);
    expect(Math.max(...planned)).toBeGreaterThan(1);
    expect(planned.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(GRANTS);
  }, 180_000);
});
