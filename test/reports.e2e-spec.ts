import { WebClient } from './support/web-client';
import { Caller, Reply, TestApp } from './support';
import { Client } from 'pg';
import { seedBulk } from '../scripts/seed-bulk';
import { ReportCounters1763900000000 } from '../src/platform/database/migrations/1763900000000-report-counters';
import { compactAllReportDeltas } from '../src/features/reports/report-counters';
import { REPORT_QUERIES } from '../src/features/reports/reports.service';

/**
 * GET /api/v1/programmes/{code}/report and GET /api/v1/provinces/{province}/report (issue 4):
 * who may read them, the figures, CSV, "<5" for provincial staff, the forecast, the counters
 * behind them (deltas, compaction) and the bulk seeder that fills a programme at scale.
 */

const LOCK_SPACE = 0x7265706f;
const report = (code: string) => `/api/v1/programmes/${code}/report`;
const provinceReport = (province: string) => `/api/v1/provinces/${province}/report`;
const amsterdam = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(at);
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const csvLines = (reply: Reply) => String(reply.body).split('\r\n');

interface Person {
  gender: string;
  targetGroup: string;
  kind: string;
}

describe('reports', () => {
  let t: TestApp;
  let admin: Caller;
  let reviewer: Caller;
  let granter: Caller;
  let provincialOV: Caller;
  let provincialGE: Caller;
  /** ov-a: the programme with figures; ov-b: the same province, nothing granted; ge: another province. */
  let ovA: { code: string; id: string };
  let ovB: { code: string; id: string };
  let ge: { code: string; id: string };
  const owners = new Map<string, Caller>();

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.admin();
    const make = async (overrides: Record<string, unknown>) => {
      const body = await t.newProgramme(overrides);
      const [{ id }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [body.code]);
      return { code: body.code as string, id: id as string };
    };
    ovA = await make({ province: 'OV', milestones: [2, 4, 10], targets: { vouchers: 8 } });
    ovB = await make({ province: 'OV', milestones: [3, 6], targets: { vouchers: 20 } });
    ge = await make({ province: 'GE', milestones: [1] });
    reviewer = await t.officer([ovA.code, ovB.code]);
    granter = await t.officer([ovA.code, ovB.code]);
    provincialOV = await t.provincial('OV');
    provincialGE = await t.provincial('GE');
  });
  afterAll(() => t?.close());

  /** Submits as a fresh applicant; the eligibility check is marked passed so officers may review. */
  async function submit(
    code: string,
    person: Person = { gender: 'female', targetGroup: 'jobseeker', kind: 'upskilling' },
  ) {
    const { application, applicant } = await t.newApplication(code, {
      body: { applicant: { gender: person.gender, targetGroup: person.targetGroup }, training: { kind: person.kind } },
    });
    owners.set(application.id, applicant);
    await t.db.query(
      `UPDATE applications SET eligibility = jsonb_build_object('status', 'passed', 'checkedAt', now(), 'checks', '[]'::jsonb)
       WHERE id = $1`,
      [application.id],
    );
    return application.id as string;
  }

  async function act(id: string, action: string, body: Record<string, unknown> = {}) {
    if (action === 'complete') await t.uploadDocument(owners.get(id)!, id);
    const caller =
      action === 'withdraw' ? owners.get(id)! : action === 'review' || action === 'reject' ? reviewer : granter;
    const reply = await caller.post(`/api/v1/applications/${id}/transitions`, { action, ...body });
    if (reply.status !== 200) throw new Error(`${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }

  async function walk(id: string, actions: string[]) {
    for (const action of actions) {
      const reason = action === 'reject' || action === 'complete' ? 'Gezien en gecontroleerd' : undefined;
      await act(id, action, reason ? { reason } : {});
    }
  }

  const F = { gender: 'female', targetGroup: 'jobseeker', kind: 'upskilling' };
  const M = { gender: 'male', targetGroup: 'career-switcher', kind: 'reskilling' };
  const N = { gender: 'non-binary', targetGroup: 'teacher', kind: 'retraining' };

  describe('with nine applications in ov-a', () => {
    let grantMonths: string[];
    beforeAll(async () => {
      const plan: [Person, string[]][] = [
        [F, ['review', 'grant', 'complete']],
        [F, ['review', 'grant']],
        [F, ['review', 'grant', 'withdraw']],
        [F, ['review', 'reject']],
        [F, []],
        [F, ['withdraw']],
        [M, ['review', 'grant']],
        [M, ['review']],
        [N, []],
      ];
      for (const [person, actions] of plan) await walk(await submit(ovA.code, person), actions);
      const rows = await t.db.query(
        `SELECT h.at FROM application_history h JOIN applications a ON a.id = h.application_id
         WHERE a.programme_id = $1 AND h.action = 'grant'`,
        [ovA.id],
      );
      grantMonths = rows.map((r: { at: Date }) => amsterdam(r.at).slice(0, 7));
    });

    describe('who may read the programme report', () => {
      it.each([
        ['an admin', 200, () => t.admin()],
        ['an officer in scope', 200, () => t.officer(['some-other', ovA.code])],
        ['an officer of every programme', 200, () => t.officer(['*'])],
        ['provincial staff of its province', 200, () => t.provincial('OV')],
        ['provincial staff of its province, in lower case', 200, () => t.provincial('ov')],
        ['an officer of other programmes', 404, () => t.officer([ge.code])],
        ['provincial staff of another province', 404, () => t.provincial('GE')],
        ['an applicant, even one with an application in it', 404, async () => owners.values().next().value!],
      ])('%s: %i', async (_who, status, caller) => {
        const reply = await (await caller()).get(report(ovA.code));
        expect(reply.status).toBe(status);
        if (status === 404) {
          expect(reply.body.code).toBe('not-found');
          expect(String(reply.headers['content-type'])).toContain('application/problem+json');
        }
      });

      it('a provincial token without a province is refused at verification: 401', async () => {
        const caller = await t.as({ sub: 'provincial-nowhere', role: 'provincial' });
        expect((await caller.get(report(ovA.code))).status).toBe(401);
      });

      it('without a token: 401', async () => {
        const reply = await t.anonymous.get(report(ovA.code));
        expect(reply.status).toBe(401);
        expect(reply.body.code).toBe('unauthenticated');
      });

      it('an unknown programme: 404, for an admin too', async () => {
        expect((await admin.get(report('no-such-programme'))).status).toBe(404);
        expect((await admin.get(report('%27%3B--'))).status).toBe(404);
      });
    });

    describe('who may read the province report', () => {
      it('admins and provincial staff of the province: every programme of the province', async () => {
        for (const caller of [admin, provincialOV]) {
          const reply = await caller.get(provinceReport('OV'));
          expect(reply.status).toBe(200);
          expect(reply.body.province).toBe('OV');
          expect(reply.body.programmes.map((p: { programme: { code: string } }) => p.programme.code).sort()).toEqual(
            [ovA.code, ovB.code].sort(),
          );
        }
      });

      it('an officer: only the programmes in scope, 404 when none of the province is', async () => {
        const officer = await t.officer([ovB.code, ge.code]);
        const reply = await officer.get(provinceReport('OV'));
        expect(reply.status).toBe(200);
        expect(reply.body.programmes.map((p: { programme: { code: string } }) => p.programme.code)).toEqual([ovB.code]);
        expect(reply.body.totals.applications.total).toBe(0);
        expect((await (await t.officer([ge.code])).get(provinceReport('OV'))).status).toBe(404);
      });

      it('provincial staff of another province, applicants, unknown provinces: 404; no token: 401', async () => {
        expect((await provincialGE.get(provinceReport('OV'))).status).toBe(404);
        expect((await (await t.applicant()).get(provinceReport('OV'))).status).toBe(404);
        expect((await admin.get(provinceReport('ZZ'))).status).toBe(404);
        expect((await admin.get(provinceReport('OVERIJSSEL'))).status).toBe(404);
        expect((await t.anonymous.get(provinceReport('OV'))).status).toBe(401);
      });

      it('accepts the province in lower case', async () => {
        expect((await provincialOV.get(provinceReport('ov'))).status).toBe(200);
      });
    });

    it('gives counts by status, target group, gender, training kind and month of grant', async () => {
      const reply = await admin.get(report(ovA.code));
      expect(reply.status).toBe(200);
      expect(String(reply.headers['content-type'])).toContain('application/json');
      const r = reply.body;
      expect(r.programme).toMatchObject({ code: ovA.code, province: 'OV', status: 'open' });
      expect(r.disclosure).toBe('exact');
      expect(r.applications).toEqual({
        total: 9,
        byStatus: {
          submitted: 2,
          'information-requested': 0,
          reviewed: 1,
          granted: 2,
          completed: 1,
          rejected: 1,
          'not-considered': 0,
          objection: 0,
          withdrawn: 2,
          expired: 0,
        },
      });
      expect(r.byGender).toEqual([
        { gender: 'female', applications: 6, vouchers: 3 },
        { gender: 'male', applications: 2, vouchers: 1 },
        { gender: 'non-binary', applications: 1, vouchers: 0 },
        { gender: 'undisclosed', applications: 0, vouchers: 0 },
      ]);
      expect(r.byTargetGroup).toEqual([
        { targetGroup: 'jobseeker', applications: 6, vouchers: 3 },
        { targetGroup: 'employee', applications: 0, vouchers: 0 },
        { targetGroup: 'career-switcher', applications: 2, vouchers: 1 },
        { targetGroup: 'self-employed', applications: 0, vouchers: 0 },
        { targetGroup: 'teacher', applications: 1, vouchers: 0 },
      ]);
      expect(r.byTrainingKind).toEqual([
        { trainingKind: 'upskilling', applications: 6, vouchers: 3 },
        { trainingKind: 'reskilling', applications: 2, vouchers: 1 },
        { trainingKind: 'retraining', applications: 1, vouchers: 0 },
      ]);
      // Vouchers by the month they were granted, whatever became of them since.
      const months = [...new Set(grantMonths)].sort().map((month) => ({
        month,
        vouchers: grantMonths.filter((m) => m === month).length,
      }));
      expect(r.byGrantMonth).toEqual(months);
      expect(r.vouchers).toEqual({
        granted: 4,
        target: 8,
        percentOfTarget: 50,
        byStatus: { granted: 2, completed: 1, withdrawn: 1, expired: 0 },
      });
    });

    it('gives the budget: total, committed, spent and available', async () => {
      const { body } = await admin.get(report(ovA.code));
      // Two vouchers of EUR 2,500 live, one completed, one withdrawn (released).
      expect(body.budget).toEqual({
        totalCents: 160_000_000,
        committedCents: 500_000,
        spentCents: 250_000,
        availableCents: 160_000_000 - 750_000,
      });
    });

    it('gives the milestones reached with their dates, and the next one with what remains and a forecast', async () => {
      const dayBefore = amsterdam(new Date());
      const { body } = await admin.get(report(ovA.code));
      const dayAfter = amsterdam(new Date());
      const reached = await t.db.query(
        `SELECT threshold, reached_at FROM milestones WHERE programme_id = $1 ORDER BY threshold`,
        [ovA.id],
      );
      expect(body.milestones.reached).toEqual(
        reached.map((m: { threshold: number; reached_at: Date }) => ({
          threshold: m.threshold,
          reachedAt: m.reached_at.toISOString(),
        })),
      );
      expect(body.milestones.reached.map((m: { threshold: number }) => m.threshold)).toEqual([2, 4]);
      expect(body.grantRate).toEqual({ days: 30, vouchers: 4, perDay: 0.13 });
      // 6 to go at 4 vouchers in 30 days: 45 days.
      expect(body.milestones.next).toMatchObject({ threshold: 10, remaining: 6, beforeClose: true });
      expect([plusDays(dayBefore, 45), plusDays(dayAfter, 45)]).toContain(body.milestones.next.forecastDate);
    });

    it('officers in scope see the exact counts an admin sees', async () => {
      const [asAdmin, asOfficer] = await Promise.all([admin.get(report(ovA.code)), reviewer.get(report(ovA.code))]);
      expect(asOfficer.body.disclosure).toBe('exact');
      for (const key of [
        'applications',
        'byGender',
        'byTargetGroup',
        'byTrainingKind',
        'byGrantMonth',
        'budget',
        'vouchers',
      ]) {
        expect(asOfficer.body[key]).toEqual(asAdmin.body[key]);
      }
    });

    it('provincial staff see "<5" for 1 to 4 people by gender and target group; 0, 5 and more, and the rest exact', async () => {
      const { body } = await provincialOV.get(report(ovA.code));
      expect(body.disclosure).toBe('small-cells-suppressed');
      expect(body.byGender).toEqual([
        { gender: 'female', applications: 6, vouchers: '<5' },
        { gender: 'male', applications: '<5', vouchers: '<5' },
        { gender: 'non-binary', applications: '<5', vouchers: 0 },
        { gender: 'undisclosed', applications: 0, vouchers: 0 },
      ]);
      expect(body.byTargetGroup).toEqual([
        { targetGroup: 'jobseeker', applications: 6, vouchers: '<5' },
        { targetGroup: 'employee', applications: 0, vouchers: 0 },
        { targetGroup: 'career-switcher', applications: '<5', vouchers: '<5' },
        { targetGroup: 'self-employed', applications: 0, vouchers: 0 },
        { targetGroup: 'teacher', applications: '<5', vouchers: 0 },
      ]);
      expect(body.byTrainingKind).toContainEqual({ trainingKind: 'reskilling', applications: 2, vouchers: 1 });
      expect(body.applications.total).toBe(9);
      expect(body.vouchers.granted).toBe(4);
      // Aggregates only: nothing in the report names a person or an application.
      expect(JSON.stringify(body)).not.toMatch(/Ahmad|@example|OV-20\d\d-|applicationId|reference/);
    });

    it('province report: the programmes and their totals, "<5" for provincial staff there too', async () => {
      await walk(await submit(ovB.code, M), []);
      const exact = (await admin.get(provinceReport('OV'))).body;
      expect(exact.totals.applications.total).toBe(10);
      expect(exact.totals.byGender).toContainEqual({ gender: 'male', applications: 3, vouchers: 1 });
      expect(exact.totals.budget).toEqual({
        totalCents: 320_000_000,
        committedCents: 500_000,
        spentCents: 250_000,
        availableCents: 320_000_000 - 750_000,
      });
      expect(exact.totals.vouchers).toMatchObject({
        granted: 4,
        target: 28,
        byStatus: { granted: 2, completed: 1, withdrawn: 1, expired: 0 },
      });
      expect(exact.totals.grantRate).toEqual({ days: 30, vouchers: 4, perDay: 0.13 });
      const suppressed = (await provincialOV.get(provinceReport('OV'))).body;
      expect(suppressed.disclosure).toBe('small-cells-suppressed');
      expect(suppressed.totals.byGender).toContainEqual({ gender: 'male', applications: '<5', vouchers: '<5' });
      expect(suppressed.totals.byGender).toContainEqual({ gender: 'female', applications: 6, vouchers: '<5' });
      const b = suppressed.programmes.find((p: { programme: { code: string } }) => p.programme.code === ovB.code);
      expect(b.byGender).toContainEqual({ gender: 'male', applications: '<5', vouchers: 0 });
    });

    describe('as CSV', () => {
      it('answers text/csv to Accept: text/csv, as an attachment with a header row', async () => {
        const reply = await admin.get(report(ovA.code), { accept: 'text/csv' });
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(String(reply.headers['content-disposition'])).toMatch(
          new RegExp(`^attachment; filename="vakvoucher-report-${ovA.code}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
        );
        expect(String(reply.headers.vary)).toMatch(/accept/i);
        const lines = csvLines(reply);
        expect(lines[0]).toBe('province,programme,section,category,measure,value');
        expect(lines.at(-1)).toBe('');
        expect(lines).toEqual(
          expect.arrayContaining([
            `OV,${ovA.code},status,submitted,applications,2`,
            `OV,${ovA.code},status,total,applications,9`,
            `OV,${ovA.code},gender,male,applications,2`,
            `OV,${ovA.code},gender,female,vouchers,3`,
            `OV,${ovA.code},targetGroup,teacher,applications,1`,
            `OV,${ovA.code},trainingKind,upskilling,vouchers,3`,
            `OV,${ovA.code},budget,,committedCents,500000`,
            `OV,${ovA.code},vouchers,,granted,4`,
            `OV,${ovA.code},vouchers,,target,8`,
            `OV,${ovA.code},milestone,2,reachedAt,${(await admin.get(report(ovA.code))).body.milestones.reached[0].reachedAt}`,
            `OV,${ovA.code},nextMilestone,10,remaining,6`,
          ]),
        );
        expect(lines.some((l) => l.startsWith(`OV,${ovA.code},grantMonth,`))).toBe(true);
        expect(lines.some((l) => l.includes('<5'))).toBe(false);
      });

      it('suppresses the same cells for provincial staff', async () => {
        const lines = csvLines(await provincialOV.get(report(ovA.code), { accept: 'text/csv' }));
        expect(lines).toEqual(
          expect.arrayContaining([
            'OV,,report,,disclosure,small-cells-suppressed',
            `OV,${ovA.code},gender,male,applications,<5`,
            `OV,${ovA.code},gender,female,applications,6`,
            `OV,${ovA.code},gender,female,vouchers,<5`,
            `OV,${ovA.code},gender,undisclosed,applications,0`,
            `OV,${ovA.code},targetGroup,teacher,applications,<5`,
            `OV,${ovA.code},trainingKind,reskilling,applications,2`,
          ]),
        );
      });

      it('province report as CSV: every programme, then the totals with an empty programme column', async () => {
        const reply = await provincialOV.get(provinceReport('OV'), { accept: 'text/csv' });
        expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(String(reply.headers['content-disposition'])).toMatch(
          /filename="vakvoucher-report-ov-\d{4}-\d{2}-\d{2}\.csv"/,
        );
        const lines = csvLines(reply);
        expect(lines[0]).toBe('province,programme,section,category,measure,value');
        expect(lines).toEqual(
          expect.arrayContaining([
            `OV,${ovA.code},status,total,applications,9`,
            `OV,${ovB.code},status,total,applications,1`,
            'OV,,status,total,applications,10',
            'OV,,gender,male,applications,<5',
            'OV,,budget,,totalCents,320000000',
          ]),
        );
      });

      it('answers JSON without Accept, to application/json, and when JSON is preferred', async () => {
        for (const accept of [undefined, 'application/json', '*/*', 'application/json, text/csv;q=0.5']) {
          const reply = await admin.get(report(ovA.code), accept ? { accept } : {});
          expect(String(reply.headers['content-type'])).toContain('application/json');
          expect(reply.body.applications.total).toBe(9);
        }
      });

      it('a refusal stays problem+json when CSV was asked for', async () => {
        const reply = await provincialGE.get(report(ovA.code), { accept: 'text/csv' });
        expect(reply.status).toBe(404);
        expect(String(reply.headers['content-type'])).toContain('application/problem+json');
      });
    });
  });

  describe('the forecast', () => {
    it('is null without grants: the next milestone is the first, with all of it remaining', async () => {
      const programme = await t.newProgramme({ milestones: [5, 10] });
      await submit(programme.code);
      const { body } = await admin.get(report(programme.code));
      expect(body.grantRate).toEqual({ days: 30, vouchers: 0, perDay: 0 });
      expect(body.milestones).toEqual({
        reached: [],
        next: { threshold: 5, remaining: 5, forecastDate: null, beforeClose: null },
      });
    });

    it('counts only grants of the last 30 days: older ones give no forecast; a new one gives a date', async () => {
      const programme = await t.newProgramme({ milestones: [10] });
      const officers = [await t.officer([programme.code]), await t.officer([programme.code])];
      const grant = async () => {
        const id = await submit(programme.code);
        expect((await officers[0].post(`/api/v1/applications/${id}/transitions`, { action: 'review' })).status).toBe(
          200,
        );
        expect((await officers[1].post(`/api/v1/applications/${id}/transitions`, { action: 'grant' })).status).toBe(
          200,
        );
        return id;
      };
      const old = [await grant(), await grant()];
      // Granted 31 and 40 days ago.
      await t.db.query(`UPDATE applications SET granted_at = now() - interval '40 days' WHERE id = $1`, [old[0]]);
      await t.db.query(`UPDATE applications SET granted_at = now() - interval '31 days' WHERE id = $1`, [old[1]]);
      let { body } = await admin.get(report(programme.code));
      expect(body.vouchers.granted).toBe(2);
      expect(body.grantRate.vouchers).toBe(0);
      expect(body.milestones.next).toEqual({ threshold: 10, remaining: 8, forecastDate: null, beforeClose: null });

      await grant();
      const dayBefore = amsterdam(new Date());
      ({ body } = await admin.get(report(programme.code)));
      const dayAfter = amsterdam(new Date());
      expect(body.grantRate.vouchers).toBe(1);
      // 7 to go at 1 voucher in 30 days: 210 days.
      expect(body.milestones.next).toMatchObject({ threshold: 10, remaining: 7 });
      expect([plusDays(dayBefore, 210), plusDays(dayAfter, 210)]).toContain(body.milestones.next.forecastDate);
    });

    it('is null, and after the close, when it is more than a century away; the dashboard says so', async () => {
      const programme = await t.newProgramme({ milestones: [1_000_000] });
      const officers = [await t.officer([programme.code]), await t.officer([programme.code])];
      const id = await submit(programme.code);
      await officers[0].post(`/api/v1/applications/${id}/transitions`, { action: 'review' });
      await officers[1].post(`/api/v1/applications/${id}/transitions`, { action: 'grant' });
      const reply = await admin.get(report(programme.code));
      expect({ status: reply.status, next: reply.body.milestones?.next }).toEqual({
        status: 200,
        next: { threshold: 1_000_000, remaining: 999_999, forecastDate: null, beforeClose: false },
      });
      const client = new WebClient(t.app);
      await client.loginAs('admin-1');
      for (const path of [`/province/programmes/${programme.code}`, `/province/${programme.province}`]) {
        const page = await client.get(path);
        expect({ path, status: page.status }).toEqual({ path, status: 200 });
      }
      expect((await client.get(`/province/programmes/${programme.code}`)).body).toContain(
        'Bij dit tempo duurt dat meer dan 100 jaar.',
      );
    });

    it('is null once every milestone is reached', async () => {
      const programme = await t.newProgramme({ milestones: [1] });
      const officers = [await t.officer([programme.code]), await t.officer([programme.code])];
      const id = await submit(programme.code);
      await officers[0].post(`/api/v1/applications/${id}/transitions`, { action: 'review' });
      await officers[1].post(`/api/v1/applications/${id}/transitions`, { action: 'grant' });
      const { body } = await admin.get(report(programme.code));
      expect(body.milestones.reached.map((m: { threshold: number }) => m.threshold)).toEqual([1]);
      expect(body.milestones.next).toBeNull();
    });
  });

  describe('the counters behind the report', () => {
    const pending = async (programmeId: string) =>
      (await t.db.query(`SELECT count(*)::int AS n FROM report_deltas WHERE programme_id = $1`, [programmeId]))[0].n;
    const cellTotal = async (programmeId: string) =>
      (
        await t.db.query(`SELECT coalesce(sum(count), 0)::int AS n FROM report_cells WHERE programme_id = $1`, [
          programmeId,
        ])
      )[0].n;

    it('each transition writes +1/−1 deltas in its own transaction; a report folds them into cells', async () => {
      const programme = await t.newProgramme();
      const [{ id: programmeId }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [programme.code]);
      const officer = await t.officer([programme.code]);
      const id = await submit(programme.code);
      await officer.post(`/api/v1/applications/${id}/transitions`, { action: 'review' });
      const deltas = await t.db.query(`SELECT status, delta FROM report_deltas WHERE programme_id = $1 ORDER BY id`, [
        programmeId,
      ]);
      expect(deltas).toEqual([
        { status: 'submitted', delta: 1 },
        { status: 'submitted', delta: -1 },
        { status: 'reviewed', delta: 1 },
      ]);
      // A refused transition leaves no delta behind.
      expect((await officer.post(`/api/v1/applications/${id}/transitions`, { action: 'reject' })).status).toBe(422);
      expect(await pending(programmeId)).toBe(3);

      const { body } = await admin.get(report(programme.code));
      expect(body.applications.byStatus).toMatchObject({ submitted: 0, reviewed: 1 });
      expect(await pending(programmeId)).toBe(0);
      expect(
        await t.db.query(`SELECT status, count FROM report_cells WHERE programme_id = $1 AND count <> 0`, [
          programmeId,
        ]),
      ).toEqual([{ status: 'reviewed', count: 1 }]);
    });

    it('counts pending deltas while another compaction holds the programme', async () => {
      const programme = await t.newProgramme();
      const [{ id: programmeId }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [programme.code]);
      await submit(programme.code);
      expect((await admin.get(report(programme.code))).body.applications.total).toBe(1);

      const holder = new Client({ connectionString: t.config.DATABASE_URL });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [LOCK_SPACE, programmeId]);
        await submit(programme.code);
        await submit(programme.code);
        const { body } = await admin.get(report(programme.code));
        expect(body.applications.total).toBe(3);
        expect(await pending(programmeId)).toBe(2);
        expect(await cellTotal(programmeId)).toBe(1);
        await holder.query('COMMIT');
      } finally {
        await holder.end();
      }
      expect((await admin.get(report(programme.code))).body.applications.total).toBe(3);
      expect(await pending(programmeId)).toBe(0);
      expect(await cellTotal(programmeId)).toBe(3);
    });

    it('a scheduled compaction folds the deltas of every programme, counting each once', async () => {
      const programmes = [await t.newProgramme(), await t.newProgramme()];
      for (const p of programmes) await submit(p.code);
      await submit(programmes[1].code);
      const [{ before }] = await t.db.query(`SELECT count(*)::int AS before FROM report_deltas`);
      expect(before).toBeGreaterThanOrEqual(3);
      expect(await compactAllReportDeltas(t.db)).toBe(before);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM report_deltas`))[0].n).toBe(0);
      expect(await compactAllReportDeltas(t.db)).toBe(0);
      const totals = await Promise.all(
        programmes.map(async (p) => (await admin.get(report(p.code))).body.applications.total),
      );
      expect(totals).toEqual([1, 2]);
    });

    it('concurrent reports and transitions never count twice', async () => {
      const programme = await t.newProgramme();
      const [{ id: programmeId }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [programme.code]);
      const officer = await t.officer([programme.code]);
      const ids = await Promise.all(Array.from({ length: 6 }, () => submit(programme.code)));
      await Promise.all([
        ...ids.map((id) => officer.post(`/api/v1/applications/${id}/transitions`, { action: 'review' })),
        ...Array.from({ length: 8 }, () => admin.get(report(programme.code))),
        ...Array.from({ length: 4 }, () => submit(programme.code)),
        ...Array.from({ length: 4 }, () => provincialOV.get(provinceReport('OV'))),
      ]);
      const { body } = await admin.get(report(programme.code));
      expect(body.applications.total).toBe(10);
      expect(body.applications.byStatus).toMatchObject({ submitted: 4, reviewed: 6 });
      expect(await pending(programmeId)).toBe(0);
      expect(await cellTotal(programmeId)).toBe(10);
    });

    it('months of grant are months on the Dutch calendar', async () => {
      const month = async (at: string) => (await t.db.query(`SELECT report_month($1)::text AS m`, [at]))[0].m;
      expect(await month('2027-01-31T22:59:59Z')).toBe('2027-01-01'); // 23:59:59 in Amsterdam (winter)
      expect(await month('2027-01-31T23:00:00Z')).toBe('2027-02-01'); // midnight in Amsterdam
      expect(await month('2027-06-30T21:59:59Z')).toBe('2027-06-01'); // 23:59:59 (summer time)
      expect(await month('2027-06-30T22:00:00Z')).toBe('2027-07-01');
    });

    it('the migration counts what was in the database before it: granted_at from history, cells from applications', async () => {
      const before = (await admin.get(report(ovA.code))).body;
      const runner = t.db.createQueryRunner();
      try {
        const migration = new ReportCounters1763900000000();
        await migration.down(runner);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      const [{ missing }] = await t.db.query(
        `SELECT count(*)::int AS missing FROM applications WHERE voucher_ordinal IS NOT NULL AND granted_at IS NULL`,
      );
      expect(missing).toBe(0);
      const after = (await admin.get(report(ovA.code))).body;
      for (const key of [
        'applications',
        'byGender',
        'byTargetGroup',
        'byTrainingKind',
        'byGrantMonth',
        'vouchers',
        'grantRate',
        'milestones',
      ]) {
        expect(after[key]).toEqual(before[key]);
      }
    });
  });

  describe('the bulk seeder', () => {
    it('fills a programme in every state, consistent with the lifecycle, in chunks', async () => {
      const client = new Client({ connectionString: t.config.DATABASE_URL });
      await client.connect();
      const phases = new Set<string>();
      let result;
      try {
        result = await seedBulk(client, {
          applications: 4_000,
          programme: 'bulk-test',
          province: 'UT',
          chunk: 1_500,
          progress: (_done, _total, phase) => phases.add(phase),
        });
      } finally {
        await client.end();
      }
      expect(result.applications).toBe(4_000);
      expect(phases).toEqual(new Set(['applications', 'counters']));
      const id = result.programmeId;

      const statuses = await t.db.query(
        `SELECT status, count(*)::int AS n FROM applications WHERE programme_id = $1 GROUP BY status`,
        [id],
      );
      expect(statuses.map((s: { status: string }) => s.status).sort()).toEqual([
        'completed',
        'expired',
        'granted',
        'rejected',
        'reviewed',
        'submitted',
        'withdrawn',
      ]);
      const [withdrawn] = await t.db.query(
        `SELECT count(*) FILTER (WHERE voucher_ordinal IS NULL)::int AS before, count(voucher_ordinal)::int AS after
         FROM applications WHERE programme_id = $1 AND status = 'withdrawn'`,
        [id],
      );
      expect(withdrawn.before).toBeGreaterThan(0);
      expect(withdrawn.after).toBeGreaterThan(0);

      // Ordinals 1..k, no gap or repeat, in the order of grant.
      const [ordinals] = await t.db.query(
        `SELECT count(voucher_ordinal)::int AS k, min(voucher_ordinal) AS lo, max(voucher_ordinal) AS hi,
                count(DISTINCT voucher_ordinal)::int AS distinct,
                bool_and(granted_at IS NOT NULL AND voucher_code IS NOT NULL) FILTER (WHERE voucher_ordinal IS NOT NULL) AS stamped
         FROM applications WHERE programme_id = $1`,
        [id],
      );
      expect(ordinals).toEqual({
        k: result.vouchers,
        lo: 1,
        hi: result.vouchers,
        distinct: result.vouchers,
        stamped: true,
      });
      const [{ disorder }] = await t.db.query(
        `SELECT count(*)::int AS disorder FROM (
           SELECT voucher_ordinal, lag(granted_at) OVER (ORDER BY voucher_ordinal) > granted_at AS back
           FROM applications WHERE programme_id = $1 AND voucher_ordinal IS NOT NULL) s WHERE back`,
        [id],
      );
      expect(disorder).toBe(0);

      // Ranks 1..n in the order of submission, taken from the programme's sequence as first-come
      // submissions take them: the next submission ranks after the load.
      const [ranks] = await t.db.query(
        `SELECT min(rank) AS lo, max(rank) AS hi, count(DISTINCT rank)::int AS distinct,
                count(*) FILTER (WHERE rank IS NULL)::int AS unranked
         FROM applications WHERE programme_id = $1`,
        [id],
      );
      expect(ranks).toEqual({ lo: 1, hi: 4_000, distinct: 4_000, unranked: 0 });
      const [{ backwards }] = await t.db.query(
        `SELECT count(*)::int AS backwards FROM (
           SELECT rank < lag(rank) OVER (ORDER BY submitted_at, id) AS back FROM applications WHERE programme_id = $1) s
         WHERE back`,
        [id],
      );
      expect(backwards).toBe(0);
      const [sequence] = await t.db.query(`SELECT last_value FROM programme_submissions_${id.replace(/-/g, '')}`);
      expect(Number(sequence.last_value)).toBe(4_000);

      // Counters on the programme row agree with the applications.
      const [money] = await t.db.query(
        `SELECT p.granted_count, p.committed_cents::bigint = coalesce(sum(a.granted_amount_cents) FILTER (WHERE a.status = 'granted'), 0) AS committed,
                p.spent_cents::bigint = coalesce(sum(a.granted_amount_cents) FILTER (WHERE a.status = 'completed'), 0) AS spent,
                p.committed_cents + p.spent_cents <= p.budget_cents AS within
         FROM programmes p JOIN applications a ON a.programme_id = p.id WHERE p.id = $1 GROUP BY p.id`,
        [id],
      );
      expect(money).toEqual({ granted_count: result.vouchers, committed: true, spent: true, within: true });

      // History: one row per step, as many as the version, ending in the status; grants at granted_at.
      const [history] = await t.db.query(
        `SELECT count(*) FILTER (WHERE n <> version)::int AS wrong_count, count(*) FILTER (WHERE last <> status)::int AS wrong_last,
                count(*) FILTER (WHERE voucher_ordinal IS NOT NULL AND grant_at IS DISTINCT FROM granted_at)::int AS wrong_grant,
                sum(n)::int AS rows
         FROM (SELECT a.status, a.version, a.voucher_ordinal, a.granted_at, count(h.id) AS n,
                      (array_agg(h.to_status ORDER BY h.id DESC))[1] AS last,
                      min(h.at) FILTER (WHERE h.action = 'grant') AS grant_at
               FROM applications a JOIN application_history h ON h.application_id = a.id
               WHERE a.programme_id = $1 GROUP BY a.id) s`,
        [id],
      );
      expect(history).toEqual({ wrong_count: 0, wrong_last: 0, wrong_grant: 0, rows: result.historyRows });

      // Milestones for the thresholds passed, naming the voucher with that ordinal.
      const milestones = await t.db.query(
        `SELECT m.threshold, a.voucher_ordinal AS ordinal, m.reached_at = a.granted_at AS same_time
         FROM milestones m JOIN applications a ON a.id = m.application_id WHERE m.programme_id = $1 ORDER BY 1`,
        [id],
      );
      expect(milestones).toEqual(
        [100, 250, 500, 750, 1000].map((threshold) => ({ threshold, ordinal: threshold, same_time: true })),
      );

      // The report (provincial staff of Utrecht) agrees with the table, and has a forecast.
      const utrecht = await t.provincial('UT');
      const { body } = await utrecht.get(report('bulk-test'));
      const recount = await t.db.query(
        `SELECT status, count(*)::int AS n FROM applications WHERE programme_id = $1 GROUP BY status`,
        [id],
      );
      for (const { status, n } of recount) expect(body.applications.byStatus[status]).toBe(n);
      const genders = await t.db.query(
        `SELECT applicant->>'gender' AS gender, count(*)::int AS applications, count(voucher_ordinal)::int AS vouchers
         FROM applications WHERE programme_id = $1 GROUP BY 1`,
        [id],
      );
      for (const g of genders) expect(body.byGender).toContainEqual(g);
      expect(body.vouchers.granted).toBe(result.vouchers);
      expect(body.grantRate.vouchers).toBeGreaterThan(0);
      expect(body.milestones.next).toMatchObject({ threshold: 2500, remaining: 2500 - result.vouchers });
      expect(body.milestones.next.forecastDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('the report reads a few dozen rows whatever the size: rollups, and one index step into applications', async () => {
      const [{ id }] = await t.db.query(`SELECT id FROM programmes WHERE code = 'bulk-test'`);
      const scans: { relation: string; node: string; index?: string; rows: number }[] = [];
      const walk = (node: Record<string, any>) => {
        if (node['Relation Name']) {
          scans.push({
            relation: node['Relation Name'],
            node: node['Node Type'],
            index: node['Index Name'],
            rows: node['Actual Rows'],
          });
        }
        for (const child of node.Plans ?? []) walk(child);
      };
      const windowStart = new Date(Date.now() - 30 * 86_400_000);
      const queries: [string, unknown[]][] = [
        [REPORT_QUERIES.figures, [[id]]],
        [REPORT_QUERIES.grantsInWindow, [[id], windowStart]],
        [REPORT_QUERIES.counters, [[id]]],
        [REPORT_QUERIES.milestones, [[id]]],
      ];
      for (const [sql, params] of queries) {
        const [{ 'QUERY PLAN': plan }] = await t.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        walk(plan[0].Plan);
      }
      const applications = scans.filter((s) => s.relation === 'applications');
      expect(applications).toEqual([expect.objectContaining({ index: 'applications_granted_idx', rows: 1 })]);
      expect(applications[0].node).toMatch(/Index (Only )?Scan/);
      for (const scan of scans) expect({ ...scan, few: scan.rows <= 100 }).toMatchObject({ few: true });
      expect(scans.map((s) => s.relation)).not.toContain('application_history');
    });

    it('refuses a programme that has applications already', async () => {
      const client = new Client({ connectionString: t.config.DATABASE_URL });
      await client.connect();
      try {
        await expect(
          seedBulk(client, { applications: 10, programme: ovA.code, progress: () => undefined }),
        ).rejects.toThrow(/has applications already/);
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM applications WHERE programme_code = $1`, [
          ovA.code,
        ]);
        expect(n).toBe(9);
      } finally {
        await client.end();
      }
    });
  });
});
