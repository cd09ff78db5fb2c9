import { applicationBody, Caller, programmeBody, Reply, TestApp } from './support';

/**
 * Every answer that is not a success is RFC 9457 problem+json with our stable `code`, whatever
 * layer refused it (router, auth, body parser, validation, domain). Plus the operational
 * endpoints: health, the OpenAPI document, and request ids.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface ErrorCase {
  label: string;
  status: number;
  code: string;
  /** Who sends it; anonymous unless said otherwise. */
  as?: 'applicant' | 'provincial' | 'admin';
  method: Method;
  url: string | (() => string);
  /** A string is sent raw, with the headers given. */
  body?: unknown;
  headers?: Record<string, string>;
}

const UNKNOWN_ID = '9b2f6c1e-4d3a-4b5c-8e7f-0a1b2c3d4e5f';
const JSON_TYPE = { 'content-type': 'application/json' };
let programmeCode = 'set-in-beforeAll';

const CASES: ErrorCase[] = [
  // 401
  {
    label: 'no token on a protected route',
    status: 401,
    code: 'unauthenticated',
    method: 'GET',
    url: '/api/v1/applications',
  },
  {
    label: 'no token on POST /applications',
    status: 401,
    code: 'unauthenticated',
    method: 'POST',
    url: '/api/v1/applications',
    body: { programmeCode: 'x' },
  },
  ...[
    'Bearer',
    'Bearer ',
    'Bearer not-a-jwt',
    'Bearer a.b.c',
    'Bearer two tokens',
    'Basic dXNlcjpwYXNzd29yZA==',
    'Token eyJhbGciOiJIUzI1NiJ9.e30.x',
    'eyJhbGciOiJIUzI1NiJ9.e30.x',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.',
  ].map((authorization): ErrorCase => ({
    label: `malformed Authorization header ${JSON.stringify(authorization)}`,
    status: 401,
    code: 'unauthenticated',
    method: 'GET',
    url: '/api/v1/applications',
    headers: { authorization },
  })),
  // 403
  {
    label: 'provincial staff listing applications',
    status: 403,
    code: 'forbidden',
    as: 'provincial',
    method: 'GET',
    url: '/api/v1/applications',
  },
  {
    label: 'an applicant creating a programme',
    status: 403,
    code: 'forbidden',
    as: 'applicant',
    method: 'POST',
    url: '/api/v1/programmes',
    body: programmeBody({ code: 'not-allowed' }),
  },
  {
    label: 'an admin submitting an application',
    status: 403,
    code: 'forbidden',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/applications',
    body: applicationBody('whatever'),
  },
  // 404
  { label: 'GET /nope', status: 404, code: 'not-found', method: 'GET', url: '/nope' },
  { label: 'POST /api/v1/nope', status: 404, code: 'not-found', method: 'POST', url: '/api/v1/nope', body: {} },
  { label: 'GET /api/v2/applications', status: 404, code: 'not-found', method: 'GET', url: '/api/v2/applications' },
  {
    label: 'DELETE /api/v1/programmes/{code} (no such route)',
    status: 404,
    code: 'not-found',
    as: 'admin',
    method: 'DELETE',
    url: () => `/api/v1/programmes/${programmeCode}`,
  },
  {
    label: 'an unknown programme',
    status: 404,
    code: 'not-found',
    method: 'GET',
    url: '/api/v1/programmes/no-such-programme',
  },
  {
    label: 'an unknown application',
    status: 404,
    code: 'not-found',
    as: 'admin',
    method: 'GET',
    url: `/api/v1/applications/${UNKNOWN_ID}`,
  },
  {
    label: 'the history of an unknown application',
    status: 404,
    code: 'not-found',
    as: 'admin',
    method: 'GET',
    url: `/api/v1/applications/${UNKNOWN_ID}/history`,
  },
  {
    label: 'an application id that is not a uuid',
    status: 404,
    code: 'not-found',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/applications/123',
  },
  // bodies
  {
    label: 'malformed JSON {"a":',
    status: 400,
    code: 'invalid-request',
    as: 'applicant',
    method: 'POST',
    url: '/api/v1/applications',
    body: '{"a":',
    headers: JSON_TYPE,
  },
  {
    label: 'malformed JSON with a trailing comma',
    status: 400,
    code: 'invalid-request',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/programmes',
    body: '{"code":"x",}',
    headers: JSON_TYPE,
  },
  {
    label: 'malformed JSON on a transition',
    status: 400,
    code: 'invalid-request',
    as: 'admin',
    method: 'POST',
    url: `/api/v1/applications/${UNKNOWN_ID}/transitions`,
    body: "{'action':'review'}",
    headers: JSON_TYPE,
  },
  {
    label: 'empty body with a JSON content type',
    status: 400,
    code: 'invalid-request',
    as: 'applicant',
    method: 'POST',
    url: '/api/v1/applications',
    body: '',
    headers: JSON_TYPE,
  },
  {
    label: 'empty body with a JSON content type on PATCH',
    status: 400,
    code: 'invalid-request',
    as: 'admin',
    method: 'PATCH',
    url: () => `/api/v1/programmes/${programmeCode}`,
    body: '',
    headers: JSON_TYPE,
  },
  {
    label: 'a text/plain body',
    status: 415,
    code: 'unsupported-media-type',
    as: 'applicant',
    method: 'POST',
    url: '/api/v1/applications',
    body: () => JSON.stringify(applicationBody(programmeCode)),
    headers: { 'content-type': 'text/plain' },
  },
  {
    label: 'a text/plain body on a transition',
    status: 415,
    code: 'unsupported-media-type',
    as: 'admin',
    method: 'POST',
    url: `/api/v1/applications/${UNKNOWN_ID}/transitions`,
    body: '{"action":"review"}',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  },
  {
    label: 'an application/xml body',
    status: 415,
    code: 'unsupported-media-type',
    as: 'applicant',
    method: 'POST',
    url: '/api/v1/applications',
    body: '<application/>',
    headers: { 'content-type': 'application/xml' },
  },
  {
    label: 'a body over the size limit (100 KB)',
    status: 413,
    code: 'payload-too-large',
    as: 'applicant',
    method: 'POST',
    url: '/api/v1/applications',
    body: () => JSON.stringify(applicationBody(programmeCode, { motivation: 'x'.repeat(100 * 1024) })),
    headers: JSON_TYPE,
  },
  {
    label: 'a body just over the size limit (64 KB + 1)',
    status: 413,
    code: 'payload-too-large',
    as: 'admin',
    method: 'PATCH',
    url: () => `/api/v1/programmes/${programmeCode}`,
    body: `{"name":"${'x'.repeat(64 * 1024 - 11 + 1)}"}`,
    headers: JSON_TYPE,
  },
  // validation
  {
    label: 'a field-level validation problem',
    status: 400,
    code: 'invalid-request',
    as: 'applicant',
    method: 'POST',
    url: '/api/v1/applications',
    body: () => applicationBody(programmeCode, { applicant: { postcode: 'nope' } }),
  },
  {
    label: 'a bad query parameter',
    status: 400,
    code: 'invalid-request',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/applications?limit=0',
  },
  {
    label: 'a cursor this api never gave out',
    status: 400,
    code: 'invalid-request',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/applications?cursor=bm9wZQ',
  },
  // Tampered cursors of the right shape but no real moment: not a failing query.
  ...['2026-13-45 99:99:99+00', '2026-11-21 05:38:46+99', '0000-01-01 00:00:00+00'].map((at): ErrorCase => ({
    label: `a cursor with the timestamp ${at}`,
    status: 400,
    code: 'invalid-request',
    as: 'admin',
    method: 'GET',
    url: `/api/v1/applications?cursor=${Buffer.from(JSON.stringify([at, '00000000-0000-4000-8000-000000000000'])).toString('base64url')}`,
  })),
  {
    label: 'an unknown query parameter',
    status: 400,
    code: 'invalid-request',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/applications?sort=id',
  },
];

