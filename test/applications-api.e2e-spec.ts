import { applicationBody, Caller, Reply, TestApp } from './support';
import { randomUUID } from 'node:crypto';

/** POST/GET /api/v1/applications, GET one, and its history (docs/api.md "Applications"). */

const BASE = '/api/v1/applications';
const REFERENCE = /^[A-Z]{2}-\d{4}-\d{6}$/;

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  if (field) {
    expect((reply.body.invalidParams ?? []).map((p: { name: string }) => p.name)).toContain(field);
  }
}

const ids = (reply: Reply) => reply.body.items.map((a: { id: string }) => a.id) as string[];

describe('applications api', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  const submit = (caller: Caller, body: unknown, headers?: Record<string, string>) => caller.post(BASE, body, headers);

  async function rowsWithKey(owner: string, key: string) {
    return t.db.query(`SELECT id FROM applications WHERE owner_id = $1 AND idempotency_key = $2`, [owner, key]);
  }

  describe('POST /applications', () => {
    it('201 with Location, a reference, status submitted and version 1; only the owner sees it', async () => {
      const programme = await t.newProgramme({ province: 'GE', opensAt: '2026-01-01T00:00:00+01:00' });
      const sub = t.unique('owner');
      const applicant = await t.applicant(sub);
      const reply = await submit(
        applicant,
        applicationBody(programme.code, { motivation: 'Ik wil installateur worden.' }),
      );
      expect(reply.status).toBe(201);
      const id = reply.body.id;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(reply.headers.location).toBe(`/api/v1/applications/${id}`);
      expect(reply.headers.etag).toBe('"1"');
      expect(reply.body).toMatchObject({
        programmeCode: programme.code,
        status: 'submitted',
        version: 1,
        requestedAmountCents: 250_000,
        grantedAmountCents: null,
        voucher: null,
        decision: null,
        informationRequest: null,
        objection: null,
        motivation: 'Ik wil installateur worden.',
        applicant: { name: 'Ahmad Al Haj', postcode: '7511 AB', targetGroup: 'career-switcher' },
        training: { costCents: 320_000, kind: 'reskilling' },
        allowedActions: ['withdraw'],
      });
      expect(reply.body.reference).toMatch(REFERENCE);
      expect(reply.body.reference.startsWith('GE-2026-')).toBe(true);
      expect(Date.parse(reply.body.submittedAt)).not.toBeNaN();

      const [row] = await t.db.query(`SELECT owner_id, status, version, reference FROM applications WHERE id = $1`, [
        id,
      ]);
      expect(row).toEqual({ owner_id: sub, status: 'submitted', version: 1, reference: reply.body.reference });

      const own = await applicant.get(reply.headers.location as string);
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(id);
      expectProblem(await (await t.applicant()).get(`${BASE}/${id}`), 404, 'not-found');
    });

    it('gives every application its own reference', async () => {
      const programme = await t.newProgramme();
      const refs = [];
      for (let i = 0; i < 3; i++) refs.push((await t.newApplication(programme.code)).application.reference);
      expect(new Set(refs).size).toBe(3);
      for (const ref of refs) expect(ref).toMatch(/^OV-2026-\d{6}$/);
    });

    it('writes the submit history row and one application.submitted outbox row', async () => {
      const programme = await t.newProgramme();
      const sub = t.unique('owner');
      const { application } = await t.newApplication(programme.code, { applicant: await t.applicant(sub) });
      const history = await t.db.query(
        `SELECT action, from_status, to_status, actor_id, actor_role FROM application_history WHERE application_id = $1`,
        [application.id],
      );
      expect(history).toEqual([
        { action: 'submit', from_status: null, to_status: 'submitted', actor_id: sub, actor_role: 'applicant' },
      ]);
      const outbox = await t.db.query(`SELECT type FROM outbox WHERE payload->>'applicationId' = $1`, [application.id]);
      expect(outbox).toEqual([{ type: 'application.submitted' }]);
    });

    it('requires employer when targetGroup is employee, naming employer', async () => {
      const programme = await t.newProgramme();
      const applicant = await t.applicant();
      const body = applicationBody(programme.code, { applicant: { targetGroup: 'employee' } });
      expectProblem(await submit(applicant, body), 400, 'invalid-request', 'employer');
      expectProblem(await submit(applicant, { ...body, employer: null }), 400, 'invalid-request', 'employer');
      const withEmployer = await submit(applicant, {
        ...body,
        employer: { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' },
      });
      expect(withEmployer.status).toBe(201);
      expect(withEmployer.body.employer).toEqual({
        name: 'Metaalbedrijf Twente BV',
        kvkNumber: '12345678',
        postcode: '7521 AA',
      });
      // others need no employer
      const jobseeker = await submit(
        applicant,
        applicationBody(programme.code, { applicant: { targetGroup: 'jobseeker' } }),
      );
      expect(jobseeker.status).toBe(201);
      expect(jobseeker.body.employer).toBeNull();
    });

    it('validates a given employer, naming the nested field', async () => {
      const programme = await t.newProgramme();
      const body = applicationBody(programme.code, {
        applicant: { targetGroup: 'employee' },
        employer: { name: 'Metaalbedrijf Twente BV', kvkNumber: '1234', postcode: '7521 AA' },
      });
      expectProblem(await submit(await t.applicant(), body), 400, 'invalid-request', 'employer.kvkNumber');
    });

    it('refuses an unknown programmeCode with 400 naming programmeCode', async () => {
      expectProblem(
        await submit(await t.applicant(), applicationBody('no-such-programme')),
        400,
        'invalid-request',
        'programmeCode',
      );
    });

    it('refuses a closed or an upcoming programme with 422 programme-closed', async () => {
      const closed = await t.newProgramme({
        opensAt: '2020-01-01T00:00:00+01:00',
        closesAt: '2021-12-31T23:59:59+01:00',
      });
      const upcoming = await t.newProgramme({
        opensAt: '2099-01-01T00:00:00+01:00',
        closesAt: '2099-12-31T23:59:59+01:00',
      });
      expect(closed.status).toBe('closed');
      expect(upcoming.status).toBe('upcoming');
      const applicant = await t.applicant();
      expectProblem(await submit(applicant, applicationBody(closed.code)), 422, 'programme-closed');
      expectProblem(await submit(applicant, applicationBody(upcoming.code)), 422, 'programme-closed');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM applications WHERE programme_code = ANY($1)`, [
        [closed.code, upcoming.code],
      ]);
      expect(n).toBe(0);
    });

    it('names the invalid field with a dotted path and never answers 5xx', async () => {
      const programme = await t.newProgramme();
      const applicant = await t.applicant();
      const cases: [Record<string, unknown>, string][] = [
        [{ applicant: { postcode: '0000 AA' } }, 'applicant.postcode'],
        [{ applicant: { email: 'not-an-email' } }, 'applicant.email'],
        [{ applicant: { gender: 'other' } }, 'applicant.gender'],
        [{ applicant: { targetGroup: 'pensioner' } }, 'applicant.targetGroup'],
        [{ applicant: { dateOfBirth: '1990-02-30' } }, 'applicant.dateOfBirth'],
        [{ training: { endsOn: '2027-01-01' } }, 'training.endsOn'],
        [{ training: { costCents: 0 } }, 'training.costCents'],
        [{ training: { kind: 'hobby' } }, 'training.kind'],
        [{ requestedAmountCents: 12.5 }, 'requestedAmountCents'],
        [{ requestedAmountCents: '250000' }, 'requestedAmountCents'],
        [{ motivation: 'x'.repeat(2001) }, 'motivation'],
        [{ status: 'granted' }, 'status'],
      ];
      for (const [overrides, field] of cases) {
        expectProblem(
          await submit(applicant, applicationBody(programme.code, overrides)),
          400,
          'invalid-request',
          field,
        );
      }
      expectProblem(
        await applicant.post(BASE, '{"programmeCode":', { 'content-type': 'application/json' }),
        400,
        'invalid-request',
      );
      expectProblem(await applicant.post(BASE, [applicationBody(programme.code)]), 400, 'invalid-request');
    });

    it.each(['applicant', 'training', 'programmeCode', 'requestedAmountCents'])(
      'requires %s, naming it, and stores nothing without it',
      async (field) => {
        const programme = await t.newProgramme();
        const sub = t.unique('owner');
        const body = applicationBody(programme.code);
        delete body[field];
        expectProblem(await submit(await t.applicant(sub), body), 400, 'invalid-request', field);
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM applications WHERE owner_id = $1`, [sub]);
        expect(n).toBe(0);
      },
    );

    it('is for applicants only: officer 403, anonymous 401', async () => {
      const programme = await t.newProgramme();
      expectProblem(await submit(await t.officer(['*']), applicationBody(programme.code)), 403, 'forbidden');
      expectProblem(await submit(await t.admin(), applicationBody(programme.code)), 403, 'forbidden');
      expectProblem(await submit(t.anonymous, applicationBody(programme.code)), 401, 'unauthenticated');
    });
  });

  describe('Idempotency-Key', () => {
    it('the same key with the same body returns the first application; one row', async () => {
      const programme = await t.newProgramme();
      const sub = t.unique('owner');
      const applicant = await t.applicant(sub);
      const key = randomUUID();
      const first = await submit(applicant, applicationBody(programme.code), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const again = await submit(applicant, applicationBody(programme.code), { 'idempotency-key': key });
      expect([200, 201]).toContain(again.status);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.reference).toBe(first.body.reference);
      expect(again.headers.location).toBe(first.headers.location);
      expect(await rowsWithKey(sub, key)).toHaveLength(1);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM application_history WHERE application_id = $1`, [
        first.body.id,
      ]);
      expect(n).toBe(1);
      const [{ m }] = await t.db.query(`SELECT count(*)::int AS m FROM outbox WHERE payload->>'applicationId' = $1`, [
        first.body.id,
      ]);
      expect(m).toBe(1);
    });

    it('the same body with its keys in another order counts as the same body', async () => {
      const programme = await t.newProgramme();
      const applicant = await t.applicant();
      const key = randomUUID();
      const body = applicationBody(programme.code);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      reordered.applicant = Object.fromEntries(Object.entries(body.applicant).reverse());
      const first = await submit(applicant, body, { 'idempotency-key': key });
      const again = await submit(applicant, reordered, { 'idempotency-key': key });
      expect(again.body.id).toBe(first.body.id);
    });

    it('the same key with another body is 422 idempotency-key-reused', async () => {
      const programme = await t.newProgramme();
      const sub = t.unique('owner');
      const applicant = await t.applicant(sub);
      const key = randomUUID();
      expect((await submit(applicant, applicationBody(programme.code), { 'idempotency-key': key })).status).toBe(201);
      const other = await submit(applicant, applicationBody(programme.code, { requestedAmountCents: 200_000 }), {
        'idempotency-key': key,
      });
      expectProblem(other, 422, 'idempotency-key-reused');
      expect(await rowsWithKey(sub, key)).toHaveLength(1);
    });

    it('10 concurrent identical requests with one key make one application and all answer its id', async () => {
      const programme = await t.newProgramme();
      const sub = t.unique('owner');
      const applicant = await t.applicant(sub);
      const key = randomUUID();
      const body = applicationBody(programme.code);
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => submit(applicant, body, { 'idempotency-key': key })),
      );
      for (const r of replies) expect([200, 201]).toContain(r.status);
      const answered = new Set(replies.map((r) => r.body.id));
      expect(answered.size).toBe(1);
      const rows = await rowsWithKey(sub, key);
      expect(rows).toHaveLength(1);
      expect(rows[0].id).toBe(replies[0].body.id);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM applications WHERE owner_id = $1`, [sub]);
      expect(n).toBe(1);
    });

    it('different applicants may use the same key independently', async () => {
      const programme = await t.newProgramme();
      const key = 'my-first-application';
      const a = await submit(await t.applicant(), applicationBody(programme.code), { 'idempotency-key': key });
      const b = await submit(await t.applicant(), applicationBody(programme.code, { requestedAmountCents: 150_000 }), {
        'idempotency-key': key,
      });
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
      expect(b.body.requestedAmountCents).toBe(150_000);
    });

    it('without a key the same body twice makes two applications', async () => {
      const programme = await t.newProgramme();
      const applicant = await t.applicant();
      const a = await submit(applicant, applicationBody(programme.code));
      const b = await submit(applicant, applicationBody(programme.code));
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('refuses a key that is too long or holds spaces, naming Idempotency-Key', async () => {
      const programme = await t.newProgramme();
      const sub = t.unique('owner');
      const applicant = await t.applicant(sub);
      for (const key of ['x'.repeat(201), 'two words']) {
        expectProblem(
          await submit(applicant, applicationBody(programme.code), { 'idempotency-key': key }),
          400,
          'invalid-request',
          'Idempotency-Key',
        );
      }
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM applications WHERE owner_id = $1`, [sub]);
      expect(n).toBe(0);
    });
  });

  describe('GET /applications (list)', () => {
    let ov: string;
    let ge: string;
    let alice: Caller;
    let bob: Caller;
    const mine: Record<string, string[]> = { alice: [], bob: [] };

    beforeAll(async () => {
      ov = (await t.newProgramme({ province: 'OV' })).code;
      ge = (await t.newProgramme({ province: 'GE' })).code;
      alice = await t.applicant(t.unique('alice'));
      bob = await t.applicant(t.unique('bob'));
      for (const [who, caller, code] of [
        ['alice', alice, ov],
        ['alice', alice, ge],
        ['bob', bob, ov],
        ['bob', bob, ge],
        ['bob', bob, ge],
      ] as [string, Caller, string][]) {
        mine[who].push((await t.newApplication(code, { applicant: caller })).application.id);
      }
      const officer = await t.officer([ge]);
      await officer.post(`${BASE}/${mine.bob[2]}/transitions`, { action: 'review' });
    });

    it('an applicant gets only their own', async () => {
      const reply = await alice.get(BASE);
      expect(reply.status).toBe(200);
      expect(ids(reply).sort()).toEqual([...mine.alice].sort());
      expect(reply.body.nextCursor).toBeNull();
      expect(reply.body.items[0]).toMatchObject({ allowedActions: ['withdraw'], status: 'submitted' });
      const stranger = await (await t.applicant()).get(BASE);
      expect(stranger.body).toEqual({ items: [], nextCursor: null });
    });

    it('an officer gets only programmes in scope', async () => {
      const reply = await (await t.officer([ge])).get(`${BASE}?limit=200`);
      expect(reply.status).toBe(200);
      expect(reply.body.items.every((a: { programmeCode: string }) => a.programmeCode === ge)).toBe(true);
      expect(ids(reply).sort()).toEqual([mine.alice[1], mine.bob[1], mine.bob[2]].sort());
    });

    it('an admin gets all', async () => {
      const reply = await (await t.admin()).get(`${BASE}?limit=200`);
      expect(reply.status).toBe(200);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM applications`);
      expect(reply.body.items).toHaveLength(Math.min(n, 200));
      for (const id of [...mine.alice, ...mine.bob]) expect(ids(reply)).toContain(id);
    });

    it('provincial staff get 403, anonymous 401', async () => {
      expectProblem(await (await t.provincial('OV')).get(BASE), 403, 'forbidden');
      expectProblem(await t.anonymous.get(BASE), 401, 'unauthenticated');
    });

    it('filters by status and programme', async () => {
      const byProgramme = await bob.get(`${BASE}?programme=${ge}`);
      expect(ids(byProgramme).sort()).toEqual([mine.bob[1], mine.bob[2]].sort());
      const byStatus = await bob.get(`${BASE}?status=reviewed`);
      expect(ids(byStatus)).toEqual([mine.bob[2]]);
      const both = await (await t.admin()).get(`${BASE}?status=submitted&programme=${ov}`);
      expect(ids(both).sort()).toEqual([mine.alice[0], mine.bob[0]].sort());
      expectProblem(await bob.get(`${BASE}?status=approved`), 400, 'invalid-request', 'status');
      expectProblem(await bob.get(`${BASE}?colour=red`), 400, 'invalid-request', 'colour');
    });

    it('limit is 1–200: 0, 201 and a non-number are 400 naming limit', async () => {
      for (const limit of ['0', '201', 'ten', '-1', '1.5']) {
        expectProblem(await bob.get(`${BASE}?limit=${limit}`), 400, 'invalid-request', 'limit');
      }
      const one = await bob.get(`${BASE}?limit=1`);
      expect(one.status).toBe(200);
      expect(one.body.items).toHaveLength(1);
      expect(one.body.nextCursor).toEqual(expect.any(String));
      expect((await bob.get(`${BASE}?limit=200`)).status).toBe(200);
    });

    it('a garbage cursor is 400 naming cursor', async () => {
      const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
      for (const cursor of ['garbage', '%%%', forged, Buffer.from('[1,2]').toString('base64url')]) {
        expectProblem(await bob.get(`${BASE}?cursor=${encodeURIComponent(cursor)}`), 400, 'invalid-request', 'cursor');
      }
    });

    it('a forged cursor whose timestamp JavaScript parses but PostgreSQL does not is 400 naming cursor, not 5xx', async () => {
      const admin = await t.admin();
      for (const at of [
        '1',
        '2026',
        '+275760-09-13T00:00:00Z',
        'Tue Mar 03 2026 10:00:00 GMT+0100 (Central European Standard Time)',
      ]) {
        const cursor = Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url');
        expectProblem(await admin.get(`${BASE}?cursor=${cursor}`), 400, 'invalid-request', 'cursor');
      }
    });
  });

  describe('cursor pagination', () => {
    let code: string;
    let applicant: Caller;
    let expected: string[];

    beforeAll(async () => {
      code = (await t.newProgramme()).code;
      applicant = await t.applicant();
      for (let i = 0; i < 25; i++) await t.newApplication(code, { applicant });
      // ties in submitted_at must be broken by id, not skipped or repeated
      await t.db.query(
        `UPDATE applications SET submitted_at = '2026-03-01T10:00:00.123456Z'
          WHERE id IN (SELECT id FROM applications WHERE programme_code = $1 ORDER BY submitted_at LIMIT 6 OFFSET 8)`,
        [code],
      );
      const rows = await t.db.query(
        `SELECT id FROM applications WHERE programme_code = $1 ORDER BY submitted_at DESC, id DESC`,
        [code],
      );
      expected = rows.map((r: { id: string }) => r.id);
      expect(expected).toHaveLength(25);
    });

    async function walk(caller: Caller, query: string, limit: number) {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const reply: Reply = await caller.get(
          `${BASE}?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(reply.status).toBe(200);
        pages.push(ids(reply));
        cursor = reply.body.nextCursor;
        expect(pages.length).toBeLessThanOrEqual(30);
      } while (cursor !== null);
      return pages;
    }

    it('walks 25 applications with limit 7 in submitted_at DESC order without duplicates or gaps', async () => {
      const pages = await walk(applicant, `programme=${code}`, 7);
      expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4]);
      expect(pages.flat()).toEqual(expected);
      const at = (await applicant.get(`${BASE}?programme=${code}&limit=25`)).body.items.map(
        (a: { submittedAt: string }) => Date.parse(a.submittedAt),
      );
      expect(at).toEqual([...at].sort((x: number, y: number) => y - x));
    });

    it('walks the same with an admin and other page sizes', async () => {
      const admin = await t.admin();
      for (const limit of [1, 5, 6, 24, 25, 26]) {
        expect((await walk(admin, `programme=${code}`, limit)).flat()).toEqual(expected);
      }
    });

    it('nextCursor is null on the last page, also when it is exactly full', async () => {
      const full = await applicant.get(`${BASE}?programme=${code}&limit=25`);
      expect(full.body.items).toHaveLength(25);
      expect(full.body.nextCursor).toBeNull();
      const first = await applicant.get(`${BASE}?programme=${code}&limit=24`);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const last = await applicant.get(
        `${BASE}?programme=${code}&limit=24&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      expect(ids(last)).toEqual([expected[24]]);
      expect(last.body.nextCursor).toBeNull();
    });

    it('uses 50 as the default limit', async () => {
      const big = (await t.newProgramme()).code;
      const someone = await t.applicant();
      for (let i = 0; i < 51; i++) await t.newApplication(big, { applicant: someone });
      const reply = await someone.get(BASE);
      expect(reply.body.items).toHaveLength(50);
      expect(reply.body.nextCursor).toEqual(expect.any(String));
      const rest = await someone.get(`${BASE}?cursor=${encodeURIComponent(reply.body.nextCursor)}`);
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.nextCursor).toBeNull();
    });
  });

  describe('GET /applications/{id} and its history', () => {
    it('shows allowedActions for the caller and an ETag of the version', async () => {
      const programme = await t.newProgramme();
      const { application, applicant } = await t.newApplication(programme.code);
      const officer = await t.officer([programme.code]);
      const own = await applicant.get(`${BASE}/${application.id}`);
      expect(own.status).toBe(200);
      expect(own.headers.etag).toBe('"1"');
      expect(own.body.allowedActions).toEqual(['withdraw']);
      const seen = await officer.get(`${BASE}/${application.id}`);
      expect(seen.body.allowedActions.sort()).toEqual(['reject', 'request-information', 'review']);
      await officer.post(`${BASE}/${application.id}/transitions`, { action: 'review' });
      const after = await applicant.get(`${BASE}/${application.id}`);
      expect(after.headers.etag).toBe('"2"');
      expect(after.body).toMatchObject({ version: 2, status: 'reviewed', allowedActions: ['withdraw'] });
    });

    it('is 404 for strangers, officers out of scope, provincial staff, unknown and malformed ids', async () => {
      const programme = await t.newProgramme();
      const { application } = await t.newApplication(programme.code);
      for (const caller of [await t.applicant(), await t.officer(['elsewhere']), await t.provincial('OV')]) {
        expectProblem(await caller.get(`${BASE}/${application.id}`), 404, 'not-found');
        expectProblem(await caller.get(`${BASE}/${application.id}/history`), 404, 'not-found');
      }
      const admin = await t.admin();
      expect((await admin.get(`${BASE}/${application.id}`)).status).toBe(200);
      expectProblem(await admin.get(`${BASE}/${randomUUID()}`), 404, 'not-found');
      expectProblem(await admin.get(`${BASE}/not-a-uuid`), 404, 'not-found');
      expectProblem(await admin.get(`${BASE}/${randomUUID()}/history`), 404, 'not-found');
      expectProblem(await t.anonymous.get(`${BASE}/${application.id}`), 401, 'unauthenticated');
    });

    it('history lists the steps oldest first, with actor {id, role} and reason', async () => {
      const programme = await t.newProgramme();
      const ownerSub = t.unique('owner');
      const reviewerSub = t.unique('reviewer');
      const granterSub = t.unique('granter');
      const owner = await t.applicant(ownerSub);
      const reviewer = await t.officer([programme.code], reviewerSub);
      const granter = await t.officer([programme.code], granterSub);
      const { application } = await t.newApplication(programme.code, { applicant: owner });
      const id = application.id;
      expect((await reviewer.post(`${BASE}/${id}/transitions`, { action: 'review' })).status).toBe(200);
      expect((await granter.post(`${BASE}/${id}/transitions`, { action: 'grant' })).status).toBe(200);
      expect(
        (await owner.post(`${BASE}/${id}/transitions`, { action: 'withdraw', reason: 'found a job' })).status,
      ).toBe(200);

      const reply = await owner.get(`${BASE}/${id}/history`);
      expect(reply.status).toBe(200);
      expect(reply.body.items).toEqual([
        {
          at: expect.any(String),
          action: 'submit',
          from: null,
          to: 'submitted',
          actor: { id: ownerSub, role: 'applicant' },
          reason: null,
        },
        {
          at: expect.any(String),
          action: 'review',
          from: 'submitted',
          to: 'reviewed',
          actor: { id: reviewerSub, role: 'officer' },
          reason: null,
        },
        {
          at: expect.any(String),
          action: 'grant',
          from: 'reviewed',
          to: 'granted',
          actor: { id: granterSub, role: 'officer' },
          reason: null,
        },
        {
          at: expect.any(String),
          action: 'withdraw',
          from: 'granted',
          to: 'withdrawn',
          actor: { id: ownerSub, role: 'applicant' },
          reason: 'found a job',
        },
      ]);
      const at = reply.body.items.map((i: { at: string }) => Date.parse(i.at));
      expect(at.every((x: number) => !Number.isNaN(x))).toBe(true);
      expect(at).toEqual([...at].sort((x: number, y: number) => x - y));
      expect((await reviewer.get(`${BASE}/${id}/history`)).body.items).toHaveLength(4);
    });
  });
});
