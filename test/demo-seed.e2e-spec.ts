import { NestFactory } from '@nestjs/core';
import { TestApp } from './support';
import { DEMO_APPLICANTS, DEMO_PROGRAMMES } from '../src/entry/seed/demo-data';
import { seedDemo } from '../src/entry/seed/demo-seed';
import { SeedModule } from '../src/seed.module';

/** npm start and npm run seed: the demo programmes and an application in every state, once. */
describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('seeds both programmes with applications in every state, through the real services, once', async () => {
    const context = await NestFactory.createApplicationContext(SeedModule.forRoot(t.config), { logger: false });
    try {
      const lines: string[] = [];
      await seedDemo(context, (line) => lines.push(line));
      await seedDemo(context, (line) => lines.push(line));
      expect(lines).toEqual([
        `Seeded 2 programmes and ${DEMO_APPLICANTS.length} applications`,
        'Demo data is present already; nothing seeded',
      ]);
    } finally {
      await context.close();
    }

    for (const programme of DEMO_PROGRAMMES) {
      const states: { status: string }[] = await t.db.query(
        `SELECT DISTINCT status FROM applications WHERE programme_code = $1`,
        [programme.code],
      );
      const expected = DEMO_APPLICANTS.filter((d) => d.programme === programme.code).map((d) => d.status);
      expect(states.map((s) => s.status).sort()).toEqual([...new Set(expected)].sort());
    }
    const all: { status: string }[] = await t.db.query(`SELECT DISTINCT status FROM applications`);
    expect(all.map((s) => s.status).sort()).toEqual(
      [
        'completed',
        'expired',
        'granted',
        'information-requested',
        'not-considered',
        'objection',
        'rejected',
        'reviewed',
        'submitted',
        'withdrawn',
      ].sort(),
    );

    // Every check ran, history matches the version, and the programme counters match the vouchers.
    const [{ pending }] = await t.db.query(
      `SELECT count(*)::int AS pending FROM applications WHERE eligibility->>'status' = 'pending'`,
    );
    expect(pending).toBe(0);
    const [{ broken }] = await t.db.query(
      `SELECT count(*)::int AS broken FROM applications a
       WHERE a.version <> (SELECT count(*) FROM application_history h WHERE h.application_id = a.id)`,
    );
    expect(broken).toBe(0);
    const counters = await t.db.query(
      `SELECT p.code, p.committed_cents::int AS committed, p.spent_cents::int AS spent,
              coalesce(sum(a.granted_amount_cents) FILTER (WHERE a.status = 'granted'), 0)::int AS granted_sum,
              coalesce(sum(a.granted_amount_cents) FILTER (WHERE a.status = 'completed'), 0)::int AS completed_sum
       FROM programmes p LEFT JOIN applications a ON a.programme_id = p.id GROUP BY p.code, p.committed_cents, p.spent_cents`,
    );
    for (const c of counters) {
      expect(c.committed).toBe(c.granted_sum);
      expect(c.spent).toBe(c.completed_sum);
    }
  });
});
