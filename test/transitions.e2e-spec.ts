import { applicationBody, Caller, Reply, TestApp } from './support';
import { randomUUID } from 'node:crypto';

/** Outbox events name what happened: the action in the past tense. */
const PAST_TENSE: Record<string, string> = {
  review: 'reviewed',
  grant: 'granted',
  reject: 'rejected',
  complete: 'completed',
  withdraw: 'withdrawn',
};

/**
 * POST /api/v1/applications/{id}/transitions: every row of the table of docs/api.md, the order in
 * which refusals are revealed, and what a transition writes (history, outbox, version).
 */

const url = (id: string) => `/api/v1/applications/${id}`;
const transitionsUrl = (id: string) => `${url(id)}/transitions`;
const act = (caller: Caller, id: string, body: unknown, headers?: Record<string, string>) =>
  caller.post(transitionsUrl(id), body, headers);

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (field) {
    expect((reply.body.invalidParams ?? []).map((p: { name: string }) => p.name)).toContain(field);
  }
}

/** The calendar date in the Netherlands, plus `days`. */
function amsterdamToday(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const sorted = (actions: string[]) => [...actions].sort();

describe('application transitions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  /** What the database holds about one application: its row, history and outbox rows. */
  async function state(id: string) {
    const [row] = await t.db.query(`SELECT status, version, updated_at FROM applications WHERE id = $1`, [id]);
    const history = await t.db.query(
      `SELECT action, from_status, to_status, actor_id, actor_role, reason FROM application_history
        WHERE application_id = $1 ORDER BY id`,
      [id],
    );
    const outbox = await t.db.query(
      `SELECT type, payload FROM outbox WHERE payload->>'applicationId' = $1 ORDER BY created_at, type`,
      [id],
    );
    return { status: row?.status, version: row?.version, updatedAt: row?.updated_at?.toISOString(), history, outbox };
  }

  /** A programme with two officers in scope: one reviews, the other grants (four eyes). */
  async function setting(overrides: Record<string, unknown> = {}) {
    const programme = await t.newProgramme(overrides);
    const reviewerSub = t.unique('reviewer');
    const granterSub = t.unique('granter');
    const reviewer = await t.officer([programme.code], reviewerSub);
    const granter = await t.officer([programme.code], granterSub);
    return { programme, reviewer, granter, reviewerSub, granterSub };
  }

  async function grantedApplication(overrides: Record<string, unknown> = {}) {
    const s = await setting(overrides);
    const { application, applicant } = await t.reviewedApplication(s.programme.code, s.reviewer);
    const granted = await act(s.granter, application.id, { action: 'grant' });
    expect(granted.status).toBe(200);
    return { ...s, application: granted.body, applicant };
  }

  describe('400 invalid-request: the body is malformed', () => {
    let id: string;
    let officer: Caller;
    beforeAll(async () => {
      const s = await setting();
      officer = s.reviewer;
      id = (await t.newApplication(s.programme.code)).application.id;
    });

    it('refuses a body that is not JSON', async () => {
      const reply = await officer.post(transitionsUrl(id), '{"action": "review"', {
        'content-type': 'application/json',
      });
      expectProblem(reply, 400, 'invalid-request');
    });

    it('refuses a JSON array or a bare string as body', async () => {
      expectProblem(await act(officer, id, [{ action: 'review' }]), 400, 'invalid-request');
      expectProblem(await act(officer, id, '"review"', { 'content-type': 'application/json' }), 400, 'invalid-request');
    });

    it('refuses a body without action, naming action', async () => {
      expectProblem(await act(officer, id, {}), 400, 'invalid-request', 'action');
    });

    it.each(['fly', 'expire', 'submit', 'REVIEW', ''])('refuses the action %p, naming action', async (action) => {
      expectProblem(await act(officer, id, { action }), 400, 'invalid-request', 'action');
    });

    it('refuses a non-string action', async () => {
      expectProblem(await act(officer, id, { action: 1 }), 400, 'invalid-request', 'action');
    });

    it('refuses unknown fields, naming them', async () => {
      expectProblem(await act(officer, id, { action: 'review', status: 'granted' }), 400, 'invalid-request', 'status');
    });

    it('refuses an amountCents that is not a positive integer', async () => {
      expectProblem(
        await act(officer, id, { action: 'grant', amountCents: 'lots' }),
        400,
        'invalid-request',
        'amountCents',
      );
      expectProblem(
        await act(officer, id, { action: 'grant', amountCents: 1500.5 }),
        400,
        'invalid-request',
        'amountCents',
      );
      expectProblem(
        await act(officer, id, { action: 'grant', amountCents: -1 }),
        400,
        'invalid-request',
        'amountCents',
      );
    });

    it('refuses a reason that is not a string or longer than 2000 characters', async () => {
      expectProblem(await act(officer, id, { action: 'reject', reason: 42 }), 400, 'invalid-request', 'reason');
      expectProblem(
        await act(officer, id, { action: 'reject', reason: 'x'.repeat(2001) }),
        400,
        'invalid-request',
        'reason',
      );
    });

    it('refuses an If-Match that is not an ETag, naming If-Match', async () => {
      expectProblem(
        await act(officer, id, { action: 'review' }, { 'if-match': 'version one' }),
        400,
        'invalid-request',
        'If-Match',
      );
    });

    it('changed nothing while refusing', async () => {
      const s = await state(id);
      expect(s.status).toBe('submitted');
      expect(s.version).toBe(1);
      expect(s.history).toHaveLength(1);
      expect(s.outbox.map((o: { type: string }) => o.type)).toEqual(['application.submitted']);
    });
  });

  describe('401, 403 and 404', () => {
    it('401 unauthenticated without a token', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(await act(t.anonymous, application.id, { action: 'review' }), 401, 'unauthenticated');
      expectProblem(await act(t.anonymous, randomUUID(), { action: 'review' }), 401, 'unauthenticated');
    });

    it('403 forbidden when the owner tries to review or grant', async () => {
      const s = await setting();
      const { application, applicant } = await t.newApplication(s.programme.code);
      expectProblem(await act(applicant, application.id, { action: 'review' }), 403, 'forbidden');
      await act(s.reviewer, application.id, { action: 'review' });
      expectProblem(await act(applicant, application.id, { action: 'grant' }), 403, 'forbidden');
      expectProblem(
        await act(applicant, application.id, { action: 'reject', reason: 'I changed my mind' }),
        403,
        'forbidden',
      );
    });

    it('403 forbidden when an officer tries to withdraw', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(await act(s.reviewer, application.id, { action: 'withdraw' }), 403, 'forbidden');
    });

    it('403 forbidden when an admin tries to grant or review', async () => {
      const s = await setting();
      const { application } = await t.reviewedApplication(s.programme.code, s.reviewer);
      const admin = await t.admin();
      expectProblem(await act(admin, application.id, { action: 'grant' }), 403, 'forbidden');
      const { application: other } = await t.newApplication(s.programme.code);
      expectProblem(await act(admin, other.id, { action: 'review' }), 403, 'forbidden');
    });

    it('404 not-found for an officer outside the programme', async () => {
      const s = await setting();
      const other = await t.newProgramme();
      const outsider = await t.officer([other.code]);
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(await act(outsider, application.id, { action: 'review' }), 404, 'not-found');
      expectProblem(await outsider.get(url(application.id)), 404, 'not-found');
      expect((await state(application.id)).version).toBe(1);
    });

    it('an officer with scope * may act on any programme', async () => {
      const s = await setting();
      const everywhere = await t.officer(['*']);
      const { application } = await t.newApplication(s.programme.code);
      const reply = await act(everywhere, application.id, { action: 'review' });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('reviewed');
    });

    it('404 not-found for another applicant, also for the owner-only action withdraw', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      const stranger = await t.applicant();
      expectProblem(await act(stranger, application.id, { action: 'withdraw' }), 404, 'not-found');
      expectProblem(await stranger.get(url(application.id)), 404, 'not-found');
      expect((await state(application.id)).status).toBe('submitted');
    });

    it('404 not-found for provincial staff (no personal data)', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      const provincial = await t.provincial('OV');
      expectProblem(await act(provincial, application.id, { action: 'review' }), 404, 'not-found');
    });

    it('404 not-found for a random uuid and for an id that is not a uuid', async () => {
      const officer = await t.officer(['*']);
      expectProblem(await act(officer, randomUUID(), { action: 'review' }), 404, 'not-found');
      expectProblem(await act(officer, 'not-a-uuid', { action: 'review' }), 404, 'not-found');
      expectProblem(await act(officer, "1' OR '1'='1", { action: 'review' }), 404, 'not-found');
    });
  });

  describe('409 illegal-transition: the action is not possible from the current status', () => {
    it('grant a submitted application', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(await act(s.granter, application.id, { action: 'grant' }), 409, 'illegal-transition');
    });

    it('complete a reviewed application', async () => {
      const s = await setting();
      const { application } = await t.reviewedApplication(s.programme.code, s.reviewer);
      expectProblem(
        await act(s.granter, application.id, { action: 'complete', reason: 'diploma' }),
        409,
        'illegal-transition',
      );
    });

    it('review a reviewed or withdrawn application', async () => {
      const s = await setting();
      const { application, applicant } = await t.reviewedApplication(s.programme.code, s.reviewer);
      expectProblem(await act(s.granter, application.id, { action: 'review' }), 409, 'illegal-transition');
      expect((await act(applicant, application.id, { action: 'withdraw' })).status).toBe(200);
      expectProblem(await act(s.granter, application.id, { action: 'review' }), 409, 'illegal-transition');
      expectProblem(await act(applicant, application.id, { action: 'withdraw' }), 409, 'illegal-transition');
    });

    it('reject or withdraw a completed application; reject a granted one', async () => {
      const g = await grantedApplication();
      expectProblem(
        await act(g.granter, g.application.id, { action: 'reject', reason: 'too late' }),
        409,
        'illegal-transition',
      );
      expect((await t.complete(g.granter, g.applicant, g.application.id, { reason: 'certificate seen' })).status).toBe(
        200,
      );
      expectProblem(await act(g.applicant, g.application.id, { action: 'withdraw' }), 409, 'illegal-transition');
      expectProblem(
        await act(g.granter, g.application.id, { action: 'complete', reason: 'again' }),
        409,
        'illegal-transition',
      );
    });

    it('anything on a rejected application', async () => {
      const s = await setting();
      const { application, applicant } = await t.newApplication(s.programme.code);
      expect((await act(s.reviewer, application.id, { action: 'reject', reason: 'outside the region' })).status).toBe(
        200,
      );
      expectProblem(await act(s.reviewer, application.id, { action: 'review' }), 409, 'illegal-transition');
      expectProblem(
        await act(s.reviewer, application.id, { action: 'reject', reason: 'twice' }),
        409,
        'illegal-transition',
      );
      expectProblem(await act(applicant, application.id, { action: 'withdraw' }), 409, 'illegal-transition');
      expectProblem(
        await act(applicant, application.id, { action: 'supplement', reason: 'x' }),
        409,
        'illegal-transition',
      );
      expectProblem(
        await act(s.reviewer, application.id, { action: 'uphold', reason: 'x' }),
        409,
        'illegal-transition',
      );
    });
  });

  describe('409 conflict: another transition won the race', () => {
    /** Waits until some session of this database waits for a row lock. */
    async function untilSomeoneWaitsForALock() {
      for (let i = 0; i < 200; i++) {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('no session started waiting for the row lock');
    }

    /**
     * `caller` takes `body` while another writer bumps the version and holds the row until the
     * service has read the old one: the step's statement finds its version gone.
     */
    async function loseTheRace(caller: Caller, id: string, body: Record<string, unknown>): Promise<Reply> {
      const other = t.db.createQueryRunner();
      await other.connect();
      try {
        await other.startTransaction();
        await other.query(`UPDATE applications SET version = version + 1 WHERE id = $1`, [id]);
        const pending = act(caller, id, body);
        await untilSomeoneWaitsForALock();
        await other.commitTransaction();
        return await pending;
      } finally {
        if (other.isTransactionActive) await other.rollbackTransaction();
        await other.release();
      }
    }

    /** The rows a step may write besides the application's own, for one application and its programme. */
    async function written(id: string, programmeCode: string) {
      const [rows] = await t.db.query(
        `SELECT (SELECT count(*)::int FROM application_history WHERE application_id = $1) AS history,
                (SELECT count(*)::int FROM outbox WHERE payload->>'applicationId' = $1::text) AS outbox,
                (SELECT count(*)::int FROM personal_data_access WHERE application_id = $1) AS "accessLog",
                (SELECT count(*)::int FROM report_deltas d JOIN programmes p ON p.id = d.programme_id
                  WHERE p.code = $2) AS deltas,
                (SELECT committed_cents::text || ' ' || spent_cents::text FROM programmes WHERE code = $2) AS money`,
        [id, programmeCode],
      );
      return rows;
    }

    it('the conditional UPDATE misses when the version changed after the service read it; nothing is written', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      const before = await written(application.id, s.programme.code);
      const reply = await loseTheRace(s.reviewer, application.id, { action: 'review' });
      expectProblem(reply, 409, 'conflict');
      const after = await state(application.id);
      expect(after).toMatchObject({ status: 'submitted', version: 2 });
      expect(after.history).toHaveLength(1);
      expect(after.outbox).toHaveLength(1);
      // No history row, report delta, logged read or outbox row of the lost step.
      expect(await written(application.id, s.programme.code)).toEqual(before);
    });

    it('a withdrawal that loses the race releases no money and writes nothing', async () => {
      const g = await grantedApplication();
      const before = await written(g.application.id, g.programme.code);
      const reply = await loseTheRace(g.applicant, g.application.id, { action: 'withdraw' });
      expectProblem(reply, 409, 'conflict');
      expect(await state(g.application.id)).toMatchObject({ status: 'granted' });
      expect(await written(g.application.id, g.programme.code)).toEqual(before);
    });

    it('after an outside version bump, a transition without If-Match works on the current version, a stale If-Match gets 412', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      const read = await s.reviewer.get(url(application.id));
      expect(read.headers.etag).toBe('"1"');
      await t.db.query(`UPDATE applications SET version = version + 1 WHERE id = $1`, [application.id]);
      expectProblem(
        await act(s.reviewer, application.id, { action: 'review' }, { 'if-match': read.headers.etag as string }),
        412,
        'version-mismatch',
      );
      const reply = await act(s.reviewer, application.id, { action: 'review' });
      expect(reply.status).toBe(200);
      expect(reply.body.version).toBe(3);
    });

    it('of two concurrent transitions at most one wins; the other gets 409', async () => {
      const s = await setting();
      for (let round = 0; round < 5; round++) {
        const { application } = await t.newApplication(s.programme.code);
        const replies = await Promise.all([
          // Either order in time leaves one of them illegal: the race decides only which code.
          act(s.reviewer, application.id, { action: 'reject', reason: 'outside the region' }),
          act(s.granter, application.id, { action: 'reject', reason: 'no budget line' }),
        ]);
        const statuses = replies.map((r) => r.status).sort();
        expect(statuses).toEqual([200, 409]);
        const loser = replies.find((r) => r.status === 409)!;
        expect(['conflict', 'illegal-transition']).toContain(loser.body.code);
        expect(String(loser.headers['content-type'])).toMatch(/^application\/problem\+json/);
        const after = await state(application.id);
        expect(after.version).toBe(2);
        expect(after.history).toHaveLength(2);
        expect(after.outbox).toHaveLength(2);
      }
    });
  });

  describe('412 version-mismatch and If-Match', () => {
    it('a stale If-Match is refused, and so is a weak one (strong comparison); the current one and * are accepted', async () => {
      const g = await setting();
      const { application, applicant } = await t.newApplication(g.programme.code);
      expectProblem(
        await act(g.reviewer, application.id, { action: 'review' }, { 'if-match': '"2"' }),
        412,
        'version-mismatch',
      );
      expectProblem(
        await act(g.reviewer, application.id, { action: 'review' }, { 'if-match': '"0"' }),
        412,
        'version-mismatch',
      );
      expect((await state(application.id)).version).toBe(1);

      const reviewed = await act(g.reviewer, application.id, { action: 'review' }, { 'if-match': '"1"' });
      expect(reviewed.status).toBe(200);
      expect(reviewed.headers.etag).toBe('"2"');
      expectProblem(
        await act(g.granter, application.id, { action: 'grant' }, { 'if-match': '"1"' }),
        412,
        'version-mismatch',
      );

      expectProblem(
        await act(g.granter, application.id, { action: 'grant' }, { 'if-match': 'W/"2"' }),
        412,
        'version-mismatch',
      );
      const granted = await act(g.granter, application.id, { action: 'grant' }, { 'if-match': '"2"' });
      expect(granted.status).toBe(200);
      expect(granted.headers.etag).toBe('"3"');

      await t.uploadDocument(applicant, application.id);
      const completed = await act(
        g.granter,
        application.id,
        { action: 'complete', reason: 'diploma' },
        { 'if-match': '*' },
      );
      expect(completed.status).toBe(200);
      expect(completed.body.version).toBe(4);
    });
  });

  describe('422 guards', () => {
    it('four-eyes: the reviewer may not grant; another officer may', async () => {
      const s = await setting({ fourEyes: true });
      const { application } = await t.reviewedApplication(s.programme.code, s.reviewer);
      expectProblem(await act(s.reviewer, application.id, { action: 'grant' }), 422, 'four-eyes');
      expect((await state(application.id)).status).toBe('reviewed');
      const reply = await act(s.granter, application.id, { action: 'grant' });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('granted');
    });

    it('budget-exhausted: a grant that would pass the budget', async () => {
      const s = await setting({ budgetCents: 400_000 });
      const first = await t.reviewedApplication(s.programme.code, s.reviewer);
      const second = await t.reviewedApplication(s.programme.code, s.reviewer);
      expect((await act(s.granter, first.application.id, { action: 'grant' })).status).toBe(200);
      expectProblem(await act(s.granter, second.application.id, { action: 'grant' }), 422, 'budget-exhausted');
      const [row] = await t.db.query(
        `SELECT granted_count, committed_cents::int AS committed FROM programmes WHERE code = $1`,
        [s.programme.code],
      );
      expect(row).toEqual({ granted_count: 1, committed: 250_000 });
      // the 150,000 left would take a smaller grant, but the second asked 250,000: it is on the
      // reserve list, and no grant jumps the queue (invariant 9)
      expectProblem(
        await act(s.granter, second.application.id, { action: 'grant', amountCents: 150_000 }),
        422,
        'not-within-budget',
      );
    });

    it('eligibility-pending: no review before the check finished; review works once it passed', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      await t.db.query(
        `UPDATE applications SET eligibility = '{"status":"pending","checkedAt":null,"checks":[]}' WHERE id = $1`,
        [application.id],
      );
      expectProblem(await act(s.reviewer, application.id, { action: 'review' }), 422, 'eligibility-pending');
      const pending = await s.reviewer.get(url(application.id));
      expect(pending.body.allowedActions).not.toContain('review');
      expect(pending.body.allowedActions).toContain('reject');
      expect(await state(application.id)).toMatchObject({ status: 'submitted', version: 1 });

      await t.db.query(
        `UPDATE applications SET eligibility = jsonb_build_object('status', 'passed', 'checkedAt', now(), 'checks', '[]'::jsonb)
          WHERE id = $1`,
        [application.id],
      );
      const passed = await s.reviewer.get(url(application.id));
      expect(passed.body.allowedActions).toContain('review');
      const reply = await act(s.reviewer, application.id, { action: 'review' });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('reviewed');
    });

    it('amount-out-of-range: below the minimum, above the maximum, above cost × co-funding', async () => {
      // min 1,000, max 3,000, co-funding 50 %: for a training of 4,000 at most 2,000.
      const s = await setting({ minAmountCents: 100_000, maxAmountCents: 300_000, maxCoFundingPercent: 50 });
      const { application } = await t.reviewedApplication(s.programme.code, s.reviewer, {
        body: { training: { costCents: 400_000 }, requestedAmountCents: 200_000 },
      });
      expectProblem(
        await act(s.granter, application.id, { action: 'grant', amountCents: 99_999 }),
        422,
        'amount-out-of-range',
      );
      expectProblem(
        await act(s.granter, application.id, { action: 'grant', amountCents: 200_001 }),
        422,
        'amount-out-of-range',
      );
      expect(await state(application.id)).toMatchObject({ status: 'reviewed', version: 2 });
      const ok = await act(s.granter, application.id, { action: 'grant', amountCents: 200_000 });
      expect(ok.status).toBe(200);
      expect(ok.body.grantedAmountCents).toBe(200_000);

      // the programme maximum binds when the cost allows more
      const wide = await setting({ minAmountCents: 100_000, maxAmountCents: 300_000, maxCoFundingPercent: 100 });
      const big = await t.reviewedApplication(wide.programme.code, wide.reviewer, {
        body: { training: { costCents: 500_000 }, requestedAmountCents: 300_000 },
      });
      expectProblem(
        await act(wide.granter, big.application.id, { action: 'grant', amountCents: 300_001 }),
        422,
        'amount-out-of-range',
      );
      expect((await act(wide.granter, big.application.id, { action: 'grant', amountCents: 300_000 })).status).toBe(200);
    });

    it('amount-out-of-range also for the defaulted (requested) amount', async () => {
      const s = await setting({ minAmountCents: 100_000 });
      const { application } = await t.reviewedApplication(s.programme.code, s.reviewer, {
        body: { requestedAmountCents: 50_000 },
      });
      expectProblem(await act(s.granter, application.id, { action: 'grant' }), 422, 'amount-out-of-range');
    });

    it('reason-required: reject without reason, with an empty or whitespace-only one', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(await act(s.reviewer, application.id, { action: 'reject' }), 422, 'reason-required');
      expectProblem(await act(s.reviewer, application.id, { action: 'reject', reason: '' }), 422, 'reason-required');
      expectProblem(
        await act(s.reviewer, application.id, { action: 'reject', reason: ' \t\n ' }),
        422,
        'reason-required',
      );
      expect(await state(application.id)).toMatchObject({ status: 'submitted', version: 1 });
    });

    it('evidence-required: complete without a clean completion-proof document, whatever the note says', async () => {
      const g = await grantedApplication();
      expectProblem(await act(g.granter, g.application.id, { action: 'complete' }), 422, 'evidence-required');
      expectProblem(
        await act(g.granter, g.application.id, { action: 'complete', reason: 'Diploma seen at the desk' }),
        422,
        'evidence-required',
      );
      // a supporting document is no proof of completion
      await t.uploadDocument(g.applicant, g.application.id, { kind: 'supporting' });
      expectProblem(await act(g.granter, g.application.id, { action: 'complete' }), 422, 'evidence-required');
      expect(await state(g.application.id)).toMatchObject({ status: 'granted', version: 3 });
      // with the certificate on file the officer's note is optional
      await t.uploadDocument(g.applicant, g.application.id, { kind: 'completion-proof' });
      const completed = await act(g.granter, g.application.id, { action: 'complete' });
      expect(completed.status).toBe(200);
      expect(completed.body.status).toBe('completed');
    });
  });

  describe('order of precedence: 404, 403, 412, 409, 422', () => {
    it('a stale If-Match on an illegal transition gives 412, not 409', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(
        await act(s.granter, application.id, { action: 'grant' }, { 'if-match': '"7"' }),
        412,
        'version-mismatch',
      );
    });

    it('a forbidden role with a stale If-Match gives 403, not 412', async () => {
      const s = await setting();
      const { application, applicant } = await t.newApplication(s.programme.code);
      expectProblem(
        await act(applicant, application.id, { action: 'review' }, { 'if-match': '"9"' }),
        403,
        'forbidden',
      );
      expectProblem(
        await act(s.reviewer, application.id, { action: 'withdraw' }, { 'if-match': '"9"' }),
        403,
        'forbidden',
      );
    });

    it('a forbidden role on an illegal state gives 403, not 409', async () => {
      const s = await setting();
      const { application, applicant } = await t.newApplication(s.programme.code);
      expectProblem(await act(applicant, application.id, { action: 'grant' }), 403, 'forbidden');
      expectProblem(await act(applicant, application.id, { action: 'complete', reason: 'x' }), 403, 'forbidden');
    });

    it('an officer out of scope gets 404 even for a forbidden action and a stale If-Match', async () => {
      const s = await setting();
      const elsewhere = await t.newProgramme();
      const outsider = await t.officer([elsewhere.code]);
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(await act(outsider, application.id, { action: 'withdraw' }), 404, 'not-found');
      expectProblem(await act(outsider, application.id, { action: 'grant' }, { 'if-match': '"9"' }), 404, 'not-found');
    });

    it('another applicant gets 404 even for an officer-only action', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      const stranger = await t.applicant();
      expectProblem(await act(stranger, application.id, { action: 'review' }), 404, 'not-found');
    });

    it('an illegal state beats a failing guard: 409, not 422', async () => {
      const g = await grantedApplication();
      expectProblem(await act(g.granter, g.application.id, { action: 'reject' }), 409, 'illegal-transition');
      expectProblem(
        await act(g.reviewer, g.application.id, { action: 'grant', amountCents: 1 }),
        409,
        'illegal-transition',
      );
    });

    it('a matching If-Match lets the guards speak: 422', async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      expectProblem(
        await act(s.reviewer, application.id, { action: 'reject' }, { 'if-match': '"1"' }),
        422,
        'reason-required',
      );
    });
  });

  describe('what a transition writes', () => {
    /**
     * The creating transaction (xmin) and command (cmin) of each row a step wrote, by name:
     * rows of one statement share both (one round trip).
     */
    async function writers(applicationId: string, action: string, programmeCode: string) {
      const rows: { row: string; xmin: string; cmin: string }[] = await t.db.query(
        `WITH h AS (SELECT xmin, cmin FROM application_history WHERE application_id = $1 AND action = $2),
              p AS (SELECT id FROM programmes WHERE code = $3)
         SELECT 'history' AS row, xmin::text, cmin::text FROM h
         UNION ALL SELECT 'application', xmin::text, cmin::text FROM applications WHERE id = $1
         UNION ALL SELECT 'programme', xmin::text, cmin::text FROM programmes WHERE id = (SELECT id FROM p)
         UNION ALL SELECT 'delta ' || status || ' ' || delta, xmin::text, cmin::text FROM report_deltas
           WHERE programme_id = (SELECT id FROM p) AND xmin::text = (SELECT xmin::text FROM h)
         UNION ALL SELECT 'access log', xmin::text, cmin::text FROM personal_data_access
           WHERE application_id = $1 AND xmin::text = (SELECT xmin::text FROM h)
         UNION ALL SELECT 'outbox ' || type, xmin::text, cmin::text FROM outbox
           WHERE payload->>'applicationId' = $1::text AND xmin::text = (SELECT xmin::text FROM h)`,
        [applicationId, action, programmeCode],
      );
      const [history] = rows;
      const same = (r: { xmin: string; cmin: string }) => r.xmin === history.xmin && r.cmin === history.cmin;
      return rows.filter(same).map((r) => r.row);
    }

    it("a review's application row, history row, report deltas, logged read and outbox row come from one statement", async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code);
      expect((await act(s.reviewer, application.id, { action: 'review' })).status).toBe(200);
      expect((await writers(application.id, 'review', s.programme.code)).sort()).toEqual(
        [
          'history',
          'application',
          'delta submitted -1',
          'delta reviewed 1',
          'access log',
          'outbox application.reviewed',
        ].sort(),
      );
    });

    it("a submit's application row, history row, report delta and outbox row (with the new id and reference) come from one statement", async () => {
      const s = await setting();
      const { application } = await t.newApplication(s.programme.code, { eligibility: 'pending' });
      expect((await writers(application.id, 'submit', s.programme.code)).sort()).toEqual(
        ['history', 'application', 'delta submitted 1', 'outbox application.submitted'].sort(),
      );
      const [{ payload }] = await t.db.query(
        `SELECT payload FROM outbox WHERE payload->>'applicationId' = $1 AND type = 'application.submitted'`,
        [application.id],
      );
      expect(payload).toMatchObject({
        applicationId: application.id,
        reference: application.reference,
        programmeCode: s.programme.code,
        action: 'submit',
        from: null,
        to: 'submitted',
      });
    });

    it("a grant's ordinal, the programme's count and the grant's outbox row (with the ordinal) come from one statement", async () => {
      const g = await grantedApplication();
      const rows: { row: string; xmin: string; cmin: string; payload: Record<string, unknown> | null }[] =
        await t.db.query(
          `SELECT 'application' AS row, xmin::text, cmin::text, NULL::jsonb AS payload FROM applications WHERE id = $1
           UNION ALL SELECT 'programme', xmin::text, cmin::text, NULL FROM programmes WHERE code = $2
           UNION ALL SELECT 'outbox', xmin::text, cmin::text, payload FROM outbox
             WHERE type = 'application.granted' AND payload->>'applicationId' = $1::text`,
          [g.application.id, g.programme.code],
        );
      expect(rows.map((r) => r.row)).toEqual(['application', 'programme', 'outbox']);
      expect(new Set(rows.map((r) => `${r.xmin}/${r.cmin}`)).size).toBe(1);
      expect(rows[2].payload).toMatchObject({
        applicationId: g.application.id,
        ordinal: g.application.voucher.ordinal,
        amountCents: g.application.grantedAmountCents,
      });
    });

    it("a withdrawal of a voucher releases its money in the step's one statement", async () => {
      const g = await grantedApplication();
      const [before] = await t.db.query(`SELECT committed_cents FROM programmes WHERE code = $1`, [g.programme.code]);
      expect((await act(g.applicant, g.application.id, { action: 'withdraw' })).status).toBe(200);
      const [after] = await t.db.query(`SELECT committed_cents FROM programmes WHERE code = $1`, [g.programme.code]);
      expect(Number(before.committed_cents) - Number(after.committed_cents)).toBe(g.application.grantedAmountCents);
      expect((await writers(g.application.id, 'withdraw', g.programme.code)).sort()).toEqual(
        [
          'history',
          'application',
          'programme',
          'delta granted -1',
          'delta withdrawn 1',
          'outbox application.withdrawn',
        ].sort(),
      );
    });

    it('each transition writes one history row (from, to, actor, reason) and one outbox row application.<action in the past tense>', async () => {
      const s = await setting();
      const reviewerSub = t.unique('rev');
      const granterSub = t.unique('gra');
      const reviewer = await t.officer([s.programme.code], reviewerSub);
      const granter = await t.officer([s.programme.code], granterSub);
      const { application, applicant } = await t.newApplication(s.programme.code);
      const id = application.id;
      await t.uploadDocument(applicant, id); // the certificate, in early

      const steps: [Caller, string, Record<string, unknown>, string, string, string | null][] = [
        [reviewer, reviewerSub, { action: 'review' }, 'submitted', 'reviewed', null],
        [granter, granterSub, { action: 'grant' }, 'reviewed', 'granted', null],
        [
          granter,
          granterSub,
          { action: 'complete', reason: 'certificate received' },
          'granted',
          'completed',
          'certificate received',
        ],
      ];
      let version = 1;
      for (const [caller, sub, body, from, to, reason] of steps) {
        const before = await state(id);
        const reply = await act(caller, id, body);
        expect(reply.status).toBe(200);
        version += 1;
        expect(reply.body).toMatchObject({ status: to, version });
        expect(reply.headers.etag).toBe(`"${version}"`);
        const after = await state(id);
        expect(after.version).toBe(version);
        expect(after.history).toHaveLength(before.history.length + 1);
        expect(after.history.at(-1)).toEqual({
          action: body.action,
          from_status: from,
          to_status: to,
          actor_id: sub,
          actor_role: 'officer',
          reason,
        });
        expect(after.outbox).toHaveLength(before.outbox.length + 1);
        const added = after.outbox.filter(
          (o: { type: string }) => o.type === `application.${PAST_TENSE[body.action as string]}`,
        );
        expect(added).toHaveLength(1);
        expect(added[0].payload).toMatchObject({ applicationId: id, action: body.action, from, to, actorId: sub });
      }
      const history = await applicant.get(`${url(id)}/history`);
      expect(history.body.items.map((i: { action: string }) => i.action)).toEqual([
        'submit',
        'review',
        'grant',
        'complete',
      ]);
    });

    it('reject writes its history and outbox row and the decision with the objection deadline (today + 6 weeks)', async () => {
      const s = await setting();
      const { application, applicant } = await t.newApplication(s.programme.code);
      const reply = await act(s.reviewer, application.id, { action: 'reject', reason: 'postcode outside the region' });
      expect(reply.status).toBe(200);
      const decision = {
        action: 'reject',
        reason: 'postcode outside the region',
        objectionDeadline: amsterdamToday(42),
        decidedBy: s.reviewerSub,
        decidedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      };
      expect(reply.body).toMatchObject({ status: 'rejected', version: 2, decision });
      expect((await applicant.get(url(application.id))).body.decision).toEqual(decision);
      const [row] = await t.db.query(`SELECT decision FROM applications WHERE id = $1`, [application.id]);
      expect(row.decision).toEqual(decision);
      const after = await state(application.id);
      expect(after.history.at(-1)).toMatchObject({
        action: 'reject',
        from_status: 'submitted',
        to_status: 'rejected',
        actor_role: 'officer',
        reason: 'postcode outside the region',
      });
      expect(after.outbox.filter((o: { type: string }) => o.type === 'application.rejected')).toHaveLength(1);
      expect(after.outbox).toHaveLength(2);
    });

    it.each(['submitted', 'reviewed', 'granted'])(
      'withdraw from %s writes one history row by the applicant',
      async (from) => {
        const s = await setting();
        const sub = t.unique('owner');
        const owner = await t.applicant(sub);
        const { application } = await t.newApplication(s.programme.code, { applicant: owner });
        if (from !== 'submitted') await act(s.reviewer, application.id, { action: 'review' });
        if (from === 'granted') await act(s.granter, application.id, { action: 'grant' });
        const before = await state(application.id);
        expect(before.status).toBe(from);
        const reply = await act(owner, application.id, { action: 'withdraw', reason: 'found a job' });
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({ status: 'withdrawn', version: before.version + 1, allowedActions: [] });
        const after = await state(application.id);
        expect(after.history).toHaveLength(before.history.length + 1);
        expect(after.history.at(-1)).toEqual({
          action: 'withdraw',
          from_status: from,
          to_status: 'withdrawn',
          actor_id: sub,
          actor_role: 'applicant',
          reason: 'found a job',
        });
        expect(after.outbox).toHaveLength(before.outbox.length + 1);
        expect(after.outbox.filter((o: { type: string }) => o.type === 'application.withdrawn')).toHaveLength(1);
      },
    );

    it('a refused transition writes no history, no outbox row and leaves version and updatedAt alone', async () => {
      const s = await setting({ budgetCents: 100_000 });
      const { application, applicant } = await t.reviewedApplication(s.programme.code, s.reviewer, {
        body: { requestedAmountCents: 100_000 },
      });
      const id = application.id;
      const before = await state(id);
      const outsider = await t.officer([(await t.newProgramme()).code]);
      const refusals: Reply[] = [
        await act(s.granter, id, {}),
        await act(outsider, id, { action: 'grant' }),
        await act(applicant, id, { action: 'grant' }),
        await act(s.granter, id, { action: 'withdraw' }),
        await act(s.granter, id, { action: 'grant' }, { 'if-match': '"1"' }),
        await act(s.granter, id, { action: 'review' }),
        await act(s.granter, id, { action: 'complete', reason: 'x' }),
        await act(s.reviewer, id, { action: 'grant' }),
        await act(s.granter, id, { action: 'grant', amountCents: 99_999 }),
        await act(s.granter, id, { action: 'grant', amountCents: 150_000 }),
      ];
      expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
        [400, 'invalid-request'],
        [404, 'not-found'],
        [403, 'forbidden'],
        [403, 'forbidden'],
        [412, 'version-mismatch'],
        [409, 'illegal-transition'],
        [409, 'illegal-transition'],
        [422, 'four-eyes'],
        [422, 'amount-out-of-range'],
        [422, 'budget-exhausted'],
      ]);
      expect(await state(id)).toEqual(before);

      // a grant that fits the budget of 1,000 exactly goes through, and writes one of each
      const granted = await act(s.granter, id, { action: 'grant', amountCents: 100_000 });
      expect(granted.status).toBe(200);
      const mid = await state(id);
      expect(mid.version).toBe(before.version + 1);
      expect(mid.history).toHaveLength(before.history.length + 1);
      expect(mid.outbox).toHaveLength(before.outbox.length + 1);

      const more: Reply[] = [
        await act(s.granter, id, { action: 'complete' }),
        await act(s.granter, id, { action: 'reject', reason: 'no' }),
      ];
      expect(more.map((r) => r.body.code)).toEqual(['evidence-required', 'illegal-transition']);
      expect(await state(id)).toEqual(mid);
    });

    it('a refused budget grant writes nothing either', async () => {
      const s = await setting({ budgetCents: 200_000 });
      const { application } = await t.reviewedApplication(s.programme.code, s.reviewer);
      const before = await state(application.id);
      expectProblem(await act(s.granter, application.id, { action: 'grant' }), 422, 'budget-exhausted');
      expect(await state(application.id)).toEqual(before);
      const [p] = await t.db.query(`SELECT granted_count, committed_cents::int AS c FROM programmes WHERE code = $1`, [
        s.programme.code,
      ]);
      expect(p).toEqual({ granted_count: 0, c: 0 });
    });
  });

  describe('ETag', () => {
    it('equals "<version>" on submit, GET and each transition', async () => {
      const s = await setting();
      const applicant = await t.applicant();
      const submitted = await applicant.post('/api/v1/applications', applicationBody(s.programme.code));
      expect(submitted.status).toBe(201);
      expect(submitted.headers.etag).toBe('"1"');
      const id = submitted.body.id;
      expect((await applicant.get(url(id))).headers.etag).toBe('"1"');
      await t.passEligibility(id); // not a transition: the version stays
      expect((await applicant.get(url(id))).headers.etag).toBe('"1"');
      const reviewed = await act(s.reviewer, id, { action: 'review' });
      expect(reviewed.headers.etag).toBe(`"${reviewed.body.version}"`);
      expect(reviewed.body.version).toBe(2);
      const read = await s.granter.get(url(id));
      expect(read.headers.etag).toBe('"2"');
      expect(read.body.version).toBe(2);
    });
  });

  describe('allowedActions per role and state', () => {
    const actionsOf = async (caller: Caller, id: string) => {
      const reply = await caller.get(url(id));
      expect(reply.status).toBe(200);
      return sorted(reply.body.allowedActions);
    };

    it('follows the table through submitted, reviewed, granted and completed', async () => {
      const s = await setting({ fourEyes: true });
      const admin = await t.admin();
      const { application, applicant } = await t.newApplication(s.programme.code);
      const id = application.id;
      expect(application.allowedActions).toEqual(['withdraw']);
      expect(await actionsOf(applicant, id)).toEqual(['withdraw']);
      expect(await actionsOf(s.reviewer, id)).toEqual(sorted(['review', 'reject', 'request-information']));
      expect(await actionsOf(admin, id)).toEqual([]);

      const reviewed = await act(s.reviewer, id, { action: 'review' });
      expect(sorted(reviewed.body.allowedActions)).toEqual(['reject', 'request-information']);
      expect(await actionsOf(s.reviewer, id)).toEqual(['reject', 'request-information']);
      expect(await actionsOf(s.granter, id)).toEqual(sorted(['grant', 'reject', 'request-information']));
      expect(await actionsOf(applicant, id)).toEqual(['withdraw']);
      expect(await actionsOf(admin, id)).toEqual([]);

      const granted = await act(s.granter, id, { action: 'grant' });
      // complete waits for a clean completion-proof document
      expect(granted.body.allowedActions).toEqual([]);
      expect(await actionsOf(s.reviewer, id)).toEqual([]);
      expect(await actionsOf(applicant, id)).toEqual(['withdraw']);
      await t.uploadDocument(applicant, id);
      expect(await actionsOf(s.reviewer, id)).toEqual(['complete']);
      expect(await actionsOf(applicant, id)).toEqual(['withdraw']);

      const completed = await act(s.granter, id, { action: 'complete', reason: 'diploma' });
      expect(completed.body.allowedActions).toEqual([]);
      for (const caller of [applicant, s.reviewer, s.granter, admin]) expect(await actionsOf(caller, id)).toEqual([]);
    });

    it('without four eyes the reviewer is offered grant', async () => {
      const s = await setting({ fourEyes: false });
      const { application } = await t.reviewedApplication(s.programme.code, s.reviewer);
      expect(sorted(application.allowedActions)).toEqual(sorted(['grant', 'reject', 'request-information']));
      const reply = await act(s.reviewer, application.id, { action: 'grant' });
      expect(reply.status).toBe(200);
    });

    it('after a rejection only the owner may object; nothing is allowed after withdrawal', async () => {
      const s = await setting();
      const one = await t.newApplication(s.programme.code);
      const two = await t.newApplication(s.programme.code);
      await act(s.reviewer, one.application.id, { action: 'reject', reason: 'incomplete' });
      await act(two.applicant, two.application.id, { action: 'withdraw' });
      expect(await actionsOf(one.applicant, one.application.id)).toEqual(['object']);
      for (const [caller, id] of [
        [s.reviewer, one.application.id],
        [two.applicant, two.application.id],
        [s.granter, two.application.id],
      ] as [Caller, string][]) {
        expect(await actionsOf(caller, id)).toEqual([]);
      }
    });
  });
});
