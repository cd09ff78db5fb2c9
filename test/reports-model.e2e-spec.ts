import { Caller, samplePdf, TestApp } from './support';
import fc from 'fast-check';
import { VoucherExpiryService } from '../src/features/applications/voucher-expiry.service';

/**
 * Always right (issue 4, item 4): after any random sequence of submits and transitions, taken
 * through the api (some refused, some racing each other and the report's own compaction),
 * the report equals the same figures recounted straight from the applications table with
 * plain GROUP BY SQL written here, independent of the counters in src.
 */

const GENDERS = ['female', 'male', 'non-binary', 'undisclosed'] as const;
const GROUPS = ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'] as const;
const KINDS = ['upskilling', 'reskilling', 'retraining'] as const;
const STATUSES = [
  'submitted',
  'information-requested',
  'reviewed',
  'granted',
  'completed',
  'rejected',
  'not-considered',
  'objection',
  'withdrawn',
  'expired',
];
const THRESHOLDS = [1, 2, 3, 5];
const BUDGET = 600_000; // two to six vouchers: budget-exhausted is within reach

type Verb =
  | 'review'
  | 'request-information'
  | 'supplement'
  | 'not-consider'
  | 'grant'
  | 'reject'
  | 'object'
  | 'uphold'
  | 'dismiss'
  | 'complete'
  | 'withdraw';
/** What each state allows, the step forward first. */
const NEXT: Record<string, Verb[]> = {
  submitted: ['review', 'request-information', 'reject', 'withdraw'],
  'information-requested': ['supplement', 'not-consider', 'withdraw'],
  reviewed: ['grant', 'request-information', 'reject', 'withdraw'],
  granted: ['complete', 'withdraw'],
  rejected: ['object'],
  'not-considered': ['object'],
  objection: ['uphold', 'dismiss', 'withdraw'],
};
const APPLICANT_VERBS: Verb[] = ['withdraw', 'supplement', 'object'];
/** Decisions are the reviewer's; objections are handled by the granter (never the decider, Awb 7:5). */
const REVIEWER_VERBS: Verb[] = ['review', 'reject', 'request-information', 'not-consider'];
const NEEDS_REASON: Verb[] = [
  'reject',
  'request-information',
  'supplement',
  'not-consider',
  'object',
  'uphold',
  'dismiss',
];

type Command =
  | { kind: 'submit'; gender: string; group: string; training: string; amount: number; owner: number }
  | { kind: 'act'; app: number; pick: number; valid: boolean }
  | { kind: 'expire'; app: number }
  | { kind: 'report' }
  | { kind: 'burst'; a: number; b: number; pickA: number; pickB: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      gender: fc.constantFrom(...GENDERS),
      group: fc.constantFrom(...GROUPS),
      training: fc.constantFrom(...KINDS),
      amount: fc.constantFrom(100_000, 250_000, 300_000),
      owner: fc.nat(2),
    }),
  },
  {
    weight: 9,
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      app: fc.nat(20),
      pick: fc.nat(6),
      valid: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), app: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'report' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      a: fc.nat(20),
      b: fc.nat(20),
      pickA: fc.nat(5),
      pickB: fc.nat(5),
    }),
  },
);

const submitCmd = (owner: number): Command => ({
  kind: 'submit',
  gender: GENDERS[owner],
  group: GROUPS[owner],
  training: KINDS[owner],
  amount: 300_000,
  owner,
});
const step = (app: number, pick = 0): Command => ({ kind: 'act', app, pick, valid: true });

/**
 * One run fast-check always tries first: three vouchers of EUR 3,000 on a EUR 6,000 budget
 * (the third refused: budget-exhausted), an expiry by the scheduler, a withdrawal after the
 * grant, a report in between, then the third voucher once money is free again.
 */
const WALK_THROUGH_EVERY_STATE: Command[] = [
  submitCmd(0),
  submitCmd(1),
  submitCmd(2),
  step(0),
  step(1),
  step(2), // review A, B, C
  step(0),
  step(1),
  step(2), // grant A, B; C: budget-exhausted
  { kind: 'expire', app: 0 }, // A expires
  step(0, 5), // B: withdraw after the grant
  { kind: 'report' },
  step(0),
  step(0), // C: grant, complete
];