const isAbsoluteUri = (value: unknown) => typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);

describe('errors and operations', () => {
  let t: TestApp;
  let callers: Record<'anonymous' | 'applicant' | 'provincial' | 'admin', Caller>;

  beforeAll(async () => {
    t = await TestApp.start();
    programmeCode = (await t.newProgramme()).code;
    callers = {
      anonymous: t.anonymous,
      applicant: await t.applicant(),
      provincial: await t.provincial('OV'),
      admin: await t.admin(),
    };
  });
  afterAll(() => t?.close());

  function send(c: ErrorCase, extraHeaders: Record<string, string> = {}): Promise<Reply> {
    const url = typeof c.url === 'function' ? c.url() : c.url;
    const body = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
    return callers[c.as ?? 'anonymous'].request(c.method, url, body, { ...(c.headers ?? {}), ...extraHeaders });
  }

  describe('problem+json for every refusal', () => {
    it.each(CASES.map((c) => [c.label, c.status, c] as const))('%s → %i', async (_label, status, c) => {
      const reply = await send(c);
      expect({ status: reply.status, body: reply.body }).toMatchObject({
        status,
        body: {
          type: expect.any(String),
          title: expect.any(String),
          status,
          detail: expect.any(String),
          code: c.code,
        },
      });
      expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(isAbsoluteUri(reply.body.type)).toBe(true);
      expect(reply.body.title.length).toBeGreaterThan(0);
      expect(reply.body.detail.length).toBeGreaterThan(0);
      if (reply.body.invalidParams !== undefined) {
        expect(reply.body.invalidParams).toEqual(
          expect.arrayContaining([{ name: expect.any(String), reason: expect.any(String) }]),
        );
      }
    });

    it('gives each code its own type, and one title per status', async () => {
      const seen = new Map<string, { type: string; title: string; status: number }>();
      for (const c of CASES) {
        const { body } = await send(c);
        const earlier = seen.get(body.code);
        if (earlier)
          expect({ code: body.code, type: body.type, title: body.title }).toEqual({
            code: body.code,
            type: earlier.type,
            title: earlier.title,
          });
        seen.set(body.code, body);
      }
      const types = [...seen.values()].map((p) => p.type);
      expect(new Set(types).size).toBe(types.length);
    });

    it('does not leak internals in a problem', async () => {
      for (const c of CASES) {
        const { body } = await send(c);
        expect(`${c.label}: ${JSON.stringify(body)}`).not.toMatch(/node_modules|\bat \w+ \(|QueryFailedError|\.ts:\d+/);
      }
    });

    it('names the field of a validation problem', async () => {
      const reply = await callers.applicant.post(
        '/api/v1/applications',
        applicationBody(programmeCode, { applicant: { postcode: 'nope' } }),
      );
      expect(reply.body.invalidParams).toEqual([{ name: 'applicant.postcode', reason: expect.any(String) }]);
    });
  });

  describe('operations', () => {
    it('GET /health/live is 200 without a token', async () => {
      const reply = await t.anonymous.get('/health/live');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ status: 'ok' });
    });

    it('GET /health/ready is 200 with the database and Redis up', async () => {
      const reply = await t.anonymous.get('/health/ready');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, redis: { status: 'up' } },
      });
    });

    it('GET /api/docs-json is an OpenAPI document of the applications API', async () => {
      const reply = await t.anonymous.get('/api/docs-json');
      expect(reply.status).toBe(200);
      expect(String(reply.headers['content-type'])).toMatch(/json/);
      const doc = typeof reply.body === 'string' ? JSON.parse(reply.body) : reply.body;
      expect(doc.openapi).toMatch(/^3\./);
      // Paths are relative to the one server, /api/v1.
      expect(doc.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/applications', '/applications/{id}', '/applications/{id}/transitions']),
      );
      expect(Object.keys(doc.paths['/applications'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(doc.paths['/applications/{id}/transitions'])).toContain('post');
      expect(doc.components?.securitySchemes).toBeDefined();
    });
  });

  describe('x-request-id', () => {
    const okCases: ErrorCase[] = [
      { label: 'GET /health/live', status: 200, code: '', method: 'GET', url: '/health/live' },
      { label: 'GET /api/v1/programmes', status: 200, code: '', method: 'GET', url: '/api/v1/programmes' },
      {
        label: 'GET /api/v1/applications as admin',
        status: 200,
        code: '',
        as: 'admin',
        method: 'GET',
        url: '/api/v1/applications',
      },
    ];
    const all = [...okCases, ...CASES];

    it('is on every answer, success or problem', async () => {
      const ids: Record<string, unknown> = {};
      for (const c of all) ids[c.label] = (await send(c)).headers['x-request-id'];
      const missing = Object.entries(ids).filter(([, id]) => typeof id !== 'string' || !/^[\w.-]{1,100}$/.test(id));
      expect(missing.map(([label]) => label)).toEqual([]);
      expect(new Set(Object.values(ids)).size).toBe(all.length);
    });

    it('echoes an incoming id on every answer, success or problem', async () => {
      const wrong: { label: string; sent: string; got: unknown }[] = [];
      for (const c of all) {
        const sent = `test-${t.unique('rid')}`;
        const got = (await send(c, { 'x-request-id': sent })).headers['x-request-id'];
        if (got !== sent) wrong.push({ label: c.label, sent, got });
      }
      expect(wrong).toEqual([]);
    });

    it('gives requests without an id ids of their own', async () => {
      const a = await t.anonymous.get('/health/live');
      const b = await t.anonymous.get('/health/live');
      expect(a.headers['x-request-id']).toEqual(expect.any(String));
      expect(b.headers['x-request-id']).toEqual(expect.any(String));
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it('replaces an incoming id that is not a safe token', async () => {
      for (const bad of ['has spaces in it', 'x'.repeat(101), 'semi;colon', '<script>']) {
        const reply = await t.anonymous.get('/health/live', { 'x-request-id': bad });
        expect(reply.headers['x-request-id']).toEqual(expect.stringMatching(/^[\w.-]{1,100}$/));
        expect(reply.headers['x-request-id']).not.toBe(bad);
      }
    });
  });
});
