import { Caller, Reply, TestApp } from './support';

/**
 * Granting a voucher: amount, code, ordinal, expiry, the programme's counters and budget,
 * milestones, and what withdraw and complete do to the money (docs/architecture.md invariants 3–5).
 */

const url = (id: string) => `/api/v1/applications/${id}`;
const act = (caller: Caller, id: string, body: unknown, headers?: Record<string, string>) =>
  caller.post(`${url(id)}/transitions`, body, headers);

const VOUCHER_CODE = /^VV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

function expectProblem(reply: Reply, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
}

function amsterdamToday(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('granting vouchers', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  async function setting(overrides: Record<string, unknown> = {}) {
    const programme = await t.newProgramme(overrides);
    const reviewer = await t.officer([programme.code]);
    const granter = await t.officer([programme.code]);
    return { programme, reviewer, granter };
  }

  type Setting = Awaited<ReturnType<typeof setting>>;

  async function reviewed(s: Setting, requestedAmountCents = 250_000) {
    return t.reviewedApplication(s.programme.code, s.reviewer, { body: { requestedAmountCents } });
  }

  async function grant(s: Setting, id: string, amountCents?: number) {
    const reply = await act(
      s.granter,
      id,
      amountCents === undefined ? { action: 'grant' } : { action: 'grant', amountCents },
    );
    return reply;
  }

  async function granted(s: Setting, requestedAmountCents = 250_000) {
    const { application, applicant } = await reviewed(s, requestedAmountCents);
    const reply = await grant(s, application.id);
    expect(reply.status).toBe(200);
    return { application: reply.body, applicant };
  }

  async function counters(code: string) {
    const reply = await t.anonymous.get(`/api/v1/programmes/${code}`);
    expect(reply.status).toBe(200);
    const { grantedCount, committedCents, spentCents, availableCents, budgetCents } = reply.body;
    return { grantedCount, committedCents, spentCents, availableCents, budgetCents };
  }

  async function milestoneRows(programmeCode: string) {
    return t.db.query(
      `SELECT m.threshold, m.ordinal, m.application_id FROM milestones m JOIN programmes p ON p.id = m.programme_id
        WHERE p.code = $1 ORDER BY m.threshold`,
      [programmeCode],
    );
  }

  async function milestoneEvents(programmeCode: string) {
    return t.db.query(
      `SELECT payload FROM outbox WHERE type = 'milestone.reached' AND payload->>'programmeCode' = $1
        ORDER BY (payload->>'threshold')::int`,
      [programmeCode],
    );
  }

  describe('amount', () => {
    it('defaults to the requested amount', async () => {
      const s = await setting();
      const { application } = await reviewed(s, 175_000);
      const reply = await grant(s, application.id);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'granted',
        grantedAmountCents: 175_000,
        voucher: { amountCents: 175_000 },
      });
      const [row] = await t.db.query(`SELECT granted_amount_cents FROM applications WHERE id = $1`, [application.id]);
      expect(row.granted_amount_cents).toBe(175_000);
      expect((await counters(s.programme.code)).committedCents).toBe(175_000);
    });

    it('takes an explicit amountCents within the range', async () => {
      const s = await setting({ minAmountCents: 100_000, maxAmountCents: 300_000 });
      const { application } = await reviewed(s, 250_000);
      const reply = await grant(s, application.id, 120_000);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        requestedAmountCents: 250_000,
        grantedAmountCents: 120_000,
        voucher: { amountCents: 120_000 },
      });
      expect(await counters(s.programme.code)).toMatchObject({ committedCents: 120_000, grantedCount: 1 });
      const [event] = await t.db.query(
        `SELECT payload FROM outbox WHERE type = 'application.granted' AND payload->>'applicationId' = $1`,
        [application.id],
      );
      expect(event.payload).toMatchObject({ ordinal: 1, amountCents: 120_000 });
    });
  });

  describe('voucher', () => {
    it('50 grants get distinct codes like VV-XXXX-XXXX-XXXX and ordinals 1..50 in grant order', async () => {
      const s = await setting({ fourEyes: false });
      const codes: string[] = [];
      const ordinals: number[] = [];
      for (let i = 0; i < 50; i++) {
        const { application } = await t.reviewedApplication(s.programme.code, s.reviewer);
        const reply = await act(s.reviewer, application.id, { action: 'grant' });
        expect(reply.status).toBe(200);
        expect(reply.body.voucher.code).toMatch(VOUCHER_CODE);
        codes.push(reply.body.voucher.code);
        ordinals.push(reply.body.voucher.ordinal);
      }
      expect(new Set(codes).size).toBe(50);
      expect(ordinals).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const rows = await t.db.query(
        `SELECT voucher_ordinal AS ordinal, voucher_code AS code FROM applications WHERE programme_code = $1 ORDER BY voucher_ordinal`,
        [s.programme.code],
      );
      expect(rows.map((r: { ordinal: number }) => r.ordinal)).toEqual(ordinals);
      expect(rows.map((r: { code: string }) => r.code).sort()).toEqual([...codes].sort());
      expect(await counters(s.programme.code)).toMatchObject({ grantedCount: 50, committedCents: 50 * 250_000 });
    });

    it('ordinals are counted per programme', async () => {
      const a = await setting();
      const b = await setting();
      const one = await granted(a);
      const two = await granted(b);
      const three = await granted(a);
      expect([
        one.application.voucher.ordinal,
        two.application.voucher.ordinal,
        three.application.voucher.ordinal,
      ]).toEqual([1, 1, 2]);
    });

    it('expires voucherValidityDays after today (Europe/Amsterdam)', async () => {
      const s = await setting({ voucherValidityDays: 90 });
      const { application } = await granted(s);
      expect(application.voucher.expiresOn).toBe(amsterdamToday(90));
      const [row] = await t.db.query(`SELECT voucher_expires_on::text AS d FROM applications WHERE id = $1`, [
        application.id,
      ]);
      expect(row.d).toBe(amsterdamToday(90));
      const read = await t.anonymous.get(`/api/v1/programmes/${s.programme.code}`);
      expect(read.body.voucherValidityDays).toBe(90);
    });

    it('the owner reads the voucher on the application; it is null before the grant', async () => {
      const s = await setting();
      const { application, applicant } = await reviewed(s);
      expect((await applicant.get(url(application.id))).body.voucher).toBeNull();
      const reply = await grant(s, application.id);
      const read = await applicant.get(url(application.id));
      expect(read.body.voucher).toEqual(reply.body.voucher);
      expect(read.body.voucher).toEqual({
        code: expect.stringMatching(VOUCHER_CODE),
        ordinal: 1,
        amountCents: 250_000,
        expiresOn: amsterdamToday(365),
      });
    });
  });

  describe('programme counters', () => {
    it('grantedCount, committedCents and availableCents follow the grants', async () => {
      const s = await setting({ budgetCents: 1_000_000 });
      expect(await counters(s.programme.code)).toEqual({
        grantedCount: 0,
        committedCents: 0,
        spentCents: 0,
        availableCents: 1_000_000,
        budgetCents: 1_000_000,
      });
      await granted(s, 250_000);
      await granted(s, 150_000);
      expect(await counters(s.programme.code)).toEqual({
        grantedCount: 2,
        committedCents: 400_000,
        spentCents: 0,
        availableCents: 600_000,
        budgetCents: 1_000_000,
      });
      const list = await t.anonymous.get('/api/v1/programmes');
      expect(list.body.items.find((p: { code: string }) => p.code === s.programme.code)).toMatchObject({
        grantedCount: 2,
        committedCents: 400_000,
        availableCents: 600_000,
      });
    });
  });

  describe('four eyes', () => {
    it('fourEyes false lets the reviewer grant', async () => {
      const s = await setting({ fourEyes: false });
      const { application } = await reviewed(s);
      const reply = await act(s.reviewer, application.id, { action: 'grant' });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('granted');
    });

    it('fourEyes true refuses the reviewer', async () => {
      const s = await setting({ fourEyes: true });
      const { application } = await reviewed(s);
      expectProblem(await act(s.reviewer, application.id, { action: 'grant' }), 422, 'four-eyes');
    });
  });

  describe('milestones', () => {
    it('a grant whose ordinal is a threshold writes one milestone row and one milestone.reached event with it', async () => {
      const s = await setting({ milestones: [2, 3] });
      const grants = [];
      for (let i = 0; i < 4; i++) grants.push((await granted(s)).application);
      expect(grants.map((g) => g.voucher.ordinal)).toEqual([1, 2, 3, 4]);

      expect(await milestoneRows(s.programme.code)).toEqual([
        { threshold: 2, ordinal: 2, application_id: grants[1].id },
        { threshold: 3, ordinal: 3, application_id: grants[2].id },
      ]);
      const events = await milestoneEvents(s.programme.code);
      expect(events.map((e: { payload: unknown }) => e.payload)).toEqual([
        expect.objectContaining({
          programmeCode: s.programme.code,
          threshold: 2,
          ordinal: 2,
          applicationId: grants[1].id,
          reference: grants[1].reference,
        }),
        expect.objectContaining({
          programmeCode: s.programme.code,
          threshold: 3,
          ordinal: 3,
          applicationId: grants[2].id,
          reference: grants[2].reference,
        }),
      ]);

      // written in the grant's own transaction: the rows carry the same creating transaction id (xmin)
      for (const g of [grants[1], grants[2]]) {
        const [tx] = await t.db.query(
          `SELECT
             (SELECT xmin::text FROM applications WHERE id = $1::uuid) AS application,
             (SELECT xmin::text FROM milestones WHERE application_id = $1::uuid) AS milestone,
             (SELECT array_agg(DISTINCT xmin::text) FROM application_history
               WHERE application_id = $1::uuid AND action = 'grant') AS history,
             (SELECT array_agg(DISTINCT xmin::text) FROM outbox
               WHERE payload->>'applicationId' = $1::text AND type IN ('application.granted', 'milestone.reached')) AS outbox`,
          [g.id],
        );
        expect(tx.application).toEqual(expect.any(String));
        expect(tx).toEqual({
          application: tx.application,
          milestone: tx.application,
          history: [tx.application],
          outbox: [tx.application],
        });
      }
      // the grants that are no threshold wrote no milestone event
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE type = 'milestone.reached' AND payload->>'applicationId' = ANY($1)`,
        [[grants[0].id, grants[3].id]],
      );
      expect(n).toBe(0);
    });

    it('a grant refused for budget takes no ordinal and leaves no milestone; the next grant takes the next ordinal', async () => {
      const s = await setting({
        milestones: [2],
        budgetCents: 600_000,
        minAmountCents: 10_000,
        maxAmountCents: 500_000,
      });
      const first = await granted(s, 250_000);
      expect(first.application.voucher.ordinal).toBe(1);

      const { application: big } = await t.reviewedApplication(s.programme.code, s.reviewer, {
        body: { requestedAmountCents: 400_000, training: { costCents: 500_000 } },
      });
      expectProblem(await grant(s, big.id), 422, 'budget-exhausted');
      expect(await milestoneRows(s.programme.code)).toEqual([]);
      expect(await milestoneEvents(s.programme.code)).toEqual([]);
      expect(await counters(s.programme.code)).toMatchObject({ grantedCount: 1, committedCents: 250_000 });
      const [row] = await t.db.query(`SELECT status, voucher_ordinal, voucher_code FROM applications WHERE id = $1`, [
        big.id,
      ]);
      expect(row).toEqual({ status: 'reviewed', voucher_ordinal: null, voucher_code: null });

      const next = await granted(s, 250_000);
      expect(next.application.voucher.ordinal).toBe(2);
      expect(await milestoneRows(s.programme.code)).toEqual([
        { threshold: 2, ordinal: 2, application_id: next.application.id },
      ]);
      // the refused one is on the reserve list (its 400,000 does not fit the 100,000 left), so not even
      // a smaller grant jumps the queue (invariant 9)
      expectProblem(await grant(s, big.id, 100_000), 422, 'not-within-budget');
    });

    it('concurrent grants racing for the last budget: one wins, no gap in ordinals, milestones once', async () => {
      const s = await setting({ milestones: [2, 3], budgetCents: 750_000, minAmountCents: 10_000 });
      await granted(s, 250_000); // ordinal 1, 500,000 left
      const b = await reviewed(s, 300_000);
      const c = await reviewed(s, 300_000);
      const replies = await Promise.all([grant(s, b.application.id), grant(s, c.application.id)]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 422]);
      // b is ranked first and within budget; c (500,000 − 300,000 left) is on the reserve list, and
      // once b holds its money the budget is short for c as well: which refusal c meets first
      // depends on the interleaving, and both are right
      const loser = replies.find((r) => r.status === 422)!;
      expect(String(loser.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(['not-within-budget', 'budget-exhausted']).toContain(loser.body.code);
      const winner = replies.find((r) => r.status === 200)!;
      expect(winner.body.id).toBe(b.application.id);
      expect(winner.body.voucher.ordinal).toBe(2);

      const d = await granted(s, 200_000);
      expect(d.application.voucher.ordinal).toBe(3);
      expect(await counters(s.programme.code)).toMatchObject({
        grantedCount: 3,
        committedCents: 750_000,
        availableCents: 0,
      });
      expect(await milestoneRows(s.programme.code)).toEqual([
        { threshold: 2, ordinal: 2, application_id: winner.body.id },
        { threshold: 3, ordinal: 3, application_id: d.application.id },
      ]);
      expect(await milestoneEvents(s.programme.code)).toHaveLength(2);
    });

    it('many concurrent grants keep committed within budget and ordinals 1..n without gap or repeat', async () => {
      const s = await setting({ budgetCents: 1_000_000, milestones: [3] });
      const apps = [];
      for (let i = 0; i < 8; i++) apps.push((await reviewed(s, 150_000)).application);
      const replies = await Promise.all(apps.map((a) => grant(s, a.id)));
      const wins = replies.filter((r) => r.status === 200);
      expect(wins).toHaveLength(6); // 6 × 150,000 = 900,000 ≤ 1,000,000 < 7 × 150,000
      // The six within budget are the six ranked first; the last two are on the reserve list.
      expect(wins.map((r) => r.body.id).sort()).toEqual(
        apps
          .slice(0, 6)
          .map((a) => a.id)
          .sort(),
      );
      for (const r of replies.filter((r) => r.status !== 200)) expectProblem(r, 422, 'not-within-budget');
      expect(wins.map((r) => r.body.voucher.ordinal).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await counters(s.programme.code)).toMatchObject({ grantedCount: 6, committedCents: 900_000 });
      const rows = await milestoneRows(s.programme.code);
      expect(rows).toHaveLength(1);
      expect(rows[0].application_id).toBe(wins.find((r) => r.body.voucher.ordinal === 3)!.body.id);
    });
  });

  describe('money after the grant', () => {
    it('withdrawing a granted voucher releases the commitment but not the ordinal', async () => {
      const s = await setting({ budgetCents: 1_000_000 });
      const one = await granted(s, 250_000);
      const two = await granted(s, 200_000);
      expect(await counters(s.programme.code)).toMatchObject({
        grantedCount: 2,
        committedCents: 450_000,
        availableCents: 550_000,
      });

      const withdrawn = await act(two.applicant, two.application.id, { action: 'withdraw', reason: 'moved abroad' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      expect(await counters(s.programme.code)).toEqual({
        grantedCount: 2,
        committedCents: 250_000,
        spentCents: 0,
        availableCents: 750_000,
        budgetCents: 1_000_000,
      });

      const three = await granted(s, 300_000);
      expect(three.application.voucher.ordinal).toBe(3);
      expect(await counters(s.programme.code)).toMatchObject({ grantedCount: 3, committedCents: 550_000 });
      const ordinals = await t.db.query(
        `SELECT voucher_ordinal AS o FROM applications WHERE programme_code = $1 AND voucher_ordinal IS NOT NULL ORDER BY 1`,
        [s.programme.code],
      );
      expect(ordinals.map((r: { o: number }) => r.o)).toEqual([1, 2, 3]);
      expect(one.application.voucher.ordinal).toBe(1);
    });

    it('withdrawing before the grant does not touch the money', async () => {
      const s = await setting({ budgetCents: 1_000_000 });
      await granted(s, 250_000);
      const { application, applicant } = await reviewed(s, 200_000);
      expect((await act(applicant, application.id, { action: 'withdraw' })).status).toBe(200);
      expect(await counters(s.programme.code)).toMatchObject({
        grantedCount: 1,
        committedCents: 250_000,
        spentCents: 0,
      });
    });

    it('completing moves the amount from committed to spent', async () => {
      const s = await setting({ budgetCents: 1_000_000 });
      const one = await granted(s, 250_000);
      await granted(s, 100_000);
      const reply = await t.complete(s.granter, one.applicant, one.application.id, { reason: 'certificate 2027-0042' });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('completed');
      expect(await counters(s.programme.code)).toEqual({
        grantedCount: 2,
        committedCents: 100_000,
        spentCents: 250_000,
        availableCents: 650_000,
        budgetCents: 1_000_000,
      });
    });

    it('the budget check counts committed and spent money', async () => {
      const s = await setting({ budgetCents: 300_000, minAmountCents: 10_000 });
      const one = await granted(s, 250_000);
      expect((await t.complete(s.granter, one.applicant, one.application.id)).status).toBe(200);
      expect(await counters(s.programme.code)).toMatchObject({
        committedCents: 0,
        spentCents: 250_000,
        availableCents: 50_000,
      });

      const { application } = await reviewed(s, 50_000);
      expectProblem(await grant(s, application.id, 100_000), 422, 'budget-exhausted');
      expect(await counters(s.programme.code)).toMatchObject({
        grantedCount: 1,
        committedCents: 0,
        spentCents: 250_000,
      });

      const exact = await grant(s, application.id, 50_000);
      expect(exact.status).toBe(200);
      expect(exact.body.voucher.ordinal).toBe(2);
      expect(await counters(s.programme.code)).toMatchObject({
        grantedCount: 2,
        committedCents: 50_000,
        spentCents: 250_000,
        availableCents: 0,
      });
    });
  });
});
