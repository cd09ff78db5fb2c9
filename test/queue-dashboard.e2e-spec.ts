import { TEST_SECRET, TestApp } from './support';
import { signLocalToken } from '../src/platform/auth/token-signer';

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
    expect(names).toEqual(['eligibility', 'maintenance', 'milestones', 'notifications']);
  });

  it('keeps a token given in the query as a cookie for the page’s own requests', async () => {
    const admin = await signLocalToken(TEST_SECRET, { sub: 'admin-1', role: 'admin' });
    const first = await t.anonymous.get(`/admin/queues?token=${admin}`);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const next = await t.anonymous.get('/admin/queues/api/queues', { cookie });
    expect(next.status).toBe(200);
  });
});
