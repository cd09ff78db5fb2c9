import { applicationBody, Caller, programmeBody, Reply, TestApp } from './support';
import {
  APPLICATION_LEAVES,
  EMPLOYER,
  Hostile,
  Json,
  Leaf,
  MAX_CENTS,
  NOT_A_BOOLEAN,
  NOT_A_NUMBER,
  NOT_A_STRING,
  applicationCases,
  deepObject,
  deletePath,
  setPath,
  show,
  withRaw,
  withRawKey,
} from './support/hostile-bodies';
import fc from 'fast-check';

/**
 * Invariant 8: bad input never yields a 5xx. Every malformed or hostile body gets a 4xx
 * application/problem+json with a `code`; a field-level problem names the field with a dotted
 * path (`applicant.postcode`), a body that is bad as a whole names `body`. Nothing is written.
 */

// ---------------------------------------------------------------------------------------------
// POST /api/v1/programmes and PATCH /api/v1/programmes/{code}

const PROGRAMME_LEAVES: { path: string; wrong: unknown[]; also?: string[] }[] = [
  { path: 'code', wrong: [...NOT_A_STRING, '', 'a', 'OV-2027', 'ov 2027', '-ov', 'x'.repeat(41), 'ov_2027', '../etc'] },
  { path: 'name', wrong: [...NOT_A_STRING, '', 'x'.repeat(201)] },
  { path: 'province', wrong: [...NOT_A_STRING, '', 'ov', 'OVE', 'O', 'O1'] },
  { path: 'funders', wrong: ['OTIB', 1, null, {}, [1], [null], [['OTIB']], ['x'.repeat(201)], Array(21).fill('f')] },
  { path: 'budgetCents', wrong: [...NOT_A_NUMBER, -1, 1.5, 1e13, 1e20] },
  { path: 'minAmountCents', wrong: [...NOT_A_NUMBER, -1, 0, 1.5, MAX_CENTS + 1], also: ['maxAmountCents'] },
  { path: 'maxAmountCents', wrong: [...NOT_A_NUMBER, -1, 0, 1.5, 99_999, MAX_CENTS + 1] },
  { path: 'maxCoFundingPercent', wrong: [...NOT_A_NUMBER, 0, 101, 50.5, -10] },
  {
    path: 'opensAt',
    wrong: [...NOT_A_STRING, '', 'tomorrow', '2027-02-30T00:00:00+01:00', '2027-01-01 00:00:00', 'x'.repeat(41)],
    also: ['closesAt'],
  },
  { path: 'closesAt', wrong: [...NOT_A_STRING, '', '2025-01-01T00:00:00+01:00', '31-12-2030'] },
  { path: 'region', wrong: ['x', 1, true, null, [], [['7400', '7799']], {}] },
  {
    path: 'region.postcodeRanges',
    wrong: [
      '7400-7799',
      null,
      [],
      [['7799', '7400']],
      [['7400']],
      [['0400', '0799']],
      [[7400, 7799]],
      [['7400', '7799', '7800']],
      {},
    ],
  },
  { path: 'targetGroups', wrong: ['employee', null, [], ['student'], ['employee', 'employee'], [1], {}] },
  { path: 'trainingKinds', wrong: ['upskilling', null, [], ['training'], ['upskilling', 'upskilling'], {}] },
  {
    path: 'milestones',
    wrong: [
      '750',
      null,
      [0],
      [-1],
      [1.5],
      ['750'],
      [750, 750],
      [1e8],
      Array(101)
        .fill(0)
        .map((_, i) => i + 1),
      {},
    ],
  },
  { path: 'targets', wrong: ['x', 1, null, [], [{ vouchers: 1 }]] },
  { path: 'targets.vouchers', wrong: ['470', -1, 1.5, 1e8, true, [], {}] },
  { path: 'fourEyes', wrong: NOT_A_BOOLEAN },
  { path: 'voucherValidityDays', wrong: [...NOT_A_NUMBER, 0, -1, 3651, 1.5] },
  { path: 'providerCap', wrong: ['300', 0, -1, 1.5, 1_000_001, true, [], {}] },
];

