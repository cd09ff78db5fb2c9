import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { applicationBody, Caller, TestApp } from './support';
import { EligibilityService } from '../src/features/eligibility/eligibility.service';
import { KVK_REGISTER, KvkRegister, LocalKvkRegister } from '../src/features/eligibility/registers/kvk-register';
import {
  LocalTrainingRegister,
  TRAINING_REGISTER,
  TrainingRegister,
} from '../src/features/eligibility/registers/training-register';
import { RULE_NAMES } from '../src/features/eligibility/rules';

/**
 * The eligibility check with the real worker role, serving only the eligibility queue: submit,
 * the outbox relays the job, the worker checks, the result lands on the application.
 */
describe('eligibility check (worker)', () => {
  let t: TestApp;
  let programme: { code: string };
  let officer: Caller;

  beforeAll(async () => {
    t = await TestApp.start({ worker: true, env: { WORKER_QUEUES: 'eligibility' } });
    programme = await t.newProgramme();
    officer = await t.officer([programme.code]);
  });
  afterAll(() => t?.close());

  async function submit(overrides: Record<string, unknown> = {}, applicant?: Caller) {
    const caller = applicant ?? (await t.applicant());
    const reply = await caller.post('/api/v1/applications', applicationBody(programme.code, overrides));
    expect(reply.status).toBe(201);
    return { application: reply.body, applicant: caller };
  }

  const get = async (id: string) => {
    const reply = await officer.get(`/api/v1/applications/${id}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const outcomes = (application: any) =>
    Object.fromEntries(application.eligibility.checks.map((c: any) => [c.rule, c.outcome]));

  it('starts pending and passes all ten rules once the worker has checked it', async () => {
    const { application } = await submit();
    expect(application.eligibility).toEqual({ status: 'pending', checkedAt: null, checks: [] });
    await t.drain();

    const checked = await get(application.id);
    expect(checked.eligibility.status).toBe('passed');
    expect(Date.parse(checked.eligibility.checkedAt)).toBeGreaterThan(Date.parse(application.submittedAt) - 1000);
    expect(checked.eligibility.checks.map((c: any) => c.rule)).toEqual([...RULE_NAMES]);
    expect(checked.eligibility.checks).toHaveLength(10);
    for (const check of checked.eligibility.checks) {
      expect(check.outcome).toBe('pass');
      expect(check.message).toEqual(expect.any(String));
      expect(check.messageEn).toEqual(expect.any(String));
    }
    expect(checked.status).toBe('submitted');
    expect(checked.version).toBe(application.version); // not a transition
  });

  it('fails an applicant outside the region, asking too much, aged 70 at the start, with reasons in Dutch and English', async () => {
    const { application } = await submit({
      applicant: { postcode: '1011 AB', dateOfBirth: '1956-06-15' },
      training: { costCents: 200_000 },
      requestedAmountCents: 250_000,
    });
    await t.drain();

    const checked = await get(application.id);
    expect(checked.eligibility.status).toBe('failed');
    expect(checked.eligibility.checks).toHaveLength(10);
    const failed = checked.eligibility.checks.filter((c: any) => c.outcome === 'fail');
    expect(failed.map((c: any) => c.rule).sort()).toEqual(['age', 'amount', 'region']);
    const byRule = Object.fromEntries(failed.map((c: any) => [c.rule, c]));
    expect(byRule.region.message).toContain('De postcode van de aanvrager (1011) ligt niet in het gebied');
    expect(byRule.region.messageEn).toContain("The applicant's postcode (1011) does not lie in the programme's region");
    expect(byRule.amount.message).toContain('meer dan 100% van de opleidingskosten');
    expect(byRule.amount.messageEn).toContain('more than 100% of the training cost');
    expect(byRule.age.message).toContain('70 jaar');
    expect(byRule.age.messageEn).toContain('The applicant is 70 on the start date');
  });

  it("passes on the employer's postcode, and fails an employee with a deregistered KvK number", async () => {
    const employee = (kvkNumber: string) =>
      submit({
        applicant: { postcode: '1011 AB', targetGroup: 'employee' },
        employer: { name: 'Metaalbedrijf Twente BV', kvkNumber, postcode: '7521 AA' },
      });
    const { application: registered } = await employee('12345678');
    const { application: deregistered } = await employee('00000000');
    await t.drain();

    const ok = await get(registered.id);
    expect(outcomes(ok)).toMatchObject({ region: 'pass', 'employer-kvk': 'pass' });
    expect(ok.eligibility.status).toBe('passed');
    const gone = await get(deregistered.id);
    expect(outcomes(gone)['employer-kvk']).toBe('fail');
    expect(gone.eligibility.status).toBe('failed');
  });

  it('refuses review with 422 eligibility-pending until the check is done, then allows it', async () => {
    await t.stopWorker();
    try {
      const { application } = await submit();
      const early = await officer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'review' });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('eligibility-pending');
      expect((await get(application.id)).allowedActions).not.toContain('review');
      expect((await get(application.id)).status).toBe('submitted');

      await t.startWorker();
      await t.drain();
      const checked = await get(application.id);
      expect(checked.eligibility.status).toBe('passed');
      expect(checked.allowedActions).toContain('review');
      const review = await officer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'review' });
      expect(review.status).toBe(200);
      expect(review.body.status).toBe('reviewed');
    } finally {
      if (!t.worker) await t.startWorker();
    }
  });

  it('leaves the status alone when the check fails: the officer may still review or reject', async () => {
    const { application: toReview } = await submit({ applicant: { postcode: '1011 AB' } });
    const { application: toReject } = await submit({ applicant: { postcode: '1011 AB' } });
    await t.drain();

    const failed = await get(toReview.id);
    expect(failed.eligibility.status).toBe('failed');
    expect(failed.status).toBe('submitted');
    expect(failed.allowedActions).toEqual(expect.arrayContaining(['review', 'reject']));
    const history = await officer.get(`/api/v1/applications/${toReview.id}/history`);
    expect(history.body.items.map((h: any) => h.action)).toEqual(['submit']);

    const review = await officer.post(`/api/v1/applications/${toReview.id}/transitions`, { action: 'review' });
    expect(review.status).toBe(200);
    const reject = await officer.post(`/api/v1/applications/${toReject.id}/transitions`, {
      action: 'reject',
      reason: 'Woont en werkt buiten Overijssel.',
    });
    expect(reject.status).toBe(200);
    expect(reject.body.status).toBe('rejected');
  });

  it('changes nothing when the check runs a second time', async () => {
    const { application } = await submit();
    await t.drain();
    const [before] = await t.db.query(`SELECT version, eligibility, updated_at FROM applications WHERE id = $1`, [
      application.id,
    ]);
    expect(before.version).toBe(application.version);
    expect(before.eligibility.status).toBe('passed');

    const service = t.worker!.get(EligibilityService);
    await expect(service.check(application.id)).resolves.toBe('skipped');
    await expect(service.check(application.id)).resolves.toBe('skipped');

    const [after] = await t.db.query(`SELECT version, eligibility, updated_at FROM applications WHERE id = $1`, [
      application.id,
    ]);
    expect(after).toEqual(before);
  });

  it('skips an application that does not exist', async () => {
    const service = t.worker!.get(EligibilityService);
    await expect(service.check('00000000-0000-4000-8000-000000000000')).resolves.toBe('skipped');
    await expect(service.check('not-a-uuid')).resolves.toBe('skipped');
  });

  it("fails one-per-person for a second active application of the same owner, not for someone else's", async () => {
    const applicant = await t.applicant();
    const { application: first } = await submit({}, applicant);
    await t.drain();
    const { application: second } = await submit({}, applicant);
    const { application: stranger } = await submit();
    await t.drain();

    expect(outcomes(await get(first.id))['one-per-person']).toBe('pass');
    const again = await get(second.id);
    expect(again.eligibility.status).toBe('failed');
    const check = again.eligibility.checks.find((c: any) => c.rule === 'one-per-person');
    expect(check.outcome).toBe('fail');
    expect(check.message).toContain('al een eerdere lopende aanvraag');
    expect(check.messageEn).toContain('already has an earlier active application');
    expect(outcomes(await get(stranger.id))['one-per-person']).toBe('pass');
  });

  it('passes the first and fails the second of two applications checked only after both came in', async () => {
    await t.stopWorker();
    const applicant = await t.applicant();
    try {
      const { application: first } = await submit({}, applicant);
      const { application: second } = await submit({}, applicant);
      await t.startWorker();
      await t.drain();
      expect(outcomes(await get(first.id))['one-per-person']).toBe('pass');
      expect(outcomes(await get(second.id))['one-per-person']).toBe('fail');
    } finally {
      if (!t.worker) await t.startWorker();
    }
  });

  it('does not count a withdrawn application against one-per-person', async () => {
    const applicant = await t.applicant();
    const { application: first } = await submit({}, applicant);
    await t.drain();
    const withdraw = await applicant.post(`/api/v1/applications/${first.id}/transitions`, { action: 'withdraw' });
    expect(withdraw.status).toBe(200);
    const { application: second } = await submit({}, applicant);
    await t.drain();
    expect(outcomes(await get(second.id))['one-per-person']).toBe('pass');
  });

  it('counts granted vouchers of the provider against the cap, and reads the budget left', async () => {
    const small = await t.newProgramme({ providerCap: 2, budgetCents: 600_000 });
    const smallOfficer = await t.officer([small.code]);
    const granter = await t.officer([small.code]);
    const apply = async (provider = 'ROC van Twente') => {
      const reply = await (
        await t.applicant()
      ).post('/api/v1/applications', applicationBody(small.code, { training: { provider } }));
      expect(reply.status).toBe(201);
      return reply.body;
    };
    for (let i = 0; i < 2; i++) {
      const application = await apply(i === 0 ? 'ROC van Twente' : ' roc  VAN twente');
      await t.drain();
      expect(
        (await smallOfficer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'review' })).status,
      ).toBe(200);
      expect(
        (await granter.post(`/api/v1/applications/${application.id}/transitions`, { action: 'grant' })).status,
      ).toBe(200);
    }
    const capped = await apply();
    const elsewhere = await apply('De Techniek Academie');
    await t.drain();

    const view = async (id: string) => (await smallOfficer.get(`/api/v1/applications/${id}`)).body;
    const cappedView = await view(capped.id);
    expect(outcomes(cappedView)['provider-cap']).toBe('fail');
    expect(outcomes(cappedView).budget).toBe('warn'); // EUR 6,000 budget, EUR 5,000 committed
    expect(cappedView.eligibility.status).toBe('failed');
    expect(outcomes(await view(elsewhere.id))['provider-cap']).toBe('pass');
  });

  describe('with the worker stopped, checking by hand', () => {
    beforeAll(() => t.stopWorker());
    afterAll(async () => {
      await t.startWorker();
      await t.drain();
    });

    const EMPLOYEE = {
      applicant: { targetGroup: 'employee' },
      employer: { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' },
    };
    const version = async (id: string) =>
      (await t.db.query(`SELECT version FROM applications WHERE id = $1`, [id]))[0].version as number;

    it('stores one result when two runs of the job check at once, and leaves the version alone', async () => {
      // Both runs load the pending application before either stores: the register answers
      // only when we say so. The second store must find the check no longer pending.
      const gates: (() => void)[] = [];
      const slowKvk: KvkRegister = {
        isRegistered: () => new Promise((resolve) => gates.push(() => resolve(true))),
      };
      const service = new EligibilityService(t.db, slowKvk, new LocalTrainingRegister(), t.metrics);
      const { application } = await submit(EMPLOYEE);
      const before = await version(application.id);

      const first = service.check(application.id);
      const second = service.check(application.id);
      while (gates.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      gates[0]();
      await expect(first).resolves.toBe('done');
      gates[1]();
      await expect(second).resolves.toBe('skipped');

      expect(await version(application.id)).toBe(before);
      expect((await get(application.id)).eligibility.status).toBe('passed');
    });

    it('stores one result for two runs that finish together', async () => {
      const service = new EligibilityService(t.db, new LocalKvkRegister(), new LocalTrainingRegister(), t.metrics);
      const { application } = await submit();
      const before = await version(application.id);
      const outcomes = await Promise.all([service.check(application.id), service.check(application.id)]);
      expect(outcomes.sort()).toEqual(['done', 'skipped']);
      expect(await version(application.id)).toBe(before);
    });

    it('checks many applications at once, each with its own facts', async () => {
      const service = new EligibilityService(t.db, new LocalKvkRegister(), new LocalTrainingRegister(), t.metrics);
      const inside = await Promise.all([1, 2, 3, 4, 5].map(() => submit()));
      const outside = await Promise.all([1, 2, 3].map(() => submit({ applicant: { postcode: '9711 AA' } })));
      const all = [...inside, ...outside].map((s) => s.application.id);
      await expect(Promise.all(all.map((id) => service.check(id)))).resolves.toEqual(all.map(() => 'done'));
      for (const { application } of inside) expect((await get(application.id)).eligibility.status).toBe('passed');
      for (const { application } of outside) {
        const checked = await get(application.id);
        expect(checked.eligibility.status).toBe('failed');
        expect(outcomes(checked).region).toBe('fail');
      }
    });

    /** A KvK register that answers only when the test opens its gates, one per question. */
    const gatedKvk = () => {
      const gates: (() => void)[] = [];
      const register: KvkRegister = { isRegistered: () => new Promise((resolve) => gates.push(() => resolve(true))) };
      const asked = async (n: number) => {
        while (gates.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
      };
      return { register, gates, asked };
    };
    const rowCounts = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM application_history)::int AS history, (SELECT count(*) FROM outbox)::int AS outbox`,
        )
      )[0];

    it("stores one job's result and loads another job's facts in one statement", async () => {
      const statements: { name?: string; values?: unknown[] }[] = [];
      const pool = (t.db.driver as PostgresDriver).master as { query: (...args: any[]) => Promise<unknown> };
      const query = pool.query.bind(pool);
      const spy = jest.spyOn(pool, 'query').mockImplementation((...args: any[]) => {
        if (typeof args[0]?.name === 'string' && args[0].name.startsWith('eligibility')) statements.push(args[0]);
        return query(...args);
      });
      try {
        const kvk = gatedKvk();
        const service = new EligibilityService(t.db, kvk.register, new LocalTrainingRegister(), t.metrics);
        const [{ application: a }, { application: b }] = await Promise.all([submit(EMPLOYEE), submit()]);
        const first = service.check(a.id);
        await kvk.asked(1);
        // a's result is asked to be stored in the same turn as b's facts are asked for.
        kvk.gates[0]();
        const second = service.check(b.id);
        await expect(Promise.all([first, second])).resolves.toEqual(['done', 'done']);

        expect(statements).toHaveLength(3); // load a; store a + load b; store b
        const [load, stored] = statements[1].values as [string[], string];
        expect(load).toEqual([b.id]);
        expect((JSON.parse(stored) as { id: string }[]).map((r) => r.id)).toEqual([a.id]);
        for (const id of [a.id, b.id]) expect((await get(id)).eligibility.status).toBe('passed');
      } finally {
        spy.mockRestore();
      }
    });

    it('gives each of many concurrent checks its own result, once, writing no history or outbox row', async () => {
      const service = new EligibilityService(t.db, new LocalKvkRegister(), new LocalTrainingRegister(), t.metrics);
      const submitted = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          submit(i % 3 === 0 ? { applicant: { postcode: '9711 AA' } } : i % 3 === 1 ? EMPLOYEE : {}),
        ),
      );
      const ids = submitted.map((s) => s.application.id);
      const before = await rowCounts();
      // Each application asked twice, as a retried job would: one run stores, the other skips.
      const runs = await Promise.all([...ids, ...ids].map((id) => service.check(id)));
      expect(runs.slice(0, ids.length).map((o, i) => [o, runs[ids.length + i]].sort())).toEqual(
        ids.map(() => ['done', 'skipped']),
      );
      expect(await rowCounts()).toEqual(before);
      for (const [i, id] of ids.entries()) {
        const checked = await get(id);
        expect(checked.version).toBe(submitted[i].application.version);
        expect(checked.eligibility.status).toBe(i % 3 === 0 ? 'failed' : 'passed');
        expect(outcomes(checked).region).toBe(i % 3 === 0 ? 'fail' : 'pass');
        if (i % 3 === 1) expect(outcomes(checked)['employer-kvk']).toBe('pass');
      }
    });

    it('leaves an application whose check was stored meanwhile unchanged, and stores the rest of its batch', async () => {
      const kvk = gatedKvk();
      const service = new EligibilityService(t.db, kvk.register, new LocalTrainingRegister(), t.metrics);
      const ids = (await Promise.all([1, 2, 3, 4].map(() => submit(EMPLOYEE)))).map((s) => s.application.id);
      const runs = ids.map((id) => service.check(id));
      await kvk.asked(ids.length);
      const elsewhere = { status: 'failed', checkedAt: '2026-01-01T00:00:00.000Z', checks: [] };
      await t.db.query(`UPDATE applications SET eligibility = $2 WHERE id = $1`, [ids[1], elsewhere]);
      for (const open of kvk.gates) open();
      await expect(Promise.all(runs)).resolves.toEqual(['done', 'skipped', 'done', 'done']);
      expect((await get(ids[1])).eligibility).toEqual(elsewhere);
      for (const id of [ids[0], ids[2], ids[3]]) expect((await get(id)).eligibility.status).toBe('passed');
    });

    /** Runs `work` while the database refuses to store a result on application `id`: any statement storing it fails. */
    const refusingToStore = async (id: string, work: () => Promise<void>) => {
      await t.db.query(`
        CREATE FUNCTION test_refuse_eligibility() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused %', NEW.id; END $$`);
      await t.db.query(`
        CREATE TRIGGER test_refuse_eligibility BEFORE UPDATE OF eligibility ON applications
        FOR EACH ROW WHEN (NEW.id = '${id}') EXECUTE FUNCTION test_refuse_eligibility()`);
      try {
        await work();
      } finally {
        await t.db.query(`DROP TRIGGER test_refuse_eligibility ON applications`);
        await t.db.query(`DROP FUNCTION test_refuse_eligibility()`);
      }
    };

    it('runs the jobs of a failed batch statement one by one: only the application that fails alone fails', async () => {
      const service = new EligibilityService(t.db, new LocalKvkRegister(), new LocalTrainingRegister(), t.metrics);
      const ids = (await Promise.all([1, 2, 3, 4].map(() => submit()))).map((s) => s.application.id);
      await refusingToStore(ids[2], async () => {
        const runs = await Promise.allSettled(ids.map((id) => service.check(id)));
        expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        expect((runs[2] as PromiseRejectedResult).reason.message).toContain(`refused ${ids[2]}`);
        expect((await get(ids[2])).eligibility.status).toBe('pending');
        for (const id of [ids[0], ids[1], ids[3]]) expect((await get(id)).eligibility.status).toBe('passed');
      });
      // Once the database takes it again, the retried job stores it.
      await expect(service.check(ids[2])).resolves.toBe('done');
    });

    it('checks the applications of one job side by side; one that fails fails the job after the rest are stored', async () => {
      const service = new EligibilityService(t.db, new LocalKvkRegister(), new LocalTrainingRegister(), t.metrics);
      const ids = (await Promise.all([1, 2, 3, 4, 5].map(() => submit()))).map((s) => s.application.id);
      await refusingToStore(ids[1], async () => {
        await expect(service.checkAll(ids)).rejects.toThrow(`refused ${ids[1]}`);
        expect((await get(ids[1])).eligibility.status).toBe('pending');
        for (const id of [ids[0], ...ids.slice(2)]) expect((await get(id)).eligibility.status).toBe('passed');
      });
      // The retried job stores the one left and skips the rest; a job with nothing pending is skipped.
      await expect(service.checkAll(ids)).resolves.toBe('done');
      expect((await get(ids[1])).eligibility.status).toBe('passed');
      await expect(service.checkAll(ids)).resolves.toBe('skipped');
    });

    it('warns, and does not fail, when the KvK register is away or answers with an error', async () => {
      const away: KvkRegister = { isRegistered: async () => null };
      const broken: KvkRegister = {
        isRegistered: async () => {
          throw new Error('503 from the KvK API');
        },
      };
      for (const kvk of [away, broken]) {
        const { application } = await submit(EMPLOYEE);
        await new EligibilityService(t.db, kvk, new LocalTrainingRegister(), t.metrics).check(application.id);
        const checked = await get(application.id);
        expect(outcomes(checked)['employer-kvk']).toBe('warn');
        expect(checked.eligibility.status).toBe('passed');
      }
    });

    it('takes the training register into the provider check: unknown provider → warn', async () => {
      const register: TrainingRegister = { providerKnown: async (name) => name !== 'Beunhaas Opleidingen' };
      const service = new EligibilityService(t.db, new LocalKvkRegister(), register, t.metrics);
      const { application } = await submit({ training: { provider: 'Beunhaas Opleidingen' } });
      await service.check(application.id);
      const checked = await get(application.id);
      const check = checked.eligibility.checks.find((c: any) => c.rule === 'provider-cap');
      expect(check.outcome).toBe('warn');
      expect(check.messageEn).toContain('Beunhaas Opleidingen is not in the training register');
      expect(checked.eligibility.status).toBe('passed');
    });
  });

  it('binds the local registers in the module, where a real one can take their place', () => {
    expect(t.worker!.get(KVK_REGISTER, { strict: false })).toBeInstanceOf(LocalKvkRegister);
    expect(t.worker!.get(TRAINING_REGISTER, { strict: false })).toBeInstanceOf(LocalTrainingRegister);
  });
});
