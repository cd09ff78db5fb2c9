import { SignJWT } from 'jose';
import { applicationBody, Caller, programmeBody, Reply, TEST_SECRET, TestApp } from './support';

/**
 * Issue 9: what enters (NUL bytes, malformed paths, overlong parameters, odd token claims) never
 * makes a 5xx, every error leaves as problem+json with our own code, and every response carries
 * the security headers. The NUL and path cases are generated from the OpenAPI document the app
 * serves, so a new route, parameter or body field is covered without touching this file.
 */

type Json = any;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Operation {
  label: string;
  method: Method;
  /** OpenAPI template, e.g. /api/v1/programmes/{code}. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** null when the operation takes no body. */
  bodySchema: Json;
  isPublic: boolean;
}

const OUR_CODES = [
  'invalid-request',
  'unauthenticated',
  'forbidden',
  'not-found',
  'method-not-allowed',
  'payload-too-large',
  'uri-too-long',
  'unsupported-media-type',
  'conflict',
  'illegal-transition',
  'version-mismatch',
];

const NUL = '\u0000';
const LONG = 'x'.repeat(3000);

// ---------------------------------------------------------------------------------------------
// reading the OpenAPI document

function resolve(doc: Json, schema: Json): Json {
  if (schema?.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()]);
  if (schema?.allOf?.length === 1) return resolve(doc, schema.allOf[0]);
  return schema ?? {};
}

function operationsOf(doc: Json): Operation[] {
  // Paths in the document are relative to its server (/api/v1).
  const server: string = doc.servers?.[0]?.url ?? '';
  return Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([relative, item]) =>
    Object.entries(item).map(([method, op]) => {
      const path = `${server}${relative}`;
      const parameters: { name: string; in: string }[] = op.parameters ?? [];
      return {
        label: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: op.requestBody?.content?.['application/json']?.schema ?? null,
        isPublic: !op.security || op.security.length === 0,
      };
    }),
  );
}

/** A body with every property of the schema, from its examples, enums and defaults. */
function exampleOf(doc: Json, raw: Json): Json {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, exampleOf(doc, v)]));
  }
  if (schema.type === 'array') return [exampleOf(doc, schema.items)];
  if (schema.type === 'number' || schema.type === 'integer') return 1;
  if (schema.type === 'boolean') return false;
  return 'text';
}

/** Dotted paths of every string the schema describes (array elements as `.0`). */
function stringPaths(doc: Json, raw: Json, prefix = ''): string[] {
  const schema = resolve(doc, raw);
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, sub]) =>
      stringPaths(doc, sub, prefix ? `${prefix}.${key}` : key),
    );
  }
  if (schema.type === 'array') return stringPaths(doc, schema.items, `${prefix}.0`);
  return schema.type === 'string' || typeof schema.enum?.[0] === 'string' ? [prefix] : [];
}

function merge(base: Json, over: Json): Json {
  if (!over || typeof over !== 'object' || Array.isArray(over) || !base || typeof base !== 'object') return over;
  const result = { ...base };
  for (const [k, v] of Object.entries(over)) result[k] = k in base ? merge(base[k], v) : v;
  return result;
}

/**
 * `body` with a NUL inside the string at `path`; an array where the schema promised a string is
 * followed to its first string. Returns the body and the path the NUL actually went to.
 */
function withNul(body: Json, path: string): { body: Json; path: string } {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = /^\d+$/.test(key) ? [] : {};
    node = node[key];
  }
  let key = keys[keys.length - 1];
  const actual = [...keys];
  while (Array.isArray(node[key]) && node[key].length > 0) {
    node = node[key];
    key = '0';
    actual.push('0');
  }
  const value = typeof node[key] === 'string' && node[key].length > 0 ? node[key] : 'x';
  node[key] = `${value.slice(0, 1)}${NUL}${value.slice(1)}`;
  return { body: copy, path: actual.join('.') };
}

// ---------------------------------------------------------------------------------------------
// assertions

