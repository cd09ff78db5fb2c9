import { applicationBody, Caller, programmeBody, Reply, TEST_SECRET, TestApp } from './support';
import { signLocalToken } from '../src/platform/auth/token-signer';

/**
 * Invariant 7 as a table: who may call which endpoint, and what they are told when they may not.
 * 401 without (valid) token, 403 for a role that may not act at all, 404 for a resource outside
 * the caller's scope (indistinguishable from one that does not exist), 200/201 otherwise.
 */

const CALLERS = [
  'anonymous',
  'owner', // the applicant who owns the application (programme A)
  'otherApplicant',
  'officerInScope', // officer for programme A
  'officerOutOfScope', // officer for programme B only
  'officerAll', // officer with ['*']
  'provincial', // provincial staff of the programme's own province (OV)
  'admin',
] as const;
type Who = (typeof CALLERS)[number];

type Method = 'GET' | 'POST' | 'PATCH';
interface Req {
  method: Method;
  url: string;
  body?: unknown;
}

/** What every row's request may use: the programmes and the application the table speaks about. */
interface World {
  t: TestApp;
  callers: Record<Who, Caller>;
  progA: string;
  progB: string;
  /** An application of `owner` in programme A, never changed by the table. */
  appA: string;
  /** A fresh application of `owner` in programme A, for rows that change it. */
  freshApplication(): Promise<string>;
}

const UNKNOWN_ID = '4f1c3a5e-9b7d-4e2a-8c6f-0123456789ab';

/** The action each caller tries: the one their role may take (applicants withdraw, officers review). */
const OWN_ACTION: Record<Who, string> = {
  anonymous: 'review',
  owner: 'withdraw',
  otherApplicant: 'withdraw',
  officerInScope: 'review',
  officerOutOfScope: 'review',
  officerAll: 'review',
  provincial: 'review',
  admin: 'review',
};
/** ... and the one their role may not take. */
const FOREIGN_ACTION: Record<Who, string> = {
  anonymous: 'withdraw',
  owner: 'review',
  otherApplicant: 'review',
  officerInScope: 'withdraw',
  officerOutOfScope: 'withdraw',
  officerAll: 'withdraw',
  provincial: 'withdraw',
  admin: 'withdraw',
};

interface Row {
  endpoint: string;
  expected: Record<Who, number>;
  request: (w: World, who: Who) => Req | Promise<Req>;
}

function row(endpoint: string, statuses: number[], request: Row['request']): Row {
  if (statuses.length !== CALLERS.length) throw new Error(`${endpoint}: one status per caller`);
  endpoint = endpoint.replace(/\s+/g, ' ');
  const expected = Object.fromEntries(CALLERS.map((who, i) => [who, statuses[i]])) as Record<Who, number>;
  return { endpoint, expected, request };
}

// prettier-ignore
const MATRIX: Row[] = [
  //                                                        anon owner other offIn offOut off*  prov admin
  row('GET    /api/v1/programmes',                          [200, 200,  200,  200,  200,   200,  200, 200],
    () => ({ method: 'GET', url: '/api/v1/programmes' })),
  row('GET    /api/v1/programmes/{code}',                   [200, 200,  200,  200,  200,   200,  200, 200],
    (w) => ({ method: 'GET', url: `/api/v1/programmes/${w.progA}` })),
  row('GET    /api/v1/programmes/{unknown code}',           [404, 404,  404,  404,  404,   404,  404, 404],
    () => ({ method: 'GET', url: '/api/v1/programmes/no-such-programme' })),
  row('POST   /api/v1/programmes',                          [401, 403,  403,  403,  403,   403,  403, 201],
    (w) => ({ method: 'POST', url: '/api/v1/programmes', body: programmeBody({ code: w.t.unique('matrix') }) })),
  row('PATCH  /api/v1/programmes/{code}',                   [401, 403,  403,  403,  403,   403,  403, 200],
    (w) => ({ method: 'PATCH', url: `/api/v1/programmes/${w.progA}`, body: { name: 'Renamed by the matrix' } })),
  row('PATCH  /api/v1/programmes/{unknown code}',           [401, 403,  403,  403,  403,   403,  403, 404],
    () => ({ method: 'PATCH', url: '/api/v1/programmes/no-such-programme', body: { name: 'x' } })),
  row('POST   /api/v1/applications',                        [401, 201,  201,  403,  403,   403,  403, 403],
    (w) => ({ method: 'POST', url: '/api/v1/applications', body: applicationBody(w.progA) })),
  row('GET    /api/v1/applications',                        [401, 200,  200,  200,  200,   200,  403, 200],
    () => ({ method: 'GET', url: '/api/v1/applications' })),
  row('GET    /api/v1/applications/{id}',                   [401, 200,  404,  200,  404,   200,  404, 200],
    (w) => ({ method: 'GET', url: `/api/v1/applications/${w.appA}` })),
  row('GET    /api/v1/applications/{unknown id}',           [401, 404,  404,  404,  404,   404,  404, 404],
    () => ({ method: 'GET', url: `/api/v1/applications/${UNKNOWN_ID}` })),
  row('GET    /api/v1/applications/{not a uuid}',           [401, 404,  404,  404,  404,   404,  404, 404],
    () => ({ method: 'GET', url: '/api/v1/applications/not-a-uuid' })),
  row('GET    /api/v1/applications/{id}/history',           [401, 200,  404,  200,  404,   200,  404, 200],
    (w) => ({ method: 'GET', url: `/api/v1/applications/${w.appA}/history` })),
  row('GET    /api/v1/applications/{unknown id}/history',   [401, 404,  404,  404,  404,   404,  404, 404],
    () => ({ method: 'GET', url: `/api/v1/applications/${UNKNOWN_ID}/history` })),
  row('POST   /api/v1/applications/{id}/transitions (own role\'s action)',
                                                            [401, 200,  404,  200,  404,   200,  404, 403],
    async (w, who) => ({
      method: 'POST',
      url: `/api/v1/applications/${await w.freshApplication()}/transitions`,
      body: { action: OWN_ACTION[who] },
    })),
  row('POST   /api/v1/applications/{id}/transitions (other role\'s action)',
                                                            [401, 403,  404,  403,  404,   403,  404, 403],
    async (w, who) => ({
      method: 'POST',
      url: `/api/v1/applications/${await w.freshApplication()}/transitions`,
      body: { action: FOREIGN_ACTION[who] },
    })),
  row('POST   /api/v1/applications/{unknown id}/transitions',
                                                            [401, 404,  404,  404,  404,   404,  404, 404],
    (_w, who) => ({
      method: 'POST',
      url: `/api/v1/applications/${UNKNOWN_ID}/transitions`,
      body: { action: OWN_ACTION[who] },
    })),
];