/**
 * A second run tried first: the information request and the objection procedure. A is asked
 * for information and supplements; B is rejected, objects, is upheld, is asked again, is not
 * considered once the term ran out, objects, and withdraws while the objection is open.
 */
const THROUGH_THE_AWB: Command[] = [
  submitCmd(0),
  submitCmd(1),
  step(0, 5), // A: request-information
  step(1, 6), // B: reject
  step(0), // A: supplement
  step(1), // B: object
  step(1), // B: uphold
  { kind: 'report' },
  step(1, 5), // B: request-information
  step(1, 4), // B: not-consider
  step(1), // B: object
  step(1, 5), // B: withdraw during the objection
];

const amsterdamToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('report model: the report equals a recount of the applications table', () => {
  let t: TestApp;
  let admin: Caller;
  let reviewer: Caller;
  let granter: Caller;
  let provincial: Caller;
  let owners: Caller[];
  let expire: VoucherExpiryService;
  const coverage = new Map<string, number>();
  const cover = (key: string) => coverage.set(key, (coverage.get(key) ?? 0) + 1);

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.admin();
    reviewer = await t.officer(['*']);
    granter = await t.officer(['*']);
    provincial = await t.provincial('OV');
    owners = [await t.applicant(), await t.applicant(), await t.applicant()];
    expire = t.app.get(VoucherExpiryService);
  });
  afterAll(() => t?.close());

  interface Run {
    code: string;
    id: string;
    apps: { id: string; owner: number; status: string }[];
  }

  async function submit(run: Run, c: Extract<Command, { kind: 'submit' }>) {
    const body = {
      programmeCode: run.code,
      applicant: {
        name: 'Model Applicant',
        email: 'model@example.nl',
        postcode: '7511 AB',
        dateOfBirth: '1990-04-12',
        gender: c.gender,
        targetGroup: c.group,
      },
      ...(c.group === 'employee'
        ? { employer: { name: 'Metaal BV', kvkNumber: '12345678', postcode: '7521 AA' } }
        : {}),
      training: {
        provider: 'De Techniek Academie',
        title: 'Installatietechniek',
        kind: c.training,
        startsOn: '2027-03-01',
        endsOn: '2027-09-01',
        costCents: 320_000,
      },
      requestedAmountCents: c.amount,
    };
    const reply = await owners[c.owner].post('/api/v1/applications', body);
    expect(reply.status).toBe(201);
    // The eligibility worker does not run here; its outcome is not what this test is about.
    await t.db.query(
      `UPDATE applications SET eligibility = jsonb_build_object('status', 'passed', 'checkedAt', now(), 'checks', '[]'::jsonb)
       WHERE id = $1`,
      [reply.body.id],
    );
    run.apps.push({ id: reply.body.id, owner: c.owner, status: 'submitted' });
    cover('submit');
  }

  /** A transition on the `app`-th (open, when valid) application: one its state allows (valid) or one refused. */
  async function act(run: Run, app: number, pick: number, valid: boolean) {
    if (run.apps.length === 0) return;
    const open = run.apps.filter((x) => NEXT[x.status]);
    const pool = valid && open.length ? open : run.apps;
    const a = pool[app % pool.length];
    const verbs = NEXT[a.status] ?? [];
    // Most valid steps go forward (review, grant, complete), so runs reach vouchers and milestones.
    const verb: Verb =
      valid && verbs.length
        ? verbs[pick < 4 ? 0 : pick % verbs.length]
        : (['grant', 'complete', 'review'] as Verb[])[pick % 3];
    const caller = APPLICANT_VERBS.includes(verb)
      ? owners[a.owner]
      : REVIEWER_VERBS.includes(verb)
        ? reviewer
        : granter;
    const body: Record<string, unknown> = { action: verb };
    if (NEEDS_REASON.includes(verb)) body.reason = 'Gezien';
    if (valid && verb === 'complete') {
      // The certificate first; in a burst the voucher may be gone already (409).
      const upload = await owners[a.owner].upload(`/api/v1/applications/${a.id}/documents`, [
        { name: 'kind', value: 'completion-proof' },
        { name: 'file', fileName: 'diploma.pdf', bytes: samplePdf() },
      ]);
      expect([201, 409]).toContain(upload.status);
    }
    if (valid && verb === 'not-consider') {
      // The term ran out (the clock is not what this test is about).
      await t.db.query(
        `UPDATE applications SET information_request = jsonb_set(information_request, '{dueOn}', to_jsonb((current_date - 2)::text)) WHERE id = $1`,
        [a.id],
      );
    }
    // A refused grant: an amount out of range (422), or any verb from a state that does not allow it (409).
    if (!valid && verb === 'grant') body.amountCents = 1;
    const reply = await caller.post(`/api/v1/applications/${a.id}/transitions`, body);
    cover(reply.status === 200 ? `200 ${verb}` : `${reply.status} ${reply.body.code}`);
    expect([200, 409, 422]).toContain(reply.status);
    if (reply.status === 200) a.status = reply.body.status;
  }

  /** The scheduler's expiry, through the real use case, of the `app`-th granted voucher once its date has passed. */
  async function expireOne(run: Run, app: number) {
    const granted = run.apps.filter((a) => a.status === 'granted');
    if (granted.length === 0) return;
    const a = granted[app % granted.length];
    await t.db.query(`UPDATE applications SET voucher_expires_on = current_date - 2 WHERE id = $1`, [a.id]);
    await expire.expireDue();
    a.status = 'expired';
    cover('expire');
  }

  async function reload(run: Run) {
    const rows: { id: string; status: string }[] = await t.db.query(
      `SELECT id, status FROM applications WHERE programme_id = $1`,
      [run.id],
    );
    for (const row of rows) run.apps.find((a) => a.id === row.id)!.status = row.status;
  }

  /** The figures of the report, recounted from the table: nothing from src/features/reports. */
  async function recount(run: Run) {
    const q = (sql: string) => t.db.query(sql, [run.id]);
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0]));
    for (const r of await q(
      `SELECT status, count(*)::int AS n FROM applications WHERE programme_id = $1 GROUP BY status`,
    )) {
      byStatus[r.status] = r.n;
    }
    const split = (expression: string, key: string) =>
      q(
        `SELECT ${expression} AS "${key}", count(*)::int AS applications, count(voucher_ordinal)::int AS vouchers
         FROM applications WHERE programme_id = $1 GROUP BY 1 ORDER BY 1`,
      );
    const grants: { at: Date; ordinal: number }[] = await q(
      `SELECT h.at, a.voucher_ordinal AS ordinal FROM applications a
       JOIN application_history h ON h.application_id = a.id AND h.action = 'grant'
       WHERE a.programme_id = $1`,
    );
    const byGrantMonth = await q(
      `SELECT to_char(h.at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS month, count(*)::int AS vouchers
       FROM applications a JOIN application_history h ON h.application_id = a.id AND h.action = 'grant'
       WHERE a.programme_id = $1 GROUP BY 1 ORDER BY 1`,
    );
    const vouchersByStatus: Record<string, number> = { granted: 0, completed: 0, withdrawn: 0, expired: 0 };
    for (const r of await q(
      `SELECT status, count(*)::int AS n FROM applications WHERE programme_id = $1 AND voucher_ordinal IS NOT NULL GROUP BY 1`,
    )) {
      vouchersByStatus[r.status] = r.n;
    }
    const [money] = await q(
      `SELECT coalesce(sum(granted_amount_cents) FILTER (WHERE status = 'granted'), 0)::int AS committed,
              coalesce(sum(granted_amount_cents) FILTER (WHERE status = 'completed'), 0)::int AS spent,
              count(voucher_ordinal)::int AS vouchers
       FROM applications WHERE programme_id = $1`,
    );
    const [{ recent }] = await q(
      `SELECT count(*)::int AS recent FROM applications a
       JOIN application_history h ON h.application_id = a.id AND h.action = 'grant'
       WHERE a.programme_id = $1 AND h.at >= now() - interval '30 days'`,
    );
    const threshold = THRESHOLDS.find((th) => th > money.vouchers);
    return {
      applications: { total: Object.values(byStatus).reduce((x, y) => x + y, 0), byStatus },
      byGender: await split(`applicant->>'gender'`, 'gender'),
      byTargetGroup: await split(`applicant->>'targetGroup'`, 'targetGroup'),
      byTrainingKind: await split(`training->>'kind'`, 'trainingKind'),
      byGrantMonth,
      budget: {
        totalCents: BUDGET,
        committedCents: money.committed,
        spentCents: money.spent,
        availableCents: BUDGET - money.committed - money.spent,
      },
      vouchers: {
        granted: money.vouchers,
        target: 4,
        percentOfTarget: Math.round((money.vouchers / 4) * 1000) / 10,
        byStatus: vouchersByStatus,
      },
      grantRate: { days: 30, vouchers: recent, perDay: Math.round((recent / 30) * 100) / 100 },
      reached: grants
        .filter((g) => THRESHOLDS.includes(g.ordinal))
        .sort((x, y) => x.ordinal - y.ordinal)
        .map((g) => ({ threshold: g.ordinal, reachedAt: g.at.toISOString() })),
      next:
        threshold === undefined
          ? null
          : {
              threshold,
              remaining: threshold - money.vouchers,
              days: recent > 0 ? Math.ceil(((threshold - money.vouchers) * 30) / recent) : null,
            },
    };
  }

  /** The report's figures in the recount's shape: categories nobody is in are left out. */
  function reportFigures(r: any) {
    const present = (items: { applications: number }[]) => items.filter((i) => i.applications !== 0);
    return {
      applications: r.applications,
      byGender: present(r.byGender).sort((a: any, b: any) => (a.gender < b.gender ? -1 : 1)),
      byTargetGroup: present(r.byTargetGroup).sort((a: any, b: any) => (a.targetGroup < b.targetGroup ? -1 : 1)),
      byTrainingKind: present(r.byTrainingKind).sort((a: any, b: any) => (a.trainingKind < b.trainingKind ? -1 : 1)),
      byGrantMonth: r.byGrantMonth,
      budget: r.budget,
      vouchers: r.vouchers,
      grantRate: r.grantRate,
      reached: r.milestones.reached,
    };
  }

  async function expectReportMatchesTable(run: Run, history: Command[]) {
    const dayBefore = amsterdamToday();
    const reply = await admin.get(`/api/v1/programmes/${run.code}/report`);
    const dayAfter = amsterdamToday();
    expect(reply.status).toBe(200);
    const expected = await recount(run);
    const { next, ...figures } = expected;
    const context = JSON.stringify(history);
    expect({ context, ...reportFigures(reply.body) }).toEqual({ context, ...figures });
    if (next === null) {
      expect(reply.body.milestones.next).toBeNull();
    } else {
      expect(reply.body.milestones.next).toMatchObject({ threshold: next.threshold, remaining: next.remaining });
      if (next.days === null) expect(reply.body.milestones.next.forecastDate).toBeNull();
      else
        expect([plusDays(dayBefore, next.days), plusDays(dayAfter, next.days)]).toContain(
          reply.body.milestones.next.forecastDate,
        );
    }
    // The grid behind the report (cells plus pending deltas) is the table's GROUP BY, cell by cell.
    const grid = await t.db.query(
      `SELECT status, target_group, gender, training_kind, to_char(grant_month, 'YYYY-MM') AS month, sum(n)::int AS n
       FROM (SELECT status, target_group, gender, training_kind, grant_month, count AS n FROM report_cells WHERE programme_id = $1
             UNION ALL
             SELECT status, target_group, gender, training_kind, grant_month, delta FROM report_deltas WHERE programme_id = $1) g
       GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5`,
      [run.id],
    );
    const table = await t.db.query(
      `SELECT a.status, a.applicant->>'targetGroup' AS target_group, a.applicant->>'gender' AS gender,
              a.training->>'kind' AS training_kind, to_char(h.at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS month,
              count(*)::int AS n
       FROM applications a LEFT JOIN application_history h ON h.application_id = a.id AND h.action = 'grant'
       WHERE a.programme_id = $1 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      [run.id],
    );
    expect({ context, grid }).toEqual({ context, grid: table });
    return expected;
  }

  /** Provincial staff: the same figures, with 1–4 people by gender or target group as "<5". */
  async function expectSuppressedForProvincial(run: Run, exact: Awaited<ReturnType<typeof recount>>) {
    const { body } = await provincial.get(`/api/v1/programmes/${run.code}/report`);
    const hide = (n: number) => (n > 0 && n < 5 ? '<5' : n);
    for (const [key, items] of [
      ['gender', exact.byGender],
      ['targetGroup', exact.byTargetGroup],
    ] as const) {
      const list = key === 'gender' ? body.byGender : body.byTargetGroup;
      for (const item of items as { applications: number; vouchers: number }[]) {
        const category = (item as Record<string, unknown>)[key];
        expect(list.find((x: Record<string, unknown>) => x[key] === category)).toEqual({
          [key]: category,
          applications: hide(item.applications),
          vouchers: hide(item.vouchers),
        });
        if (item.applications > 0 && item.applications < 5) cover('suppressed cell');
      }
    }
    expect(body.applications).toEqual(exact.applications);
    expect(body.vouchers.granted).toBe(exact.vouchers.granted);
  }

  it('holds after any sequence of submits, transitions, expiries, reports and races (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 14 }), async (commands) => {
        const programme = await t.newProgramme({
          budgetCents: BUDGET,
          milestones: THRESHOLDS,
          targets: { vouchers: 4 },
        });
        const [{ id }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [programme.code]);
        const run: Run = { code: programme.code, id, apps: [] };
        const done: Command[] = [];
        for (const command of commands) {
          done.push(command);
          switch (command.kind) {
            case 'submit':
              await submit(run, command);
              break;
            case 'act':
              await act(run, command.app, command.pick, command.valid);
              break;
            case 'expire':
              await expireOne(run, command.app);
              break;
            case 'report':
              // A report in the middle folds the deltas so far into cells; later ones pile up again.
              await expectReportMatchesTable(run, done);
              cover('report mid-run');
              break;
            case 'burst':
              // Two transitions and a report (with its compaction) at once; any outcome, then reload.
              await Promise.all([
                act(run, command.a, command.pickA, true),
                act(run, command.b, command.pickB, true),
                admin.get(`/api/v1/programmes/${run.code}/report`),
              ]);
              await reload(run);
              cover('burst');
              break;
          }
        }
        const exact = await expectReportMatchesTable(run, done);
        await expectSuppressedForProvincial(run, exact);
      }),
      { numRuns: 60, examples: [[WALK_THROUGH_EVERY_STATE], [THROUGH_THE_AWB]] },
    );
    if (process.env.REPORT_MODEL_COVERAGE) console.log(JSON.stringify([...coverage.entries()]));
    // The runs reached what matters: grants, completions, withdrawals after grants, expiries,
    // refusals (budget and guards), races, and small cells.
    for (const key of [
      '200 grant',
      '200 complete',
      '200 withdraw',
      '200 reject',
      '200 request-information',
      '200 supplement',
      '200 not-consider',
      '200 object',
      '200 uphold',
      '422 budget-exhausted',
      'expire',
      'burst',
      'report mid-run',
      'suppressed cell',
    ]) {
      expect({ key, seen: (coverage.get(key) ?? 0) > 0 }).toEqual({ key, seen: true });
    }
    expect([...coverage.keys()].some((k) => k.startsWith('409') || k.startsWith('422'))).toBe(true);
  }, 58_000);
});
