import { applicationBody, Caller, programmeBody, Reply, TestApp } from './support';

/** GET/POST/PATCH /api/v1/programmes (docs/api.md "Programmes"). */

const BASE = '/api/v1/programmes';

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  if (field) {
    expect((reply.body.invalidParams ?? []).map((p: { name: string }) => p.name)).toContain(field);
  }
}

describe('programmes api', () => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.admin();
  });
  afterAll(() => t?.close());

  const create = (overrides: Record<string, unknown> = {}) =>
    admin.post(BASE, programmeBody({ code: t.unique('prog'), ...overrides }));

  async function programmeRow(code: string) {
    const [row] = await t.db.query(
      `SELECT name, budget_cents::bigint::text AS budget, granted_count, committed_cents::text AS committed,
              min_amount_cents, max_amount_cents
         FROM programmes WHERE code = $1`,
      [code],
    );
    return row;
  }

  describe('public reads', () => {
    it('lists programmes without a token', async () => {
      const a = await t.newProgramme();
      const b = await t.newProgramme({ province: 'GE' });
      const reply = await t.anonymous.get(BASE);
      expect(reply.status).toBe(200);
      expect(String(reply.headers['content-type'])).toMatch(/^application\/json/);
      const codes = reply.body.items.map((p: { code: string }) => p.code);
      expect(codes).toEqual(expect.arrayContaining([a.code, b.code]));
      expect(reply.body).toHaveProperty('nextCursor', null);
      expect(reply.body.items.find((p: { code: string }) => p.code === b.code)).toMatchObject({
        province: 'GE',
        grantedCount: 0,
        availableCents: b.budgetCents,
        status: 'open',
      });
    });

    it('reads one programme without a token, and ignores a bad token on a public route', async () => {
      const p = await t.newProgramme();
      const reply = await t.anonymous.get(`${BASE}/${p.code}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(p);
      const withBadToken = await t.anonymous.get(`${BASE}/${p.code}`, { authorization: 'Bearer not.a.jwt' });
      expect(withBadToken.status).toBe(200);
    });

    it('404 not-found for an unknown code', async () => {
      expectProblem(await t.anonymous.get(`${BASE}/no-such-programme`), 404, 'not-found');
    });
  });

  describe('POST', () => {
    it('201 with the programme and its read-only counters', async () => {
      const code = t.unique('ov');
      const body = programmeBody({ code, budgetCents: 5_000_000, milestones: [750, 250, 500] });
      const reply = await admin.post(BASE, body);
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        code,
        name: body.name,
        province: 'OV',
        funders: body.funders,
        budgetCents: 5_000_000,
        minAmountCents: 100_000,
        maxAmountCents: 300_000,
        maxCoFundingPercent: 100,
        region: body.region,
        targetGroups: body.targetGroups,
        trainingKinds: body.trainingKinds,
        milestones: [250, 500, 750],
        targets: { vouchers: 470 },
        fourEyes: true,
        voucherValidityDays: 365,
        providerCap: 300,
        grantedCount: 0,
        committedCents: 0,
        spentCents: 0,
        availableCents: 5_000_000,
        status: 'open',
      });
      expect(Date.parse(reply.body.opensAt)).toBe(Date.parse(body.opensAt));
      expect(Date.parse(reply.body.closesAt)).toBe(Date.parse(body.closesAt));
      expect(await programmeRow(code)).toMatchObject({ granted_count: 0, committed: '0', budget: '5000000' });
    });

    it('refuses read-only counters in the body, naming the field', async () => {
      for (const field of ['grantedCount', 'committedCents', 'spentCents', 'availableCents', 'status']) {
        expectProblem(await create({ [field]: 7 }), 400, 'invalid-request', field);
      }
    });

    it.each([
      ['upcoming', '2099-01-01T00:00:00+01:00', '2099-12-31T23:59:59+01:00'],
      ['open', '2020-01-01T00:00:00+01:00', '2099-12-31T23:59:59+01:00'],
      ['closed', '2020-01-01T00:00:00+01:00', '2021-12-31T23:59:59+01:00'],
    ])('status is %s depending on the dates', async (status, opensAt, closesAt) => {
      const reply = await create({ opensAt, closesAt });
      expect(reply.status).toBe(201);
      expect(reply.body.status).toBe(status);
      expect((await t.anonymous.get(`${BASE}/${reply.body.code}`)).body.status).toBe(status);
    });

    it('is for admins only: officer and other roles 403, anonymous 401', async () => {
      const code = t.unique('nope');
      expectProblem(await (await t.officer(['*'])).post(BASE, programmeBody({ code })), 403, 'forbidden');
      expectProblem(await (await t.provincial('OV')).post(BASE, programmeBody({ code })), 403, 'forbidden');
      expectProblem(await (await t.applicant()).post(BASE, programmeBody({ code })), 403, 'forbidden');
      expectProblem(await t.anonymous.post(BASE, programmeBody({ code })), 401, 'unauthenticated');
      expectProblem(await t.anonymous.get(`${BASE}/${code}`), 404, 'not-found');
    });

    it('409 programme-exists for a duplicate code', async () => {
      const first = await create();
      expect(first.status).toBe(201);
      const again = await admin.post(BASE, programmeBody({ code: first.body.code, name: 'Another name' }));
      expectProblem(again, 409, 'programme-exists');
      expect((await programmeRow(first.body.code)).name).toBe(first.body.name);
    });

    it('400 naming maxAmountCents when it is below minAmountCents', async () => {
      const code = t.unique('range');
      expectProblem(
        await admin.post(BASE, programmeBody({ code, minAmountCents: 300_000, maxAmountCents: 200_000 })),
        400,
        'invalid-request',
        'maxAmountCents',
      );
      expect(await programmeRow(code)).toBeUndefined();
      // equal is a fixed amount, which is fine
      expect((await create({ minAmountCents: 200_000, maxAmountCents: 200_000 })).status).toBe(201);
    });

    it('400 naming the field for invalid values', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ code: 'Not A Code' }, 'code'],
        [{ province: 'Overijssel' }, 'province'],
        [{ budgetCents: -1 }, 'budgetCents'],
        [{ maxCoFundingPercent: 101 }, 'maxCoFundingPercent'],
        [{ opensAt: 'soon' }, 'opensAt'],
        [{ closesAt: '2025-01-01T00:00:00+01:00' }, 'closesAt'],
        [{ targetGroups: ['pensioner'] }, 'targetGroups'],
        [{ milestones: [0] }, 'milestones'],
        [{ voucherValidityDays: 0 }, 'voucherValidityDays'],
        [{ region: { postcodeRanges: [['7800', '7400']] } }, 'region.postcodeRanges'],
      ];
      for (const [overrides, field] of cases) {
        expectProblem(await create(overrides), 400, 'invalid-request', field);
      }
    });

    it('400 naming closesAt when the programme would close the moment it opens (never 5xx)', async () => {
      const reply = await create({ opensAt: '2026-06-01T00:00:00Z', closesAt: '2026-06-01T00:00:00Z' });
      expectProblem(reply, 400, 'invalid-request', 'closesAt');
    });
  });

  describe('PATCH', () => {
    it('changes the name and the budget', async () => {
      const p = await t.newProgramme({ budgetCents: 1_000_000 });
      const reply = await admin.patch(`${BASE}/${p.code}`, { name: 'Gelders Vakmanschap', budgetCents: 2_000_000 });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        code: p.code,
        name: 'Gelders Vakmanschap',
        budgetCents: 2_000_000,
        availableCents: 2_000_000,
      });
      expect(await programmeRow(p.code)).toMatchObject({ name: 'Gelders Vakmanschap', budget: '2000000' });
      expect((await t.anonymous.get(`${BASE}/${p.code}`)).body).toMatchObject({
        name: 'Gelders Vakmanschap',
        budgetCents: 2_000_000,
      });
      // the rest stays as it was
      expect(reply.body).toMatchObject({
        minAmountCents: p.minAmountCents,
        milestones: p.milestones,
        fourEyes: p.fourEyes,
      });
    });

    it('cannot set grantedCount or other counters: 400 naming the unknown field', async () => {
      const p = await t.newProgramme();
      for (const field of ['grantedCount', 'committedCents', 'spentCents', 'availableCents', 'code']) {
        expectProblem(await admin.patch(`${BASE}/${p.code}`, { [field]: 5 }), 400, 'invalid-request', field);
      }
      expect(await programmeRow(p.code)).toMatchObject({ granted_count: 0, committed: '0' });
    });

    it('422 budget-below-commitments when the budget would drop below committed + spent', async () => {
      const p = await t.newProgramme({ budgetCents: 1_000_000, fourEyes: false, minAmountCents: 10_000 });
      const officer = await t.officer([p.code]);
      const one = await t.reviewedApplication(p.code, officer, { body: { requestedAmountCents: 250_000 } });
      expect(
        (await officer.post(`/api/v1/applications/${one.application.id}/transitions`, { action: 'grant' })).status,
      ).toBe(200);
      expect((await t.complete(officer, one.applicant, one.application.id, { reason: 'diploma' })).status).toBe(200);
      const two = await t.reviewedApplication(p.code, officer, { body: { requestedAmountCents: 100_000 } });
      expect(
        (await officer.post(`/api/v1/applications/${two.application.id}/transitions`, { action: 'grant' })).status,
      ).toBe(200);
      // committed 100,000 + spent 250,000 = 350,000

      expectProblem(
        await admin.patch(`${BASE}/${p.code}`, { budgetCents: 349_999 }),
        422,
        'budget-below-commitments',
        'budgetCents',
      );
      expect((await programmeRow(p.code)).budget).toBe('1000000');
      const exact = await admin.patch(`${BASE}/${p.code}`, { budgetCents: 350_000 });
      expect(exact.status).toBe(200);
      expect(exact.body).toMatchObject({
        budgetCents: 350_000,
        committedCents: 100_000,
        spentCents: 250_000,
        availableCents: 0,
      });
    });

    it('400 naming maxAmountCents when max would drop below min, alone or together', async () => {
      const p = await t.newProgramme({ minAmountCents: 100_000, maxAmountCents: 300_000 });
      expectProblem(
        await admin.patch(`${BASE}/${p.code}`, { maxAmountCents: 99_999 }),
        400,
        'invalid-request',
        'maxAmountCents',
      );
      expectProblem(
        await admin.patch(`${BASE}/${p.code}`, { minAmountCents: 300_001 }),
        400,
        'invalid-request',
        'maxAmountCents',
      );
      expectProblem(
        await admin.patch(`${BASE}/${p.code}`, { minAmountCents: 200_000, maxAmountCents: 150_000 }),
        400,
        'invalid-request',
        'maxAmountCents',
      );
      expect(await programmeRow(p.code)).toMatchObject({ min_amount_cents: 100_000, max_amount_cents: 300_000 });
      const ok = await admin.patch(`${BASE}/${p.code}`, { minAmountCents: 150_000, maxAmountCents: 150_000 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ minAmountCents: 150_000, maxAmountCents: 150_000 });
    });

    it('400 naming closesAt when it would not be after opensAt', async () => {
      const p = await t.newProgramme();
      expectProblem(
        await admin.patch(`${BASE}/${p.code}`, { closesAt: '2025-01-01T00:00:00+01:00' }),
        400,
        'invalid-request',
        'closesAt',
      );
    });

    it.each(['name', 'budgetCents', 'fourEyes', 'region', 'milestones', 'opensAt', 'closesAt'])(
      '400 naming %s, never 5xx or a silent change, when a required field is set to null',
      async (field) => {
        const p = await t.newProgramme();
        expectProblem(await admin.patch(`${BASE}/${p.code}`, { [field]: null }), 400, 'invalid-request', field);
        expect((await t.anonymous.get(`${BASE}/${p.code}`)).body).toEqual(p);
      },
    );

    it('providerCap may be cleared with null', async () => {
      const p = await t.newProgramme({ providerCap: 300 });
      const reply = await admin.patch(`${BASE}/${p.code}`, { providerCap: null });
      expect(reply.status).toBe(200);
      expect(reply.body.providerCap).toBeNull();
    });

    it('is for admins only; an unknown code is 404', async () => {
      const p = await t.newProgramme();
      expectProblem(await (await t.officer(['*'])).patch(`${BASE}/${p.code}`, { name: 'x' }), 403, 'forbidden');
      expectProblem(await t.anonymous.patch(`${BASE}/${p.code}`, { name: 'x' }), 401, 'unauthenticated');
      expectProblem(await admin.patch(`${BASE}/no-such-programme`, { name: 'x' }), 404, 'not-found');
      expect((await programmeRow(p.code)).name).toBe(p.name);
    });
  });

  describe("reasonTexts (standard texts for a decision's reason)", () => {
    it('are empty by default, set on POST, replaced on PATCH and read back by GET', async () => {
      const plain = await create();
      expect(plain.status).toBe(201);
      expect(plain.body.reasonTexts).toEqual({});
      const texts = { reject: ['Niet in de regio.', 'Geen technische opleiding.'], dismiss: ['Geen nieuwe feiten.'] };
      const made = await create({ reasonTexts: texts });
      expect(made.status).toBe(201);
      expect(made.body.reasonTexts).toEqual(texts);
      const changed = await admin.patch(`${BASE}/${made.body.code}`, { reasonTexts: { 'not-consider': ['Te laat.'] } });
      expect(changed.status).toBe(200);
      const read = await t.anonymous.get(`${BASE}/${made.body.code}`);
      expect(read.body.reasonTexts).toEqual({ 'not-consider': ['Te laat.'] });
    });

    it('400 naming the field for bad texts, never 5xx', async () => {
      const p = await t.newProgramme();
      const cases: [unknown, string][] = [
        [{ reject: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'reasonTexts.reject'],
        [{ reject: [''] }, 'reasonTexts.reject'],
        [{ dismiss: ['x'.repeat(501)] }, 'reasonTexts.dismiss'],
        [{ 'not-consider': 'one text' }, 'reasonTexts.not-consider'],
        [{ uphold: [42] }, 'reasonTexts.uphold'],
        [{ reject: null }, 'reasonTexts.reject'],
        [{ grant: ['Toegekend.'] }, 'reasonTexts.grant'],
        [['Niet in de regio.'], 'reasonTexts'],
        [null, 'reasonTexts'],
      ];
      for (const [reasonTexts, field] of cases) {
        expectProblem(await admin.patch(`${BASE}/${p.code}`, { reasonTexts }), 400, 'invalid-request', field);
        expectProblem(await create({ reasonTexts }), 400, 'invalid-request', field);
      }
      expect((await t.anonymous.get(`${BASE}/${p.code}`)).body.reasonTexts).toEqual({});
    });
  });

  describe('a change reaches the next submit at once', () => {
    it('closing a programme refuses the very next submission (the submit cache forgets it)', async () => {
      const admin = await t.admin();
      const p = await t.newProgramme();
      await t.newApplication(p.code); // the programme is now in the submit cache
      const closed = await admin.patch(`${BASE}/${p.code}`, { closesAt: '2026-01-02T00:00:00+01:00' });
      expect(closed.status).toBe(200);
      const applicant = await t.applicant();
      const reply = await applicant.post('/api/v1/applications', applicationBody(p.code));
      expect(reply.status).toBe(422);
      expect(reply.body.code).toBe('programme-closed');
    });
  });
});
