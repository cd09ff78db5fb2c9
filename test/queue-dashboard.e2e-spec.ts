import { appRoutes } from '@bull-board/api/dist/routes.js';
import { Job, Queue, Worker } from 'bullmq';
import { TEST_SECRET, TestApp } from './support';
import { WebClient } from './support/web-client';
import { signLocalToken } from '../src/platform/auth/token-signer';
import { Queues } from '../src/platform/queue/queues.module';
import { workerConnection } from '../src/platform/redis/redis-options';

describe('queue dashboard', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('is refused without a token', async () => {
    const reply = await t.anonymous.get('/admin/queues');
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('unauthenticated');
  });

  it('is refused to officers and applicants', async () => {
    for (const caller of [await t.officer(['*']), await t.applicant(), await t.provincial('OV')]) {
      const reply = await caller.get('/admin/queues');
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('forbidden');
    }
  });

  it('serves admins, listing every queue', async () => {
    const admin = await t.admin();
    const page = await admin.get('/admin/queues');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    const api = await admin.get('/admin/queues/api/queues');
    expect(api.status).toBe(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual([
      'allocation',
      'documents',
      'eligibility',
      'maintenance',
      'milestones',
      'notifications',
      'webhooks',
    ]);
  });

  it('keeps a token given in the query as a cookie for the page’s own requests', async () => {
    const admin = await signLocalToken(TEST_SECRET, { sub: 'admin-1', role: 'admin' });
    const first = await t.anonymous.get(`/admin/queues?token=${admin}`);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const next = await t.anonymous.get('/admin/queues/api/queues', { cookie });
    expect(next.status).toBe(200);
  });

  it('serves an admin who logged in on the web pages, with their page session; not an officer with theirs', async () => {
    const admin = new WebClient(t.app);
    expect((await admin.loginAs('admin-1')).status).toBe(303);
    const page = await admin.get('/admin/queues');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect((await admin.get('/admin/queues/api/queues')).status).toBe(200);

    const officer = new WebClient(t.app);
    await officer.loginAs('officer-ov-1');
    expect((await officer.get('/admin/queues')).status).toBe(403);

    await admin.get('/'); // the logout form's token
    expect((await admin.post('/logout')).status).toBe(303);
    expect((await admin.get('/admin/queues')).status).toBe(401);
  });

  describe('the cookie', () => {
    it('is Secure when the page was reached over https (behind a proxy that says so), not over plain http', async () => {
      const admin = await signLocalToken(TEST_SECRET, { sub: 'admin-1', role: 'admin' });
      const https = await t.anonymous.get(`/admin/queues?token=${admin}`, { 'x-forwarded-proto': 'https' });
      expect(https.status).toBe(200);
      const attributes = String(https.headers['set-cookie']).split(/;\s*/);
      expect(attributes).toEqual(
        expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/admin/queues']),
      );
      // over plain http a browser would drop a Secure cookie, and the dashboard with it
      const http = await t.anonymous.get(`/admin/queues?token=${admin}`);
      expect(String(http.headers['set-cookie']).split(/;\s*/)).not.toContain('Secure');
    });

    it.each(['%', '%E0%A4%A', '%zz', 'abc%', '%C0%AF', '%ED%A0%80'])(
      'answers a malformed cookie value %p with 401 problem+json, not a 500',
      async (value) => {
        const reply = await t.anonymous.get('/admin/queues/api/queues', { cookie: `vv_dashboard_token=${value}` });
        expect({ status: reply.status, type: reply.headers['content-type'], body: reply.body }).toMatchObject({
          status: 401,
          type: expect.stringMatching(/^application\/problem\+json/),
          body: { status: 401, code: 'unauthenticated' },
        });
      },
    );
  });

  describe('the page', () => {
    it('loads nothing from another host: no third-party font link, and a policy that forbids them', async () => {
      const admin = await t.admin();
      const page = await admin.get('/admin/queues');
      expect(page.status).toBe(200);
      const html = String(page.body);
      expect(html).not.toMatch(/fonts\.googleapis\.com|fonts\.gstatic\.com/);
      // every href and src on the page is relative to the dashboard
      const urls = [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
      expect(urls.length).toBeGreaterThan(3);
      expect(urls.filter((u) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(u))).toEqual([]);
      expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(html));
      expect(String(page.headers['content-security-policy'])).toContain("font-src 'self'");
      // its own stylesheet is still there and served
      const css = /href="(static\/css\/[^"]+)"/.exec(html)?.[1];
      expect(css).toBeDefined();
      expect((await admin.get(`/admin/queues/${css}`)).status).toBe(200);
    });
  });

  describe('changes: only retrying failed jobs', () => {
    let queue: Queue;
    let worker: Worker;
    let failed: Job;
    let completed: Job;
    let waiting: Job;

    /** Runs jobs named 'fail' and 'succeed' on the maintenance queue once, as a stand-in worker would. */
    beforeAll(async () => {
      queue = t.app
        .get(Queues)
        .all()
        .find((q) => q.name === 'maintenance')!;
      worker = new Worker(
        queue.name,
        async (job) => {
          if (job.name === 'fail') throw new Error('boom');
          return 'done';
        },
        { connection: workerConnection(t.config), prefix: t.config.REDIS_PREFIX, autorun: false },
      );
      const settled = new Promise<void>((resolve) => {
        let n = 0;
        const one = () => ++n === 2 && resolve();
        worker.on('failed', one);
        worker.on('completed', one);
      });
      failed = await queue.add('fail', {}, { attempts: 1 });
      completed = await queue.add('succeed', {}, { attempts: 1 });
      void worker.run();
      await settled;
      await worker.close();
      waiting = await queue.add('wait', {}, { attempts: 1, delay: 60 * 60 * 1000 });
    });
    afterAll(async () => {
      await worker?.close();
    });

    const counts = () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'paused');

    /** Every bull-board route that changes something, with its parameters filled in. */
    const MUTATIONS = appRoutes.api
      .filter((route) => ([] as string[]).concat(route.method).some((m) => m.toLowerCase() !== 'get'))
      .flatMap((route) =>
        ([] as string[]).concat(route.route).map((path) => ({ method: [route.method].flat()[0].toUpperCase(), path })),
      );

    function fill(path: string, jobId: string, status: string): string {
      return path
        .replace(':queueName', 'maintenance')
        .replace(':jobId', jobId)
        .replace(':queueStatus', status)
        .replace(':schedulerId', 'some-scheduler');
    }

    it('refuses every change but a retry of failed jobs with 403 problem+json, and changes nothing', async () => {
      // bull-board's mutating routes, empty, obliterate and add among them
      const paths = MUTATIONS.map((m) => m.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/queues/:queueName/empty',
          '/api/queues/:queueName/obliterate',
          '/api/queues/:queueName/add',
          '/api/queues/:queueName/retry/:queueStatus',
          '/api/queues/:queueName/:jobId/retry',
        ]),
      );
      expect(MUTATIONS.length).toBeGreaterThan(15);
      const admin = await t.admin();
      const before = await counts();
      const refusals: { route: string; status: number; code: string }[] = [];
      for (const { method, path } of MUTATIONS) {
        for (const [jobId, status] of [
          [completed.id!, 'completed'],
          [waiting.id!, 'delayed'],
        ]) {
          const url = `/admin/queues${fill(path, jobId, status)}`;
          const body = method === 'POST' ? { name: 'invented', data: {} } : {};
          const reply = await admin.request(method as 'PUT', url, body);
          refusals.push({ route: `${method} ${url}`, status: reply.status, code: reply.body?.code });
        }
      }
      expect(refusals.filter((r) => r.status !== 403 || r.code !== 'forbidden')).toEqual([]);
      expect(await counts()).toEqual(before);
      expect(await queue.isPaused()).toBe(false);
      expect(await queue.getJob(completed.id!)).toBeDefined();

      // what is left: retrying a failed job, one at a time or all of a queue's
      const one = await admin.request('PUT', `/admin/queues/api/queues/maintenance/${failed.id}/retry`, {});
      expect(one.status).toBe(204);
      expect(await (await queue.getJob(failed.id!))!.getState()).toBe('waiting');
      const again = new Worker(queue.name, async () => Promise.reject(new Error('boom again')), {
        connection: workerConnection(t.config),
        prefix: t.config.REDIS_PREFIX,
      });
      await new Promise((resolve) => again.once('failed', resolve));
      await again.close();
      expect(await (await queue.getJob(failed.id!))!.getState()).toBe('failed');
      const all = await admin.request('PUT', '/admin/queues/api/queues/maintenance/retry/failed', {});
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ retried: 1 });
      expect(await (await queue.getJob(failed.id!))!.getState()).toBe('waiting');
    });
  });

  describe('errors', () => {
    it.each([
      ['an unknown queue', '/admin/queues/api/queues/no-such-queue/metrics', 404, 'not-found'],
      ['an unknown job', '/admin/queues/api/queues/maintenance/no-such-job', 404, 'not-found'],
    ])('answers %s with problem+json', async (_label, url, status, code) => {
      const admin = await t.admin();
      const reply = await admin.get(url);
      expect({ status: reply.status, type: reply.headers['content-type'], body: reply.body }).toMatchObject({
        status,
        type: expect.stringMatching(/^application\/problem\+json/),
        body: { status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) },
      });
    });
  });
});
