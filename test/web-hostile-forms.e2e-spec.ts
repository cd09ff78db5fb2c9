import fc from 'fast-check';
import { applicationBody, Caller, TestApp } from './support';
import { applicationCases, EMPLOYER } from './support/hostile-bodies';
import { STEP_FIELDS, WebClient, WebReply } from './support/web-client';

/**
 * Invariant 8 on the pages: the hostile bodies of the JSON API's tests (test/hostile-input),
 * and as many arbitrary ones, sent through the apply form as form posts. A page never answers
 * 5xx; it gives the form back with an error summary naming only its own fields; the same text
 * the API refuses in a field, the page refuses in that field; and an application is written only
 * when the answers, as the form reads them, make one the API accepts: no unknown field, no
 * refused value, ever reaches the database.
 */

type Pairs = [string, string][];
const FORM_FIELDS = new Set(Object.values(STEP_FIELDS).flat());
const MONEY = new Set(['training.costCents', 'requestedAmountCents']);
const DATES = new Set(['applicant.dateOfBirth', 'training.startsOn', 'training.endsOn']);
const DAY_MONTH_YEAR = /^\d{1,2}[-/. ]\d{1,2}[-/. ]\d{4}$/;

/** What a person would type for each value of a JSON body: text as is, cents as euros, yes/no. */
function typed(path: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (MONEY.has(path) && typeof value === 'number') return String(value / 100);
  if (path === 'applicant.publicityConsent' && typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Object.prototype.toString.call(value);
}

/** A JSON body as the fields of a form: dotted paths, arrays as repeated fields, deep objects as text. */
function asForm(raw: string): Pairs {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return [['body', raw]];
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [['body', typed('body', body)]];
  const pairs: Pairs = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (path !== '' && Array.isArray(value)) {
      for (const item of value) pairs.push([path, typed(path, item)]);
    } else if (value !== null && typeof value === 'object' && depth < 3) {
      for (const key of Object.keys(value)) {
        stack.push({
          value: (value as Record<string, unknown>)[key],
          path: path ? `${path}.${key}` : key,
          depth: depth + 1,
        });
      }
    } else {
      pairs.push([path, typed(path, value)]);
    }
  }
  return pairs;
}