function expectProblem(reply: Reply, status?: number) {
  const body = reply.body;
  expect({
    status: reply.status,
    type: String(reply.headers['content-type']),
    body: typeof body === 'string' ? body.slice(0, 300) : body,
  }).toMatchObject({
    status: status ?? expect.any(Number),
    type: expect.stringMatching(/^application\/problem\+json/),
    body: {
      type: expect.stringMatching(/^urn:vakvoucher:problem:/),
      title: expect.any(String),
      status: reply.status,
      detail: expect.any(String),
      code: expect.any(String),
    },
  });
  expect(OUR_CODES).toContain(body.code);
  expect(body.type).toBe(`urn:vakvoucher:problem:${body.code}`);
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
}

function expectNamed(reply: Reply, name: string) {
  expectProblem(reply, 400);
  expect(reply.body.code).toBe('invalid-request');
  expect(reply.body.invalidParams).toEqual([{ name, reason: expect.stringMatching(/NUL|U\+0000/) }]);
}

/** Nothing of what was sent comes back: not the long parameter, not the bad encoding. */
function expectNoEcho(reply: Reply, ...sent: string[]) {
  const text = JSON.stringify(reply.body);
  for (const s of sent) {
    const seen = { sent: s.slice(0, 40), body: text.slice(0, 400) };
    expect({ echoes: text.includes(s), ...seen }).toEqual({ echoes: false, ...seen });
  }
}

function expectSecurityHeaders(reply: Reply, url: string) {
  expect({ url, nosniff: reply.headers['x-content-type-options'], referrer: reply.headers['referrer-policy'] }).toEqual(
    {
      url,
      nosniff: 'nosniff',
      referrer: 'no-referrer',
    },
  );
}

// ---------------------------------------------------------------------------------------------