function programmeCases(): Hostile[] {
  // A code of its own per case: one body wrongly accepted must not turn the next into a 409.
  let n = 0;
  const valid = () => programmeBody({ code: `hostile-p${++n}` });
  const cases: Hostile[] = [];
  const add = (label: string, body: Json, field: string | string[], also?: string[]) =>
    cases.push({ label, raw: JSON.stringify(body), field, also });
  for (const leaf of PROGRAMME_LEAVES) {
    for (const value of leaf.wrong)
      add(`${leaf.path} = ${show(value)}`, setPath(valid(), leaf.path, value), leaf.path, leaf.also);
    if (leaf.path !== 'providerCap' && leaf.path !== 'targets.vouchers') {
      add(`${leaf.path} missing`, deletePath(valid(), leaf.path), leaf.path);
    }
  }
  for (const key of [
    'id',
    'grantedCount',
    'committedCents',
    'spentCents',
    'availableCents',
    'status',
    'region.foo',
    'targets.foo',
  ]) {
    add(`unknown field ${key}`, setPath(valid(), key, 1), key);
  }
  for (const key of ['constructor', 'toString', 'region.constructor', 'targets.valueOf']) {
    add(`Object.prototype name as field: ${key}`, setPath(valid(), key, 1), key);
  }
  add(
    'closesAt before opensAt',
    { ...valid(), opensAt: '2030-01-01T00:00:00+01:00', closesAt: '2029-01-01T00:00:00+01:00' },
    'closesAt',
  );
  add(
    'maxAmountCents below minAmountCents',
    { ...valid(), minAmountCents: 300_000, maxAmountCents: 100_000 },
    'maxAmountCents',
  );
  cases.push({ label: '__proto__ at the top', raw: withRawKey(valid(), '', '"__proto__":{"x":1}'), field: 'body' });
  cases.push({
    label: 'object 5000 deep in region',
    raw: withRaw(valid(), 'region', deepObject(5_000)),
    field: ['region', 'body'],
  });
  for (const value of [[], 'x', 1, null, true]) add(`body = ${show(value)}`, value, 'body');
  return cases;
}

