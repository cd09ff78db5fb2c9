import { Webhook } from 'standardwebhooks';
import { Caller, TestApp } from './support';
import { waitFor } from './support/fault-helpers';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Webhooks (docs/api.md "Webhooks"): admin routes, Standard Webhooks signatures, deliveries made
 * by the worker from the outbox, retries with the same webhook-id, the delivery log and a manual
 * retry, the secret shown once and stored encrypted.
 */

const BASE = '/api/v1/webhooks';

describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let admin: Caller;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // A short backoff so the retries of a failing receiver come within the test.
    t = await TestApp.start({ worker: true, env: { WEBHOOK_RETRY_BASE_MS: '50' } });
    admin = await t.admin();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answer = () => 204;
  });

  async function subscribe(programmes: string[], events = ['application.granted']) {
    const reply = await admin.post(BASE, { url: receiver.url, events, programmes, description: 'Fund system' });
    expect(reply.status).toBe(201);
    return reply.body as { id: string; secret: string };
  }

  async function grantOne(code: string) {
    const reviewer = await t.officer([code]);
    const granter = await t.officer([code]);
    const { application } = await t.reviewedApplication(code, reviewer);
    const reply = await granter.post(`/api/v1/applications/${application.id}/transitions`, { action: 'grant' });
    expect(reply.status).toBe(200);
    return reply.body;
  }

  const received = (type: string) => receiver.received.filter((r) => JSON.parse(r.body).type === type);

  it('shows the secret once and stores it only encrypted; admin only', async () => {
    const programme = await t.newProgramme();
    const created = await subscribe([programme.code]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const read = await admin.get(`${BASE}/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.id, url: receiver.url, programmes: [programme.code] });
    expect(JSON.stringify(read.body)).not.toContain(created.secret);
    expect(JSON.stringify((await admin.get(BASE)).body)).not.toContain(created.secret);
    const [row] = await t.db.query(`SELECT * FROM webhook_subscriptions WHERE id = $1`, [created.id]);
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));
    for (const caller of [await t.officer(['*']), await t.applicant(), await t.provincial('OV')]) {
      expect((await caller.get(BASE)).status).toBe(403);
      expect(
        (await caller.post(BASE, { url: receiver.url, events: ['application.granted'], programmes: ['*'] })).status,
      ).toBe(403);
    }
    expect((await t.anonymous.get(BASE)).status).toBe(401);
  });

  it('refuses an unknown event or a malformed url, naming the field', async () => {
    const bad = await admin.post(BASE, { url: receiver.url, events: ['application.approved'], programmes: ['*'] });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: { name: string }) => p.name)).toContain('events');
    const badUrl = await admin.post(BASE, {
      url: 'ftp://example.nl/x',
      events: ['application.granted'],
      programmes: ['*'],
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.invalidParams.map((p: { name: string }) => p.name)).toContain('url');
  });

  it('a grant delivers exactly one application.granted with a valid signature and no personal data', async () => {
    const programme = await t.newProgramme();
    const other = await t.newProgramme();
    const { secret, id } = await subscribe([programme.code]);
    const application = await grantOne(programme.code);
    await grantOne(other.code); // another programme: not for this subscription
    await t.drain();
    const grants = received('application.granted');
    expect(grants).toHaveLength(1);
    const [delivery] = grants;
    const verified = new Webhook(secret).verify(delivery.body, {
      'webhook-id': String(delivery.headers['webhook-id']),
      'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
      'webhook-signature': String(delivery.headers['webhook-signature']),
    }) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(verified.type).toBe('application.granted');
    expect(verified.data).toEqual({
      id: application.id,
      reference: application.reference,
      programme: programme.code,
      status: 'granted',
      amountCents: application.grantedAmountCents,
      ordinal: application.voucher.ordinal,
    });
    // A signature made with another secret does not verify.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(delivery.body, delivery.headers as never),
    ).toThrow();
    const log = await admin.get(`${BASE}/${id}/deliveries`);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        id: delivery.headers['webhook-id'],
        event: 'application.granted',
        status: 'delivered',
        attempts: 1,
        lastResponseStatus: 204,
        nextAttemptAt: null,
      }),
    ]);
  });

  it('nothing is sent for a step that was refused (its transaction rolled back)', async () => {
    const programme = await t.newProgramme();
    await subscribe([programme.code], ['application.granted', 'application.reviewed']);
    const reviewer = await t.officer([programme.code]);
    const { application } = await t.reviewedApplication(programme.code, reviewer);
    // Four eyes: the reviewer may not grant; the refused grant writes nothing.
    const refused = await reviewer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'grant' });
    expect(refused.status).toBe(422);
    await t.drain();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['application.reviewed']);
  });

  it('a receiver that answers 500 twice gets the same webhook-id three times; then delivered', async () => {
    const programme = await t.newProgramme();
    const { id } = await subscribe([programme.code]);
    receiver.answer = (n) => (n <= 2 ? 500 : 200);
    await grantOne(programme.code);
    await waitFor('three attempts', async () => receiver.received.length >= 3, 20_000);
    await t.drain();
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const [entry] = (await admin.get(`${BASE}/${id}/deliveries`)).body.items;
    expect(entry).toMatchObject({ status: 'delivered', attempts: 3, lastResponseStatus: 200 });
  });

  it('a delivery can be sent again by hand, with the same webhook-id', async () => {
    const programme = await t.newProgramme();
    const { id } = await subscribe([programme.code]);
    await grantOne(programme.code);
    await t.drain();
    const [entry] = (await admin.get(`${BASE}/${id}/deliveries`)).body.items;
    const retried = await admin.post(`${BASE}/${id}/deliveries/${entry.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id: entry.id, status: 'pending' });
    await t.drain();
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([entry.id, entry.id]);
    expect((await admin.get(`${BASE}/${id}/deliveries`)).body.items[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
    expect((await admin.post(`${BASE}/${id}/deliveries/${programme.code}/retry`)).status).toBe(404);
  });

  it('a removed subscription gets nothing more', async () => {
    const programme = await t.newProgramme();
    const { id } = await subscribe([programme.code]);
    expect((await admin.request('DELETE', `${BASE}/${id}`)).status).toBe(204);
    expect((await admin.get(`${BASE}/${id}`)).status).toBe(404);
    await grantOne(programme.code);
    await t.drain();
    expect(receiver.received).toEqual([]);
  });
});