describe('hardening (issue 9)', () => {
  let t: TestApp;
  let doc: Json;
  let operations: Operation[];
  let programmeCode: string;
  /** The programme behind {code}: requests that get through may change it (PATCH), so not the one applied to. */
  let targetCode: string;
  let applicationId: string;
  let documentId: string;
  let callers: Caller[];
  let admin: Caller;
  let officer: Caller;
  let applicant: Caller;

  /** Real values for each path parameter, so that only the bad part of a request is bad. */
  const pathValue: Record<string, () => string> = {
    code: () => targetCode,
    id: () => applicationId,
    documentId: () => documentId,
    province: () => 'OV',
    // No such delivery (nor webhook): the routes answer 404 before they would read it.
    deliveryId: () => '00000000-0000-4000-8000-000000000000',
  };

  /** Valid bodies where the document's examples alone are not (a programme that exists, and so on). */
  const BODIES: Record<string, () => Json> = {
    SubmitApplicationDto: () =>
      applicationBody(programmeCode, {
        applicant: { targetGroup: 'employee' },
        employer: { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' },
        motivation: 'Ik wil installatietechnicus worden.',
      }),
    CreateProgrammeDto: () => programmeBody({ code: t.unique('nul') }),
    TransitionDto: () => ({ action: 'reject', reason: 'Outside the region', amountCents: undefined }),
  };

  function baseBody(op: Operation): Json {
    const name = String(op.bodySchema.$ref ?? '')
      .split('/')
      .pop()!;
    return merge(exampleOf(doc, op.bodySchema), BODIES[name]?.() ?? {});
  }

  function url(op: Operation, params: Record<string, string> = {}, query = ''): string {
    const path = op.path.replace(
      /\{(\w+)\}/g,
      (_m, name: string) => params[name] ?? encodeURIComponent(pathValue[name]()),
    );
    return query ? `${path}?${query}` : path;
  }

  /** Sends as the first caller the route does not turn away for who they are (401/403). */
  async function send(op: Operation, target: string, body?: unknown): Promise<Reply> {
    let reply: Reply | undefined;
    for (const caller of op.isPublic ? [t.anonymous, ...callers] : callers) {
      reply = await caller.request(op.method, target, body);
      if (reply.status !== 401 && reply.status !== 403) return reply;
    }
    return reply!;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    programmeCode = (await t.newProgramme()).code;
    targetCode = (await t.newProgramme()).code;
    admin = await t.admin();
    officer = await t.officer(['*']);
    applicant = await t.applicant();
    applicationId = (await t.newApplication(programmeCode, { applicant })).application.id;
    documentId = (await t.uploadDocument(applicant, applicationId)).id;
    callers = [admin, officer, applicant, await t.provincial('OV')];
    doc = (await t.anonymous.get('/api/docs-json')).body;
    operations = operationsOf(doc);
  });
  afterAll(() => t?.close());

  // -------------------------------------------------------------------------------------------
  describe('1. NUL characters are refused where they enter, naming the field', () => {
    it.each([
      ['GET /api/v1/programmes/%00, without a token', 'code', 'GET', '/api/v1/programmes/%00', undefined],
      ['GET /api/v1/programmes/%00/report', 'code', 'GET', '/api/v1/programmes/%00/report', undefined],
      ['GET /api/v1/programmes/%00/milestones', 'code', 'GET', '/api/v1/programmes/%00/milestones', undefined],
      ['PATCH /api/v1/programmes/%00', 'code', 'PATCH', '/api/v1/programmes/%00', { name: 'x' }],
      ['GET /api/v1/applications?programme=%00', 'programme', 'GET', '/api/v1/applications?programme=%00', undefined],
    ] as const)('the issue’s own cases: %s → 400 naming %s', async (label, name, method, target, body) => {
      const caller = label.includes('without a token') ? t.anonymous : admin;
      expectNamed(await caller.request(method, target, body), name);
    });

    it('in every string of every request body the document describes', async () => {
      // every route of the document, and a real value for each path parameter
      expect(operations.length).toBeGreaterThanOrEqual(15);
      const params = new Set(operations.flatMap((o) => o.pathParams));
      expect([...params].filter((p) => !pathValue[p])).toEqual([]);
      const cases: { op: Operation; path: string }[] = operations
        .filter((op) => op.bodySchema)
        .flatMap((op) => stringPaths(doc, op.bodySchema).map((path) => ({ op, path })));
      expect(cases.map((c) => `${c.op.label} ${c.path}`)).toEqual(
        expect.arrayContaining([
          `POST /api/v1/applications applicant.name`,
          `POST /api/v1/applications training.provider`,
          `POST /api/v1/applications motivation`,
          `POST /api/v1/applications/{id}/transitions reason`,
          `POST /api/v1/programmes funders.0`,
        ]),
      );
      const rows = async () =>
        (
          await t.db.query(
            `SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM programmes) + (SELECT count(*) FROM application_history) AS n`,
          )
        )[0].n;
      const before = await rows();
      for (const { op, path } of cases) {
        const sent = withNul(baseBody(op), path);
        const reply = await send(op, url(op), sent.body);
        expect({ case: `${op.label} ${sent.path}`, status: reply.status }).toEqual({
          case: `${op.label} ${sent.path}`,
          status: 400,
        });
        expectNamed(reply, sent.path);
      }
      expect(cases.length).toBeGreaterThan(30);
      expect(await rows()).toBe(before);
    });

    it('in every path parameter of every route', async () => {
      const cases = operations.flatMap((op) => op.pathParams.map((param) => ({ op, param })));
      expect(cases.length).toBeGreaterThanOrEqual(8);
      for (const { op, param } of cases) {
        for (const value of [
          '%00',
          `${encodeURIComponent(pathValue[param]())}%00`,
          `%00${encodeURIComponent(pathValue[param]())}`,
        ]) {
          const reply = await send(op, url(op, { [param]: value }), op.bodySchema ? baseBody(op) : undefined);
          expect({ case: `${op.label} ${param}=${value}`, status: reply.status }).toEqual({
            case: `${op.label} ${param}=${value}`,
            status: 400,
          });
          expectNamed(reply, param);
        }
      }
    });

    it('in every query parameter of every route', async () => {
      const cases = operations.flatMap((op) => op.queryParams.map((param) => ({ op, param })));
      expect(cases.map((c) => c.param)).toEqual(expect.arrayContaining(['programme', 'status', 'cursor', 'limit']));
      for (const { op, param } of cases) {
        const reply = await send(op, url(op, {}, `${param}=a%00b`));
        expect({ case: `${op.label} ?${param}`, status: reply.status }).toEqual({
          case: `${op.label} ?${param}`,
          status: 400,
        });
        expectNamed(reply, param);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('4. the framework’s own errors are problem+json too', () => {
    it('a malformed percent-encoding in the path: 400 invalid-request naming the path, not echoing it', async () => {
      const reply = await t.anonymous.get('/api/v1/programmes/%E0%A4%A');
      expectProblem(reply, 400);
      expect(reply.body).toMatchObject({ code: 'invalid-request', invalidParams: [{ name: 'path' }] });
      expectNoEcho(reply, '%E0%A4%A', '/api/v1/programmes');
      expectSecurityHeaders(reply, 'bad url');
      expect(reply.headers['x-request-id']).toEqual(expect.any(String));
    });

    it('a 3,000-character path parameter: 414 uri-too-long, not echoing it', async () => {
      const reply = await t.anonymous.get(`/api/v1/programmes/${LONG}`);
      expectProblem(reply, 414);
      expect(reply.body.code).toBe('uri-too-long');
      expectNoEcho(reply, 'x'.repeat(50));
      expectSecurityHeaders(reply, 'long param');
    });

    /** Path parameter values the router or the app must refuse (the last one must not climb out). */
    const BAD_PATH_VALUES = [
      '%E0%A4%A',
      '%',
      '%zz',
      'abc%',
      '%C0%AF',
      '%ED%A0%80',
      '%FF',
      LONG,
      'y'.repeat(101),
      '%00',
      `..%2F..%2F${'z'.repeat(20)}`,
    ];

    it('a sweep of every route: malformed encodings, overlong parameters, NUL bytes — only 4xx problem+json', async () => {
      const seen: string[] = [];
      for (const op of operations) {
        const templates = op.pathParams.length > 0 ? op.pathParams : [null];
        for (const param of templates) {
          for (const value of BAD_PATH_VALUES) {
            const target = param ? url(op, { [param]: value }) : `${op.path}/${value}`;
            for (const caller of [t.anonymous, admin, officer, applicant]) {
              const reply = await caller.request(op.method, target, op.bodySchema ? baseBody(op) : undefined);
              seen.push(`${reply.status}`);
              expectProblem(reply);
              expectNoEcho(reply, value.length > 20 ? value.slice(0, 20) : '\\u0000', '%E0%A4%A');
              expectSecurityHeaders(reply, target);
            }
          }
        }
        for (const query of [`a=%E0%A4%A`, `a=%00`, `${LONG}=1`, `programme=${LONG}`, `cursor=%FF%FE`]) {
          const target = url(op, {}, query);
          const reply = await admin.request(op.method, target, op.bodySchema ? baseBody(op) : undefined);
          // a query may be fine as it is; what is not fine is a 5xx, or an error that is not ours
          expect({ target: target.slice(0, 80), status: reply.status < 500 }).toMatchObject({ status: true });
          if (reply.status >= 400) expectProblem(reply);
        }
      }
      expect([...new Set(seen)]).toEqual(expect.arrayContaining(['400', '401', '404', '414']));
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('5. security headers on every response', () => {
    it('nosniff and no-referrer on every route of the document, the docs, health, errors and the dashboard', async () => {
      const targets = [
        ...operations.filter((o) => o.method === 'GET').map((o) => url(o)),
        '/api/docs',
        '/api/docs-json',
        '/health/live',
        '/nope',
        '/api/v1/applications/not-a-uuid',
        '/admin/queues',
        '/admin/queues/api/queues',
      ];
      for (const target of targets) {
        for (const caller of [t.anonymous, admin]) expectSecurityHeaders(await caller.get(target), target);
      }
    });

    it('Cache-Control: no-store on personal data, answers and errors alike', async () => {
      const targets = [
        `/api/v1/applications/${applicationId}`,
        `/api/v1/applications/${applicationId}/history`,
        '/api/v1/applications',
        '/api/v1/me/notifications',
        '/api/v1/applications/00000000-0000-4000-8000-000000000000',
      ];
      for (const target of targets) {
        for (const caller of [admin, applicant, t.anonymous]) {
          const reply = await caller.get(target);
          expect({ target, cacheControl: reply.headers['cache-control'] }).toEqual({
            target,
            cacheControl: 'no-store',
          });
        }
      }
      const submitted = await applicant.post('/api/v1/applications', applicationBody(programmeCode));
      expect(submitted.status).toBe(201);
      expect(submitted.headers['cache-control']).toBe('no-store');
      // public, non-personal data may be cached as before
      expect((await t.anonymous.get('/api/v1/programmes')).headers['cache-control']).toBeUndefined();
    });

    it('keeps ETags working: read, then transition with If-Match', async () => {
      const { application } = await t.newApplication(programmeCode);
      const read = await officer.get(`/api/v1/applications/${application.id}`);
      expect(read.headers.etag).toBe(`"${read.body.version}"`);
      expect(read.headers['cache-control']).toBe('no-store');
      const moved = await officer.post(
        `/api/v1/applications/${application.id}/transitions`,
        { action: 'review' },
        { 'if-match': String(read.headers.etag) },
      );
      expect(moved.status).toBe(200);
      expect(moved.headers.etag).toBe(`"${moved.body.version}"`);
      const stale = await officer.post(
        `/api/v1/applications/${application.id}/transitions`,
        { action: 'grant' },
        { 'if-match': String(read.headers.etag) },
      );
      expect(stale.status).toBe(412);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('2. staff claims', () => {
    it.each(['Gelderland', 'GEL', 'XX', 'g'])(
      'a provincial token with province %p is 401 unauthenticated, not 500',
      async (province) => {
        const caller = await t.as({ sub: t.unique('prov'), role: 'provincial', province });
        for (const target of [
          '/api/v1/provinces/GE/report',
          `/api/v1/programmes/${programmeCode}/milestones`,
          '/api/v1/me/notifications',
        ]) {
          const reply = await caller.get(target);
          expectProblem(reply, 401);
          expect(reply.body.code).toBe('unauthenticated');
        }
      },
    );

    it('an officer token carrying a junk province claim works, and is remembered without it', async () => {
      const sub = t.unique('officer');
      const caller = await t.as({
        sub,
        role: 'officer',
        programmes: ['*'],
        province: 'Gelderland',
        email: `${sub}@example.nl`,
      });
      expect((await caller.get('/api/v1/applications')).status).toBe(200);
      expect((await caller.get('/api/v1/me/notifications')).status).toBe(200);
      const rows = await t.db.query(`SELECT role, province FROM staff_members WHERE id = $1`, [sub]);
      expect(rows).toEqual([{ role: 'officer', province: null }]);
    });

    it('a provincial token with a lower-case province is remembered in capitals', async () => {
      const sub = t.unique('prov');
      const caller = await t.as({ sub, role: 'provincial', province: 'ov' });
      expect((await caller.get('/api/v1/provinces/OV/report')).status).toBe(200);
      expect(await t.db.query(`SELECT province FROM staff_members WHERE id = $1`, [sub])).toEqual([{ province: 'OV' }]);
    });

    it('a staff member who cannot be remembered is still served', async () => {
      await t.db.query(`ALTER TABLE staff_members ADD CONSTRAINT hardening_refuses CHECK (id <> 'unrememberable')`);
      try {
        const caller = await t.as({ sub: 'unrememberable', role: 'officer', programmes: ['*'] });
        for (let i = 0; i < 3; i++) expect((await caller.get('/api/v1/applications')).status).toBe(200);
      } finally {
        await t.db.query(`ALTER TABLE staff_members DROP CONSTRAINT hardening_refuses`);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('7. token lifetime', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ sub: 'admin-1', role: 'admin', ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(TEST_SECRET));

    it('a token valid for a hundred years is refused 13 hours after it was issued, accepted before', async () => {
      const century = now() + 100 * 365 * 86400;
      const old = await new Caller(t.app, await sign({ iat: now() - 13 * 3600, exp: century })).get(
        '/api/v1/applications',
      );
      expectProblem(old, 401);
      expect(old.body.code).toBe('unauthenticated');
      const fresh = await new Caller(t.app, await sign({ iat: now(), exp: century })).get('/api/v1/applications');
      expect(fresh.status).toBe(200);
    });

    it('a token without iat, or without exp, is refused with 401', async () => {
      for (const times of [{ exp: now() + 3600 }, { iat: now() }]) {
        const reply = await new Caller(t.app, await sign(times)).get('/api/v1/applications');
        expectProblem(reply, 401);
        expect(reply.body.code).toBe('unauthenticated');
      }
    });
  });
});