/** PATCH bodies: every field is optional, but present means valid — null included. */
function programmePatchCases(): Hostile[] {
  const cases: Hostile[] = [];
  const nullable = new Set(['providerCap']);
  for (const leaf of PROGRAMME_LEAVES.filter((l) => !l.path.includes('.') && l.path !== 'code')) {
    for (const value of [null, ...leaf.wrong.filter((v) => v !== null).slice(0, 3)]) {
      if (value === null && nullable.has(leaf.path)) continue;
      cases.push({
        label: `${leaf.path} = ${show(value)}`,
        raw: JSON.stringify({ [leaf.path]: value }),
        field: leaf.path,
        also: leaf.also,
      });
    }
  }
  for (const key of ['code', 'grantedCount', 'committedCents', 'spentCents', 'id']) {
    cases.push({ label: `${key} (not writable)`, raw: JSON.stringify({ [key]: 'x' }), field: key });
  }
  cases.push({
    label: 'maxAmountCents below the current minAmountCents',
    raw: JSON.stringify({ maxAmountCents: 50_000 }),
    field: 'maxAmountCents',
  });
  cases.push({
    label: 'closesAt before the current opensAt',
    raw: JSON.stringify({ closesAt: '2020-01-01T00:00:00+01:00' }),
    field: 'closesAt',
  });
  for (const value of [[], 'x', null])
    cases.push({ label: `body = ${show(value)}`, raw: JSON.stringify(value), field: 'body' });
  return cases;
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/applications/{id}/transitions

function transitionCases(): Hostile[] {
  const cases: Hostile[] = [];
  const add = (label: string, body: Json, field: string) => cases.push({ label, raw: JSON.stringify(body), field });
  for (const action of [
    ...NOT_A_STRING,
    '',
    'REVIEW',
    'Review',
    ' review',
    'approve',
    'submit',
    'expire',
    '__proto__',
    'constructor',
    'toString',
  ]) {
    add(`action = ${show(action)}`, { action }, 'action');
  }
  add('action missing', { reason: 'x' }, 'action');
  for (const reason of [1, true, [], ['x'], {}, 'x'.repeat(2001)])
    add(`reason = ${show(reason)}`, { action: 'reject', reason }, 'reason');
  for (const amountCents of [...NOT_A_NUMBER.filter((v) => v !== null), -1, 0, 1.5, 1e20, MAX_CENTS + 1]) {
    add(`amountCents = ${show(amountCents)}`, { action: 'grant', amountCents }, 'amountCents');
  }
  for (const key of ['status', 'version', 'to', 'from', 'actor', 'ordinal', 'constructor', 'hasOwnProperty']) {
    add(`unknown field ${key}`, { action: 'review', [key]: 'x' }, key);
  }
  for (const value of [[], [{ action: 'review' }], 'review', 1, null, true])
    add(`body = ${show(value)}`, value, 'body');
  cases.push({ label: '__proto__ pollution', raw: '{"action":"review","__proto__":{"role":"admin"}}', field: 'body' });
  cases.push({
    label: 'reason 100 KB',
    raw: JSON.stringify({ action: 'reject', reason: 'x'.repeat(100 * 1024) }),
    field: 'body',
    status: 413,
  });
  cases.push({
    label: 'an object 5000 deep',
    raw: `{"action":"review","extra":${deepObject(5_000)}}`,
    field: ['extra', 'body'],
  });
  return cases;
}

// ---------------------------------------------------------------------------------------------
// the assertion every hostile request must pass

function expectRefused(reply: Reply, c: Pick<Hostile, 'field' | 'also' | 'status'>) {
  const status = c.status ?? 400;
  // one object, so a failure prints the whole answer
  expect({ status: reply.status, body: reply.body }).toMatchObject({
    status,
    body: {
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: expect.any(String),
    },
  });
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const params: { name: string; reason: string }[] = reply.body.invalidParams ?? [];
  const names = params.map((p) => p.name);
  const fields = ([] as string[]).concat(c.field);
  const within = (name: string, field: string) => name === field || name.startsWith(`${field}.`);
  expect({ fields, named: names.some((n) => fields.some((f) => within(n, f))), names }).toMatchObject({ named: true });
  const allowed = [...fields, ...(c.also ?? [])];
  const strays = names.filter((n) => !allowed.some((f) => within(n, f)));
  expect({ fields, strays }).toEqual({ fields, strays: [] });
  for (const p of params)
    expect({ param: p, hasReason: typeof p.reason === 'string' && p.reason.length > 0 }).toMatchObject({
      hasReason: true,
    });
}

function send(caller: Caller, method: 'POST' | 'PATCH', url: string, raw: string) {
  return caller.request(method, url, raw, { 'content-type': 'application/json' });
}

const WRITTEN_TABLES = ['applications', 'application_history', 'outbox', 'milestones'];

/**
 * fast-check runs are seeded so that a run is reproducible (fast-check also draws keys such as
 * __proto__, constructor and toString); FC_SEED=<n> explores other inputs, FC_RUNS=<n> more of them.
 */
const fcOptions = (numRuns: number) => ({
  seed: Number(process.env.FC_SEED ?? 8_2027),
  numRuns: Number(process.env.FC_RUNS ?? numRuns),
});

// ---------------------------------------------------------------------------------------------

describe('hostile input (invariant 8)', () => {
  let t: TestApp;
  let applicant: Caller;
  let admin: Caller;
  let officer: Caller;
  let programmeCode: string;
  /** Programmes made for the PATCH cases, one each. */
  const patchTargets: string[] = [];

  // The programme must exist so that a body that slipped through validation would be accepted
  // (and show up as a written row) instead of failing on an unknown programme.
  const PROGRAMME = 'hostile-target';
  const APPLICATION_CASES = applicationCases(PROGRAMME);
  const PROGRAMME_CASES = programmeCases();
  const PATCH_CASES = programmePatchCases();
  const TRANSITION_CASES = transitionCases();

  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const programmeRow = async (code: string) =>
    (await t.db.query(`SELECT * FROM programmes WHERE code = $1`, [code]))[0];

  beforeAll(async () => {
    t = await TestApp.start();
    programmeCode = (await t.newProgramme({ code: PROGRAMME })).code;
    applicant = await t.applicant();
    admin = await t.admin();
    officer = await t.officer(['*']);
  });
  afterAll(() => t?.close());

  it('has at least 200 hostile application bodies, and many more in all', () => {
    expect(programmeCode).toBe(PROGRAMME);
    expect(APPLICATION_CASES.length).toBeGreaterThanOrEqual(200);
    expect(new Set(APPLICATION_CASES.map((c) => c.label)).size).toBe(APPLICATION_CASES.length);
    expect(
      APPLICATION_CASES.length + PROGRAMME_CASES.length + PATCH_CASES.length + TRANSITION_CASES.length,
    ).toBeGreaterThan(450);
  });

  describe('POST /api/v1/applications', () => {
    it.each(APPLICATION_CASES.map((c) => [c.label, c] as const))('refuses %s', async (_label, c) => {
      expectRefused(await send(applicant, 'POST', '/api/v1/applications', c.raw), c);
    });

    it('refuses arbitrary JSON values (fast-check)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (value) => {
          const reply = await send(applicant, 'POST', '/api/v1/applications', JSON.stringify(value));
          expect(reply.status).toBeGreaterThanOrEqual(400);
          expect(reply.status).toBeLessThan(500);
          expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
          expect(reply.body).toMatchObject({ status: reply.status, code: expect.any(String) });
          if (reply.status === 400) expect(reply.body.invalidParams?.length).toBeGreaterThan(0);
        }),
        fcOptions(150),
      );
    });

    it('refuses arbitrary JSON objects mixed into a valid body (fast-check)', async () => {
      const valid = applicationBody(PROGRAMME);
      const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !Object.hasOwn(valid, k));
      await fc.assert(
        fc.asyncProperty(fc.dictionary(key, fc.jsonValue(), { minKeys: 1, maxKeys: 4 }), async (extra) => {
          const raw = JSON.stringify({ ...valid, ...extra });
          const reply = await send(applicant, 'POST', '/api/v1/applications', raw);
          expect(reply.status).toBeGreaterThanOrEqual(400);
          expect(reply.status).toBeLessThan(500);
          expect(reply.body).toMatchObject({ status: reply.status, code: expect.any(String) });
        }),
        fcOptions(100),
      );
    });

    it('names the field when one leaf holds an arbitrary value of the wrong type (fast-check)', async () => {
      const valid = applicationBody(PROGRAMME, { employer: EMPLOYER });
      const wrongFor = (leaf: Leaf) =>
        fc.jsonValue().filter((v) => {
          if (v === null) return !leaf.optional; // null on an optional field is pinned above
          if (leaf.kind === 'money') return !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_CENTS);
          if (leaf.kind === 'boolean') return typeof v !== 'boolean';
          return typeof v !== 'string';
        });
      const arbitrary = fc
        .constantFrom(...APPLICATION_LEAVES)
        .chain((leaf) => fc.tuple(fc.constant(leaf), wrongFor(leaf)));
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([leaf, value]) => {
          const reply = await send(
            applicant,
            'POST',
            '/api/v1/applications',
            JSON.stringify(setPath(valid, leaf.path, value)),
          );
          expectRefused(reply, { field: leaf.path });
        }),
        fcOptions(150),
      );
    });
  });

  describe('POST /api/v1/programmes', () => {
    it.each(PROGRAMME_CASES.map((c) => [c.label, c] as const))('refuses %s', async (_label, c) => {
      expectRefused(await send(admin, 'POST', '/api/v1/programmes', c.raw), c);
    });
  });

  describe('PATCH /api/v1/programmes/{code}', () => {
    it.each(PATCH_CASES.map((c) => [c.label, c] as const))(
      'refuses %s and leaves the programme as it was',
      async (_label, c) => {
        const { code } = await t.newProgramme();
        patchTargets.push(code);
        const before = await programmeRow(code);
        expectRefused(await send(admin, 'PATCH', `/api/v1/programmes/${code}`, c.raw), c);
        expect(await programmeRow(code)).toEqual(before);
      },
    );
  });

  describe('POST /api/v1/applications/{id}/transitions (to an id that does not exist)', () => {
    it.each(TRANSITION_CASES.map((c) => [c.label, c] as const))('refuses %s', async (_label, c) => {
      const url = '/api/v1/applications/00000000-0000-4000-8000-000000000000/transitions';
      expectRefused(await send(officer, 'POST', url, c.raw), c);
    });
  });

  it('wrote nothing: no application, history, outbox or milestone row, no programme', async () => {
    for (const table of WRITTEN_TABLES) expect({ table, rows: await count(table) }).toEqual({ table, rows: 0 });
    const programmes: { code: string }[] = await t.db.query(`SELECT code FROM programmes`);
    expect(programmes.map((p) => p.code).sort()).toEqual([PROGRAMME, ...patchTargets].sort());
  });

  describe('hostile transition bodies on a real application', () => {
    it.each(TRANSITION_CASES.map((c) => [c.label, c] as const))('refuses %s and changes nothing', async (_label, c) => {
      const { id } = (await t.newApplication(PROGRAMME)).application;
      const before = await t.db.query(`SELECT * FROM applications WHERE id = $1`, [id]);
      const outbox = await count('outbox');
      expectRefused(await send(officer, 'POST', `/api/v1/applications/${id}/transitions`, c.raw), c);
      expect(await t.db.query(`SELECT * FROM applications WHERE id = $1`, [id])).toEqual(before);
      const history = await t.db.query(`SELECT action FROM application_history WHERE application_id = $1`, [id]);
      expect(history).toEqual([{ action: 'submit' }]);
      expect(await count('outbox')).toBe(outbox);
    });
  });
});
