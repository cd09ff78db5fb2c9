import { Queues } from '../src/platform/queue/queues.module';
import { QueueName } from '../src/platform/queue/job-catalogue';
import { OutboxRelay } from '../src/platform/outbox';
import { TEST_SECRET, TestApp } from './support';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { loadConfig } from '../src/platform/config/app-config';
import { producerConnection } from '../src/platform/redis/redis-options';

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
      const [{ relayed }] = await t.db.query(`SELECT relayed_at IS NOT NULL AS relayed FROM outbox WHERE id = $1`, [
        row.id,
      ]);
      if (relayed) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const eligibility = await queues.of(QueueName.Eligibility).getJob(row.id);
    const notification = await queues.of(QueueName.Notifications).getJob(row.id);
    expect(eligibility?.name).toBe('check-eligibility');
    expect(eligibility?.data).toEqual({ applicationIds: [application.id] });
    expect(notification?.name).toBe('notify-applicant');
    expect(notification?.data).toMatchObject({ applicationId: application.id, eventId: row.id });
  });
});

describe('several relays at once', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('lease different rows: a second relay skips the rows the first holds instead of waiting for them', async () => {
    await t.db.query(`DELETE FROM outbox`);
    await t.db.query(
      `INSERT INTO outbox (type, payload) SELECT 'test.event', jsonb_build_object('n', n) FROM generate_series(1, 3) n`,
    );
    let release!: () => void;
    let leased!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const firstHasRows = new Promise<void>((resolve) => (leased = resolve));
    const published: string[][] = [];
    const first = new OutboxRelay(t.db, async (rows) => {
      published.push(rows.map((r) => r.id));
      leased();
      await held; // publishing takes its time; the rows stay locked meanwhile
    });
    const second = new OutboxRelay(t.db, async (rows) => {
      published.push(rows.map((r) => r.id));
    });

    const firstRound = first.relayOnce();
    await firstHasRows;
    // Without SKIP LOCKED this would wait on the first relay's locks, which wait on us: a hang.
    await expect(second.relayOnce()).resolves.toBe(0);
    release();
    await expect(firstRound).resolves.toBe(3);
    expect(published).toHaveLength(1);
    const [{ open }] = await t.db.query(`SELECT count(*)::int AS open FROM outbox WHERE relayed_at IS NULL`);
    expect(open).toBe(0);
  });

  it('leaves the rows for the next round when publishing fails', async () => {
    await t.db.query(`DELETE FROM outbox`);
    await t.db.query(`INSERT INTO outbox (type, payload) VALUES ('test.event', '{}')`);
    const failing = new OutboxRelay(t.db, async () => {
      throw new Error('Redis is away');
    });
    await expect(failing.relayOnce()).rejects.toThrow('Redis is away');
    const [{ open }] = await t.db.query(`SELECT count(*)::int AS open FROM outbox WHERE relayed_at IS NULL`);
    expect(open).toBe(1);
  });
});

describe('the relay while Redis is away', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('gives up a round it cannot publish instead of holding the rows, and keeps them for the next', async () => {
    await t.db.query(`INSERT INTO outbox (type, payload) VALUES ('application.submitted', '{}')`);
    const config = loadConfig({
      AUTH_JWT_SECRET: TEST_SECRET,
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_PREFIX: 'vv-test-dead',
    });
    // Our own client, so the test can stop its reconnect attempts (BullMQ's close waits for a connection).
    const redis = new Redis(producerConnection(config));
    redis.on('error', () => undefined);
    const queue = new Queue(QueueName.Eligibility, { connection: redis, prefix: config.REDIS_PREFIX });
    queue.on('error', () => undefined);
    const relay = new OutboxRelay(
      t.db,
      async (rows) => {
        await queue.addBulk(rows.map((r) => ({ name: 'check-eligibility', data: {}, opts: { jobId: r.id } })));
      },
      { publishTimeoutMs: 300 },
    );
    try {
      // BullMQ waits for a first connection that never comes; without the bound this hangs.
      await expect(relay.relayOnce()).rejects.toThrow('publishing took longer than 300 ms');
      const [{ open }] = await t.db.query(`SELECT count(*)::int AS open FROM outbox WHERE relayed_at IS NULL`);
      expect(open).toBe(1);
      // The rows are free again: another round may lease them at once.
      const [{ free }] = await t.db.query(
        `SELECT count(*)::int AS free FROM (SELECT id FROM outbox WHERE relayed_at IS NULL FOR UPDATE SKIP LOCKED) s`,
      );
      expect(free).toBe(1);
    } finally {
      redis.disconnect();
    }
  }, 10_000);
});
