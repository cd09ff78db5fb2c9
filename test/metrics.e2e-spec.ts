import { Worker } from 'bullmq';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { JobName, QueueName } from '../src/platform/queue/job-catalogue';
import { Queues } from '../src/platform/queue/queues.module';
import { WorkerMetricsServer } from '../src/platform/metrics/worker-metrics-server.service';
import { workerConnection } from '../src/platform/redis/redis-options';
import { applicationBody, TestApp } from './support';
import { Exposition, parseExposition, valueOf } from './support/prometheus';
import { waitFor } from './support/fault-helpers';
import { SmtpCatcher } from './support/smtp-catcher';
import { WorkerProcess } from './support/worker-process';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<Exposition> {
  const reply = await t.anonymous.get('/metrics', headers);
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(reply.body as string);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

const requests = (m: Exposition, method: string, route: string, status: number) =>
  valueOf(m, 'vakvoucher_http_requests_total', { method, route, status_code: String(status) });

describe('GET /metrics after a known sequence of actions', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let a: { code: string };
  let b: { code: string };
  const ids: string[] = [];

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await WorkerProcess.killAll();
  });

  it('counts requests by route template and reads applications and money from the counters', async () => {
    a = await t.newProgramme();
    b = await t.newProgramme({ budgetCents: 50_000_000 });
    for (const [code, postcode] of [
      [a.code, '7511 AB'],
      [a.code, '7512 CD'],
      [b.code, '1011 AB'], // outside the region: its eligibility check fails
    ]) {
      const applicant = await t.applicant();
      const reply = await applicant.post('/api/v1/applications', applicationBody(code, { applicant: { postcode } }));
      expect(reply.status).toBe(201);
      ids.push(reply.body.id);
    }
    const officer = await t.officer(['*']);
    expect((await officer.get(`/api/v1/applications/${ids[0]}`)).status).toBe(200);
    expect((await officer.get(`/api/v1/applications/${ids[1]}`)).status).toBe(200);
    expect((await officer.get('/api/v1/applications/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await officer.get('/no/such/route')).status).toBe(404);

    const m = await scrape(t);
    expect(requests(m, 'POST', '/api/v1/programmes', 201)).toBe(2);
    expect(requests(m, 'POST', '/api/v1/applications', 201)).toBe(3);
    expect(requests(m, 'GET', '/api/v1/applications/:id', 200)).toBe(2);
    expect(requests(m, 'GET', '/api/v1/applications/:id', 404)).toBe(1);
    expect(requests(m, 'GET', 'unmatched', 404)).toBe(1);
    expect(
      valueOf(m, 'vakvoucher_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/applications/:id',
        status_code: '200',
      }),
    ).toBe(2);
    // Route templates, never raw URLs: no id, no unknown path, no scrape of /metrics itself.
    const routes = m.samples.filter((s) => s.name === 'vakvoucher_http_requests_total').map((s) => s.labels.route);
    expect(routes.filter((r) => UUID.test(r) || r.includes('/no/') || r === '/metrics')).toEqual([]);

    expect(valueOf(m, 'vakvoucher_applications', { programme: a.code, status: 'submitted' })).toBe(2);
    expect(valueOf(m, 'vakvoucher_applications', { programme: b.code, status: 'submitted' })).toBe(1);
    expect(valueOf(m, 'vakvoucher_budget_euros', { programme: a.code })).toBe(1_600_000);
    expect(valueOf(m, 'vakvoucher_budget_euros', { programme: b.code })).toBe(500_000);
    expect(valueOf(m, 'vakvoucher_budget_committed_euros', { programme: a.code })).toBe(0);
    expect(valueOf(m, 'vakvoucher_vouchers_granted_total', { programme: a.code })).toBe(0);
    // No worker yet: the six events (three submissions) wait in the outbox, the queues are empty.
    expect(valueOf(m, 'vakvoucher_outbox_lag_seconds')).toBeGreaterThan(0);
    for (const queue of Object.values(QueueName)) {
      expect(valueOf(m, 'vakvoucher_queue_jobs', { queue, state: 'waiting' })).toBe(0);
    }
    expect(valueOf(m, 'vakvoucher_mails_sent_total')).toBe(0);
    expect(valueOf(m, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(m, 'vakvoucher_metrics_refresh_errors_total', { source: 'programmes' })).toBe(0);
  });

  it('counts eligibility outcomes, mails sent and refused, and jobs once the worker has run', async () => {
    smtp.refuseNext(1);
    await t.startWorker();
    await t.drain(30_000);
    // The refused mail is sent by its job's retry; a CI run once scraped with two of the three in.
    await waitFor('the three confirmation mails', async () => smtp.mails.length === 3, 20_000);
    await t.drain(30_000);

    const m = await scrape(t);
    expect(valueOf(m, 'vakvoucher_eligibility_checks_total', { outcome: 'passed' })).toBe(2);
    expect(valueOf(m, 'vakvoucher_eligibility_checks_total', { outcome: 'failed' })).toBe(1);
    expect(valueOf(m, 'vakvoucher_eligibility_rule_outcomes_total', { rule: 'region', outcome: 'fail' })).toBe(1);
    expect(valueOf(m, 'vakvoucher_eligibility_rule_outcomes_total', { rule: 'region', outcome: 'pass' })).toBe(2);
    expect(smtp.mails).toHaveLength(3);
    expect(valueOf(m, 'vakvoucher_mails_sent_total')).toBe(3);
    expect(valueOf(m, 'vakvoucher_mails_failed_total')).toBe(1);
    const jobs = (queue: string, job: string, outcome: string) =>
      valueOf(m, 'vakvoucher_jobs_total', { queue, job, outcome });
    // The three submissions waited in the outbox, so one relay round carries them in one job.
    expect(jobs('eligibility', 'check-eligibility', 'done')).toBe(1);
    expect(jobs('notifications', 'notify-applicant', 'done')).toBe(3);
    expect(jobs('notifications', 'notify-applicant', 'failed')).toBe(1);
    expect(valueOf(m, 'vakvoucher_outbox_lag_seconds')).toBe(0);
    for (const queue of Object.values(QueueName)) {
      for (const state of ['waiting', 'active', 'failed']) {
        expect(valueOf(m, 'vakvoucher_queue_jobs', { queue, state })).toBe(0);
      }
    }
  });

  it('follows a review and a grant in the counters and the money', async () => {
    const reviewer = await t.officer([a.code]);
    const granter = await t.officer([a.code]);
    expect((await reviewer.post(`/api/v1/applications/${ids[0]}/transitions`, { action: 'review' })).status).toBe(200);
    expect((await granter.post(`/api/v1/applications/${ids[0]}/transitions`, { action: 'grant' })).status).toBe(200);
    await t.drain(30_000);

    const m = await scrape(t);
    expect(valueOf(m, 'vakvoucher_applications', { programme: a.code, status: 'submitted' })).toBe(1);
    expect(valueOf(m, 'vakvoucher_applications', { programme: a.code, status: 'reviewed' })).toBe(0);
    expect(valueOf(m, 'vakvoucher_applications', { programme: a.code, status: 'granted' })).toBe(1);
    expect(valueOf(m, 'vakvoucher_vouchers_granted_total', { programme: a.code })).toBe(1);
    expect(valueOf(m, 'vakvoucher_budget_committed_euros', { programme: a.code })).toBe(2500);
    expect(valueOf(m, 'vakvoucher_budget_spent_euros', { programme: a.code })).toBe(0);
    expect(requests(m, 'POST', '/api/v1/applications/:id/transitions', 200)).toBe(2);
    expect(valueOf(m, 'vakvoucher_mails_sent_total')).toBe(5);
  });

  it('reports a job that failed for good as failed in its queue', async () => {
    await t.stopWorker();
    const queue = t.app.get(Queues).of(QueueName.Maintenance);
    await queue.add(JobName.CompactReportCounters, {}, { attempts: 1, jobId: 'metrics-test-failure' });
    const failing = new Worker(queue.name, () => Promise.reject(new Error('this job fails on purpose')), {
      connection: workerConnection(t.config),
      prefix: t.config.REDIS_PREFIX,
    });
    await new Promise<void>((resolve) => failing.once('failed', () => resolve()));
    await failing.close();

    const m = await scrape(t);
    expect(valueOf(m, 'vakvoucher_queue_jobs', { queue: 'maintenance', state: 'failed' })).toBe(1);
    expect(valueOf(m, 'vakvoucher_queue_jobs', { queue: 'eligibility', state: 'failed' })).toBe(0);
    await queue.obliterate({ force: true });
  });
});

describe('who may scrape', () => {
  const token = 'a-metrics-token-for-prometheus';
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ env: { METRICS_TOKEN: token }, worker: true });
  });
  afterAll(async () => {
    await t?.close();
    await WorkerProcess.killAll();
  });

  it('needs Bearer <METRICS_TOKEN> on the api when a token is set', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-the-metrics-token-at-all' },
      { authorization: token },
    ];
    for (const headers of attempts) {
      const reply = await t.anonymous.get('/metrics', headers);
      expect(reply.status).toBe(401);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.body.code).toBe('unauthenticated');
    }
    // An api token does not open it either: the metrics have their own.
    const admin = await t.admin();
    expect((await admin.get('/metrics')).status).toBe(401);
    const m = await scrape(t, { authorization: `Bearer ${token}` });
    expect(valueOf(m, 'vakvoucher_outbox_lag_seconds')).toBe(0);
  });

  it('serves the in-process worker its own metrics port, behind the same token', async () => {
    const port = t.worker!.get(WorkerMetricsServer).port!;
    expect(port).toBeGreaterThan(0);
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const reply = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(reply.status).toBe(200);
    expect(parseExposition(await reply.text()).types.get('vakvoucher_jobs_total')).toBe('counter');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('has a worker process serve its own metrics on WORKER_METRICS_PORT', async () => {
    const port = await freePort();
    const worker = await WorkerProcess.start('metrics', t.config, t.app.get(Queues), {
      WORKER_METRICS_PORT: String(port),
      WORKER_QUEUES: 'maintenance',
    });
    try {
      const reply = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(reply.status).toBe(200);
      const m = parseExposition(await reply.text());
      expect(m.types.get('vakvoucher_jobs_total')).toBe('counter');
      expect(m.types.get('vakvoucher_mails_sent_total')).toBe('counter');
      expect(valueOf(m, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      // The worker's own: no HTTP routes of the api, no system gauges (the api reports those).
      expect(m.types.has('vakvoucher_http_requests_total')).toBe(false);
      expect(m.types.has('vakvoucher_applications')).toBe(false);
    } finally {
      await worker.stop();
    }
  });
});
