import { createHash, createHmac } from 'node:crypto';
import { AllocationService } from '../src/features/allocation/allocation.service';
import { LotteryService } from '../src/features/allocation/lottery.service';
import { allocate } from '../src/features/allocation/allocation';
import { allocationRows } from '../src/features/applications/application-allocation';
import { TestApp } from './support';
import { WebClient } from './support/web-client';

/**
 * Allocation through the api (docs/api.md "Allocation"): the programme's rule is fixed once it
 * has applications, applications show their rank and place, a reserve-list grant is refused,
 * money coming free moves the reserve list up with one notice each (also under concurrent
 * grants and withdrawals), and a lottery day can be recomputed from GET /lottery alone and is
 * unchangeable once drawn.
 */
describe('allocation: rank, reserve list and the daily lottery', () => {
  let t: TestApp;
  let allocation: AllocationService;
  let lottery: LotteryService;
  beforeAll(async () => {
    t = await TestApp.start();
    allocation = t.app.get(AllocationService);
    lottery = t.app.get(LotteryService);
  });
  afterAll(() => t?.close());

  const transitions = (id: string) => `/api/v1/applications/${id}/transitions`;
  const programmeId = async (code: string): Promise<string> =>
    (await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [code]))[0].id;

  async function setting(overrides: Record<string, unknown> = {}) {
    const programme = await t.newProgramme({ minAmountCents: 50_000, ...overrides });
    return {
      programme,
      id: await programmeId(programme.code),
      reviewer: await t.officer([programme.code]),
      granter: await t.officer([programme.code]),
    };
  }

  it('allocation defaults to first-come, may change while there are no applications, and is fixed after', async () => {
    const admin = await t.admin();
    const s = await setting();
    expect(s.programme.allocation).toBe('first-come');
    const changed = await admin.patch(`/api/v1/programmes/${s.programme.code}`, { allocation: 'daily-lottery' });
    expect(changed.status).toBe(200);
    expect(changed.body.allocation).toBe('daily-lottery');
    const bad = await admin.patch(`/api/v1/programmes/${s.programme.code}`, { allocation: 'fastest-finger' });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams[0].name).toBe('allocation');

    await t.newApplication(s.programme.code);
    const fixed = await admin.patch(`/api/v1/programmes/${s.programme.code}`, { allocation: 'first-come' });
    expect(fixed.status).toBe(422);
    expect(fixed.body).toMatchObject({ code: 'allocation-fixed', invalidParams: [{ name: 'allocation' }] });
    // the same value, or any other field, is still fine
    expect((await admin.patch(`/api/v1/programmes/${s.programme.code}`, { allocation: 'daily-lottery' })).status).toBe(
      200,
    );
    expect((await t.anonymous.get(`/api/v1/programmes/${s.programme.code}`)).body.allocation).toBe('daily-lottery');
  });

  it('ranks by submission, places first fit, refuses a reserve grant, and moves the reserve list up with one notice each', async () => {
    const s = await setting({ budgetCents: 500_000 });
    // 250k, 200k, 100k, 150k: the first two and the 100k fit 500k (first fit); the 150k does not.
    const apps: Awaited<ReturnType<TestApp['reviewedApplication']>>[] = [];
    for (const amount of [250_000, 200_000, 100_000, 150_000]) {
      apps.push(await t.reviewedApplication(s.programme.code, s.reviewer, { body: { requestedAmountCents: amount } }));
    }
    await allocation.settle(s.id);
    const read = async (i: number) =>
      (await apps[i].applicant.get(`/api/v1/applications/${apps[i].application.id}`)).body;
    const views = await Promise.all(apps.map((_, i) => read(i)));
    expect(views.map((v) => [v.rank, v.budgetPosition, v.reservePosition])).toEqual([
      [1, 'within', null],
      [2, 'within', null],
      [3, 'reserve', 1],
      [4, 'reserve', 2],
    ]);
    // invariant 9: 50k would fit what is left (50k), but the third is on the reserve list
    const refused = await s.granter.post(transitions(apps[2].application.id), { action: 'grant', amountCents: 50_000 });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('not-within-budget');
    expect(views[2].allowedActions).not.toContain('grant');

    // The first is granted for 150k less than it asked: 150k comes free, the 100k moves within.
    expect(
      (await s.granter.post(transitions(apps[0].application.id), { action: 'grant', amountCents: 100_000 })).status,
    ).toBe(200);
    await allocation.settle(s.id);
    expect([(await read(2)).budgetPosition, (await read(3)).budgetPosition]).toEqual(['within', 'reserve']);
    expect((await read(3)).reservePosition).toBe(1);
    // The second withdraws: 200k free, the 150k moves within.
    expect((await apps[1].applicant.post(transitions(apps[1].application.id), { action: 'withdraw' })).status).toBe(
      200,
    );
    await allocation.settle(s.id);
    await allocation.settle(s.id);
    expect((await read(3)).budgetPosition).toBe('within');
    expect((await read(1)).budgetPosition).toBeNull();

    const told = await t.db.query(
      `SELECT payload->>'applicationId' AS id FROM outbox WHERE type = 'allocation.moved-within'
         AND payload->>'programmeCode' = $1 ORDER BY id`,
      [s.programme.code],
    );
    expect(told.map((r: { id: string }) => r.id).sort()).toEqual(
      [apps[2].application.id, apps[3].application.id].sort(),
    );

    // The notice reaches the applicant (in-app and by mail), once.
    await t.startWorker();
    try {
      await t.drain();
      const inbox = await apps[3].applicant.get('/api/v1/me/notifications');
      const moved = inbox.body.items.filter((n: { subject: string }) => /binnen het budget/.test(n.subject));
      expect(moved).toHaveLength(1);
    } finally {
      await t.stopWorker();
    }
  });

  it("the applicant's page says within budget or reserve list, position n (nl and en)", async () => {
    const s = await setting({ budgetCents: 300_000 });
    const ahmad = await t.as({ sub: 'applicant-1', role: 'applicant', name: 'Ahmad Al Haj' });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { application } = await t.newApplication(s.programme.code, {
        applicant: ahmad,
        body: { requestedAmountCents: 200_000 },
      });
      ids.push(application.id);
    }
    await allocation.settle(s.id);
    const web = new WebClient(t.app);
    await web.loginAs('applicant-1');
    expect((await web.get(`/applications/${ids[0]}`)).body).toContain('Uw aanvraag valt binnen het budget.');
    expect((await web.get(`/applications/${ids[1]}`)).body).toContain(
      'Uw aanvraag staat op de reservelijst, plaats 1.',
    );
    expect((await web.get(`/applications/${ids[1]}?lang=en`)).body).toContain(
      'Your application is on the reserve list, position 1.',
    );
    expect((await web.get(`/applications/${ids[0]}?lang=en`)).body).toContain('Your application is within the budget.');
  });

  it('concurrent grants and withdrawals never pass the budget, never skip a better rank, and tell each applicant once', async () => {
    const s = await setting({ budgetCents: 1_000_000 });
    const apps: Awaited<ReturnType<TestApp['reviewedApplication']>>[] = [];
    for (let i = 0; i < 16; i++) {
      apps.push(await t.reviewedApplication(s.programme.code, s.reviewer, { body: { requestedAmountCents: 100_000 } }));
    }
    await allocation.settle(s.id);
    // Ten within, six on the reserve list. Grants for all, withdrawals of five within, and settles, all at once.
    const replies = await Promise.all([
      ...apps.map((a) => s.granter.post(transitions(a.application.id), { action: 'grant' })),
      ...apps.slice(0, 5).map((a) => a.applicant.post(transitions(a.application.id), { action: 'withdraw' })),
      allocation.settle(s.id),
      allocation.settle(s.id),
    ]);
    for (const r of replies) if (r) expect(r.status).toBeLessThan(500);
    await allocation.settle(s.id);

    const rows: { rank: number; status: string; requested: number; granted: number | null; position: string | null }[] =
      await t.db.query(
        `SELECT rank, status, requested_amount_cents AS requested, granted_amount_cents AS granted, budget_position AS position
           FROM applications WHERE programme_id = $1 ORDER BY rank`,
        [s.id],
      );
    const [money] = await t.db.query(
      `SELECT committed_cents::int AS committed, spent_cents::int AS spent, budget_cents::int AS budget FROM programmes WHERE id = $1`,
      [s.id],
    );
    const granted = rows.filter((r) => r.status === 'granted');
    expect(money.committed).toBe(granted.reduce((sum, r) => sum + r.granted!, 0));
    expect(money.committed + money.spent).toBeLessThanOrEqual(money.budget);
    // The audit: what is stored is the allocation worked out from scratch from the database
    // (first fit in rank order after the held money), and what is within fits the budget.
    const audit = await allocationRows(t.db, s.id);
    const places = allocate(money.budget, audit);
    expect(audit.filter((r) => r.budgetPosition !== places.get(r.id)!.position)).toEqual([]);
    const waitingWithin = rows.filter((r) => r.status === 'reviewed' && r.position === 'within');
    expect(money.committed + waitingWithin.reduce((sum, r) => sum + r.requested, 0)).toBeLessThanOrEqual(money.budget);
    // Every grant was within budget when it was taken: the granted ones are never ranked after a
    // waiting one that fits beside them (none of the reserve list fits what is left).
    const left = money.budget - money.committed - waitingWithin.reduce((sum, r) => sum + r.requested, 0);
    expect(rows.filter((r) => r.status === 'reviewed' && r.position === 'reserve' && r.requested <= left)).toEqual([]);

    const told: { id: string; n: number }[] = await t.db.query(
      `SELECT payload->>'applicationId' AS id, count(*)::int AS n FROM outbox
        WHERE type = 'allocation.moved-within' AND payload->>'programmeCode' = $1 GROUP BY 1`,
      [s.programme.code],
    );
    for (const r of told) expect(r.n).toBe(1);
  });

  describe('daily lottery', () => {
    it('publishes the seed hash before the day; after the draw anyone recomputes the order from GET /lottery alone', async () => {
      const s = await setting({ allocation: 'daily-lottery', budgetCents: 500_000 });
      const programme = await lottery.programme(s.programme.code);
      await lottery.publish(programme);
      const before = await t.anonymous.get(`/api/v1/programmes/${s.programme.code}/lottery`);
      expect(before.status).toBe(200);
      expect(before.body.days).toHaveLength(2); // today and tomorrow
      for (const day of before.body.days) {
        expect(day).toMatchObject({ seed: null, references: null, drawnAt: null });
        expect(day.seedSha256).toMatch(/^[0-9a-f]{64}$/);
      }

      const apps: Awaited<ReturnType<TestApp['reviewedApplication']>>[] = [];
      for (let i = 0; i < 6; i++)
        apps.push(
          await t.reviewedApplication(s.programme.code, s.reviewer, { body: { requestedAmountCents: 100_000 } }),
        );
      for (const a of apps) expect(a.application.rank).toBeNull();
      // Before its day is over nothing is drawn; no grant jumps the draw.
      expect(await lottery.draw(programme)).toEqual([]);
      const early = await s.granter.post(transitions(apps[0].application.id), { action: 'grant' });
      expect(early.body.code).toBe('not-within-budget');

      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
      const drawn = await lottery.draw(programme, tomorrow);
      expect(drawn).toEqual([before.body.days[0].day]);

      // Everything below comes from the public endpoint and the references alone.
      const after = await t.anonymous.get(`/api/v1/programmes/${s.programme.code}/lottery`);
      const day = after.body.days.find((d: { day: string }) => d.day === drawn[0]);
      expect(day.seedSha256).toBe(before.body.days[0].seedSha256);
      const seed = Buffer.from(day.seed, 'hex');
      expect(createHash('sha256').update(seed).digest('hex')).toBe(day.seedSha256);
      const references = apps.map((a) => a.application.reference);
      const recomputed = [...references].sort((x, y) => {
        const hx = createHmac('sha256', seed).update(x).digest('hex');
        const hy = createHmac('sha256', seed).update(y).digest('hex');
        return hx < hy ? -1 : 1;
      });
      expect(day.references).toEqual(recomputed);
      expect(day.firstRank).toBe(1);

      // The ranks follow the draw, and the first five (500k) are within budget.
      const views = await Promise.all(
        apps.map(async (a) => (await a.applicant.get(`/api/v1/applications/${a.application.id}`)).body),
      );
      for (const v of views) {
        const rank = recomputed.indexOf(v.reference) + 1;
        expect(v.rank).toBe(rank);
        expect(v.budgetPosition).toBe(rank <= 5 ? 'within' : 'reserve');
      }
      // Drawing again changes nothing.
      expect(await lottery.draw(programme, tomorrow)).toEqual([]);
    });

    it('a drawn day cannot be changed or removed, not even with SQL by an admin', async () => {
      const s = await setting({ allocation: 'daily-lottery' });
      const programme = await lottery.programme(s.programme.code);
      await lottery.publish(programme);
      await t.newApplication(s.programme.code);
      const [day] = await lottery.draw(programme, new Date(Date.now() + 24 * 3600 * 1000));
      const attempts = [
        `UPDATE lottery_days SET seed = '\\x00' WHERE programme_id = $1 AND day = $2`,
        `UPDATE lottery_days SET order_references = '{}' WHERE programme_id = $1 AND day = $2`,
        `UPDATE lottery_days SET drawn_at = NULL WHERE programme_id = $1 AND day = $2`,
        `DELETE FROM lottery_days WHERE programme_id = $1 AND day = $2`,
      ];
      for (const sql of attempts) await expect(t.db.query(sql, [s.id, day])).rejects.toThrow(/is drawn/);
      // An undrawn day's seed is fixed too, once published.
      const tomorrowDay = (await t.anonymous.get(`/api/v1/programmes/${s.programme.code}/lottery`)).body.days.find(
        (d: { drawnAt: string | null }) => d.drawnAt === null,
      ).day;
      await expect(
        t.db.query(`UPDATE lottery_days SET seed = '\\x00' WHERE programme_id = $1 AND day = $2`, [s.id, tomorrowDay]),
      ).rejects.toThrow(/never changes/);
    });

    it('GET /lottery: 404 for an unknown programme; a first-come programme has no days', async () => {
      expect((await t.anonymous.get('/api/v1/programmes/no-such-programme/lottery')).status).toBe(404);
      const s = await setting();
      expect((await t.anonymous.get(`/api/v1/programmes/${s.programme.code}/lottery`)).body).toEqual({
        programmeCode: s.programme.code,
        allocation: 'first-come',
        days: [],
      });
    });
  });
});