const CODE_OF: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found' };

function send(caller: Caller, req: Req) {
  return caller.request(req.method, req.url, req.body);
}

function expectProblem(reply: { status: number; headers: Record<string, unknown>; body: any }, status: number) {
  expect(reply.status).toBe(status);
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ status, code: CODE_OF[status] });
}

describe('access matrix (invariant 7)', () => {
  let t: TestApp;
  const w = {} as World;

  beforeAll(async () => {
    t = await TestApp.start();
    const progA = await t.newProgramme();
    const progB = await t.newProgramme();
    const owner = await t.applicant();
    const callers: Record<Who, Caller> = {
      anonymous: t.anonymous,
      owner,
      otherApplicant: await t.applicant(),
      officerInScope: await t.officer([progA.code]),
      officerOutOfScope: await t.officer([progB.code]),
      officerAll: await t.officer(['*']),
      provincial: await t.provincial('OV'),
      admin: await t.admin(),
    };
    const { application } = await t.newApplication(progA.code, { applicant: owner });
    Object.assign(w, {
      t,
      callers,
      progA: progA.code,
      progB: progB.code,
      appA: application.id,
      freshApplication: async () => (await t.newApplication(progA.code, { applicant: owner })).application.id,
    });
  });
  afterAll(() => t?.close());

  const cases = MATRIX.flatMap((r) => CALLERS.map((who) => [r.endpoint, who, r.expected[who], r] as const));

  it.each(cases)('%s as %s → %i', async (_endpoint, who, status, r) => {
    const reply = await send(w.callers[who], await r.request(w, who));
    if (status >= 400) {
      expectProblem(reply, status);
    } else {
      expect({ status: reply.status, body: reply.body }).toMatchObject({ status });
      expect(String(reply.headers['content-type'])).toMatch(/^application\/json/);
    }
  });

  it('tells an out-of-scope caller exactly what it tells about an id that does not exist', async () => {
    for (const who of ['otherApplicant', 'officerOutOfScope', 'provincial'] as const) {
      for (const suffix of ['', '/history']) {
        const hidden = await w.callers[who].get(`/api/v1/applications/${w.appA}${suffix}`);
        const missing = await w.callers[who].get(`/api/v1/applications/${UNKNOWN_ID}${suffix}`);
        expect(hidden.status).toBe(404);
        expect({ status: hidden.status, body: hidden.body }).toEqual({ status: missing.status, body: missing.body });
        expect(JSON.stringify(hidden.body)).not.toContain(w.appA);
      }
    }
  });

  it('leaves an application untouched when a transition is refused for scope or role', async () => {
    const id = await w.freshApplication();
    for (const who of ['otherApplicant', 'officerOutOfScope', 'provincial', 'admin'] as const) {
      await w.callers[who].post(`/api/v1/applications/${id}/transitions`, { action: OWN_ACTION[who], reason: 'x' });
    }
    await w.callers.owner.post(`/api/v1/applications/${id}/transitions`, { action: 'review' });
    const [row] = await t.db.query(`SELECT status, version FROM applications WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'submitted', version: 1 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM application_history WHERE application_id = $1`, [
      id,
    ]);
    expect(n).toBe(1);
  });

  describe('lists return only what the caller may see', () => {
    let progC: string;
    let owner: Caller;
    let ownerSub: string;

    /** Every item of a list, following nextCursor with a small page size. */
    async function listAll(caller: Caller, query = ''): Promise<any[]> {
      const items: any[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 500; page++) {
        const url: string = `/api/v1/applications?limit=3${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const reply: Reply<{ items: any[]; nextCursor: string | null }> = await caller.get(url);
        expect(reply.status).toBe(200);
        items.push(...reply.body.items);
        cursor = reply.body.nextCursor;
        if (!cursor) return items;
      }
      throw new Error('list did not end');
    }

    async function idsWhere(sql: string, params: unknown[] = []): Promise<string[]> {
      const rows: { id: string }[] = await t.db.query(`SELECT id FROM applications WHERE ${sql}`, params);
      return rows.map((r) => r.id).sort();
    }
    const ids = (items: any[]) => items.map((i) => i.id).sort();

    beforeAll(async () => {
      progC = (await t.newProgramme()).code;
      ownerSub = t.unique('lister');
      owner = await t.applicant(ownerSub);
      // Applications of several people across three programmes.
      for (const programme of [w.progA, w.progB, progC]) {
        await t.newApplication(programme, { applicant: owner });
        await t.newApplication(programme);
        await t.newApplication(programme);
      }
    });

    it('gives an applicant their own applications only', async () => {
      const items = await listAll(owner);
      expect(ids(items)).toEqual(await idsWhere('owner_id = $1', [ownerSub]));
      expect(items).toHaveLength(3);
      const other = await listAll(await t.applicant());
      expect(other).toEqual([]);
    });

    it('gives an applicant nothing of others when filtering by programme', async () => {
      const items = await listAll(owner, `&programme=${w.progB}`);
      expect(ids(items)).toEqual(await idsWhere('owner_id = $1 AND programme_code = $2', [ownerSub, w.progB]));
      expect(items).toHaveLength(1);
    });

    it('gives an officer only the programmes in scope', async () => {
      const items = await listAll(w.callers.officerInScope);
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.programmeCode))).toEqual(new Set([w.progA]));
      expect(ids(items)).toEqual(await idsWhere('programme_code = $1', [w.progA]));

      const two = await t.officer([w.progB, progC]);
      const twoItems = await listAll(two);
      expect(ids(twoItems)).toEqual(await idsWhere('programme_code = ANY($1)', [[w.progB, progC]]));
    });

    it('does not widen an officer scope through the programme filter', async () => {
      expect(await listAll(w.callers.officerInScope, `&programme=${w.progB}`)).toEqual([]);
      expect(await listAll(w.callers.officerInScope, `&programme=${progC}`)).toEqual([]);
    });

    it('gives an officer with ["*"] and an admin everything', async () => {
      const all = await idsWhere('true');
      expect(all.length).toBeGreaterThan(9);
      expect(ids(await listAll(w.callers.officerAll))).toEqual(all);
      expect(ids(await listAll(w.callers.admin))).toEqual(all);
    });

    it('gives an officer with an empty scope nothing', async () => {
      expect(await listAll(await t.officer([]))).toEqual([]);
    });

    it('refuses the list to provincial staff', async () => {
      expectProblem(await w.callers.provincial.get('/api/v1/applications'), 403);
    });
  });

  describe('tokens that must not authenticate', () => {
    const badTokens: [string, () => Promise<string>][] = [
      [
        'signed with the wrong secret',
        () => signLocalToken('not-the-test-secret-0123456789', { sub: 'admin-1', role: 'admin' }),
      ],
      ['expired', () => signLocalToken(TEST_SECRET, { sub: 'admin-1', role: 'admin' }, '-1m')],
      ["with role 'system'", () => signLocalToken(TEST_SECRET, { sub: 'system', role: 'system', programmes: ['*'] })],
      ['with an unknown role', () => signLocalToken(TEST_SECRET, { sub: 'x-1', role: 'superuser' })],
      ['that is not a JWT', async () => 'not.a.jwt'],
    ];

    // A bad token is worth exactly as much as no token: every row answers it as it answers anonymous.
    const tokenCases = badTokens.flatMap(([label, make]) =>
      MATRIX.map((r) => [label, r.endpoint, r.expected.anonymous, make, r] as const),
    );

    it.each(tokenCases)('a token %s on %s → %i', async (_label, _endpoint, status, make, r) => {
      const caller = new Caller(t.app, await make());
      const reply = await send(caller, await r.request(w, 'anonymous'));
      expect(reply.status).toBe(status);
      if (status >= 400) expectProblem(reply, status);
    });

    it("cannot read an application with role 'system', which the server itself may see", async () => {
      const token = await signLocalToken(TEST_SECRET, { sub: 'system', role: 'system', programmes: ['*'] });
      const reply = await new Caller(t.app, token).get(`/api/v1/applications/${w.appA}`);
      expectProblem(reply, 401);
      expect(JSON.stringify(reply.body)).not.toContain(w.appA);
    });
  });
});