/** The value at a dotted path of a JSON body, if there is one. */
function valueAt(raw: string, path: string): unknown {
  let node: unknown;
  try {
    node = JSON.parse(raw);
  } catch {
    return undefined;
  }
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function urlencoded(pairs: Pairs, csrf: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.append('_csrf', csrf);
  for (const [k, v] of pairs) params.append(k, v);
  for (const [k, v] of Object.entries(extra)) params.append(k, v);
  return params.toString();
}

describe('hostile input through the apply form (invariant 8)', () => {
  let t: TestApp;
  let client: WebClient;
  let oracle: Caller;
  const CODE = 'hostile-forms';
  const VALID = applicationBody(CODE);
  const employeeValid = applicationBody(CODE, { employer: EMPLOYER });
  const cases = applicationCases(CODE).map((c) => ({ label: c.label, raw: c.raw, field: c.field }));
  const arbitrary = [
    ...fc.sample(fc.jsonValue(), { seed: 8_2027, numRuns: 300 }).map((v, i) => ({
      label: `arbitrary JSON value #${i}`,
      raw: JSON.stringify(v) ?? 'null',
      field: 'body',
    })),
    ...fc
      .sample(
        fc.dictionary(fc.constantFrom(...FORM_FIELDS, 'foo', '__proto__', 'constructor'), fc.jsonValue(), {
          minKeys: 1,
          maxKeys: 6,
        }),
        {
          seed: 8_2028,
          numRuns: 250,
        },
      )
      .map((extra, i) => ({
        label: `a valid body with arbitrary fields #${i}`,
        raw: JSON.stringify({ ...VALID, ...extra }),
        field: 'body',
      })),
  ];
  const all = [...cases, ...arbitrary];
  const writtenCases: string[] = [];
  const seen = { bodies: 0, written: 0, refusedOnAPage: 0, statuses: new Map<number, number>() };

  beforeAll(async () => {
    t = await TestApp.start();
    await t.newProgramme({ code: CODE, maxAmountCents: 500_000 });
    oracle = await t.applicant('api-oracle');
    client = new WebClient(t.app);
    await client.loginAs('applicant-new');
    await client.get('/applications');
  });
  afterAll(() => t?.close());

  const count = (status: number) => seen.statuses.set(status, (seen.statuses.get(status) ?? 0) + 1);

  async function post(url: string, payload: string): Promise<WebReply> {
    const reply = await client.request('POST', url, payload);
    count(reply.status);
    expect({ url, status: reply.status }).toEqual({ url, status: expect.any(Number) });
    expect(reply.status).toBeLessThan(500);
    return reply;
  }

  it('has over a thousand hostile bodies', () => {
    expect(cases.length).toBeGreaterThan(450);
    expect(all.length).toBeGreaterThanOrEqual(1000);
  });

  it('never answers 5xx, refuses on the page what the API refuses, and writes only what the API accepts', async () => {
    for (const c of all) {
      seen.bodies++;
      const pairs = asForm(c.raw);
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM applications`))[0].n as number;
      const refusedFields = new Set<string>();
      for (const step of Object.keys(STEP_FIELDS)) {
        const reply = await post(`/apply/${CODE}/${step}`, urlencoded(pairs, client.csrf));
        if (reply.status === 303) continue;
        expect({ label: c.label, step, status: reply.status }).toEqual({
          label: c.label,
          step,
          status: expect.any(Number),
        });
        expect([400, 413]).toContain(reply.status);
        expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
        if (reply.status === 400) {
          seen.refusedOnAPage++;
          const named = WebClient.errorSummary(reply.body).map((l) => l.split(' ')[0].slice(3).replace(/-/g, '.'));
          expect(named.length).toBeGreaterThan(0);
          // The summary names only this page's questions.
          for (const n of named)
            expect({ label: c.label, step, named: STEP_FIELDS[step].includes(n) }).toMatchObject({ named: true });
          named.forEach((n) => refusedFields.add(n));
        }
      }

      // The same text the API refused in a field, the page refuses in that field (money is asked
      // in euros on the page, and dates may be written day-month-year: those are other questions).
      const field = typeof c.field === 'string' ? c.field : null;
      const given = pairs.filter(([k]) => k === field);
      const original = field === null ? undefined : valueAt(c.raw, field);
      const sameQuestion =
        field !== null &&
        FORM_FIELDS.has(field) &&
        typeof original === 'string' &&
        given.length === 1 &&
        !MONEY.has(field) &&
        !(field.startsWith('employer.') && valueAt(c.raw, 'applicant.targetGroup') !== 'employee') &&
        !(DATES.has(field) && DAY_MONTH_YEAR.test(original));
      if (sameQuestion && !c.label.includes('(body over the limit)')) {
        expect({ label: c.label, refused: refusedFields.has(field) }).toEqual({ label: c.label, refused: true });
      }

      const check = await client.get(`/apply/${CODE}/check`);
      expect(check.status).toBe(200);
      const clean = WebClient.errorSummary(check.body).length === 0;
      const draft = /name="draft" value="([0-9a-f-]{36})"/.exec(check.body)![1];
      const sent = await post(`/apply/${CODE}/check`, urlencoded([], client.csrf, { draft }));
      const after = (await t.db.query(`SELECT count(*)::int AS n FROM applications`))[0].n as number;
      if (!clean) {
        expect({ label: c.label, status: sent.status, written: after - before }).toEqual({
          label: c.label,
          status: 400,
          written: 0,
        });
        continue;
      }
      // Valid as the form reads it: one application, with nothing but the form's answers in it.
      expect({ label: c.label, status: sent.status, written: after - before }).toEqual({
        label: c.label,
        status: 303,
        written: 1,
      });
      seen.written++;
      if (cases.includes(c)) writtenCases.push(c.label);
      const [row] = await t.db.query(
        `SELECT applicant, employer, training, requested_amount_cents, motivation FROM applications
         WHERE owner_id = 'applicant-new' ORDER BY submitted_at DESC LIMIT 1`,
      );
      expect(Object.keys(row.applicant).sort()).toEqual(Object.keys(VALID.applicant).sort());
      expect(Object.keys(row.training).sort()).toEqual(Object.keys(VALID.training).sort());
      if (row.employer) expect(Object.keys(row.employer).sort()).toEqual(Object.keys(employeeValid.employer).sort());
      // The oracle: the JSON API accepts exactly what the page wrote.
      const again = await oracle.post('/api/v1/applications', {
        programmeCode: CODE,
        applicant: row.applicant,
        ...(row.employer ? { employer: row.employer } : {}),
        training: row.training,
        requestedAmountCents: row.requested_amount_cents,
        ...(row.motivation !== null ? { motivation: row.motivation } : {}),
      });
      expect({ label: c.label, status: again.status, body: again.status === 201 ? null : again.body }).toEqual({
        label: c.label,
        status: 201,
        body: null,
      });
    }
    // Most bodies are refused on a page; the few the form reads as a valid application are those
    // whose hostility lies in what the form does not ask (unknown fields, the API's locale).
    expect(seen.bodies).toBe(all.length);
    // Bodies written are those whose hostility lies in what the form does not ask (unknown fields,
    // the programme code and locale, an employer of someone not employed) or that read as a valid
    // answer to the form's own question (an amount in euros, a day-month-year date).
    expect(seen.written).toBeLessThan(seen.bodies / 2);
    expect(writtenCases).not.toContain('applicant.postcode = "0123 AB"');
    expect([...seen.statuses.keys()].every((s) => s < 500)).toBe(true);
  }, 600_000);
});
