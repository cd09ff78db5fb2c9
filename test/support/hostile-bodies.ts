/**
 * Hostile request bodies for POST /api/v1/applications: every leaf with every wrong value of its
 * kind, missing fields, wrong shapes, unknown and prototype-shadowing fields, huge and deeply
 * nested bodies. test/hostile-input.e2e-spec.ts sends them to the JSON API, and
 * test/web-hostile-forms.e2e-spec.ts sends them through the apply form.
 */
import { applicationBody } from './builders';

export type Json = any;

/** One hostile request: the raw JSON text sent, and the field its problem must name. */
export interface Hostile {
  label: string;
  raw: string;
  /** Dotted path the invalidParams must name, `body` for the body as a whole (or any of a list). */
  field: string | string[];
  /** Other names that may legitimately appear (a cross-field rule that trips as well). */
  also?: string[];
  /** Defaults to 400. */
  status?: number;
}

export const BODY_LIMIT = 64 * 1024;
export const MAX_CENTS = 1_000_000_000;

// ---------------------------------------------------------------------------------------------
// helpers to build bodies

export const clone = <T>(value: T): T => structuredClone(value);

export function setPath(body: Json, path: string, value: unknown): Json {
  const copy = clone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys[keys.length - 1]] = value;
  return copy;
}

export function deletePath(body: Json, path: string): Json {
  const copy = clone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  delete node[keys[keys.length - 1]];
  return copy;
}

/** `value` as JSON text, with a placeholder swapped for raw JSON (for things JS objects cannot hold). */
export function withRaw(body: Json, path: string, rawValue: string): string {
  const marker = '"@@RAW@@"';
  return JSON.stringify(setPath(body, path, '@@RAW@@')).replace(marker, rawValue);
}

/** Prepends raw `"key": value,` to the object at `path` ('' for the top level). */
export function withRawKey(body: Json, path: string, rawKeyValue: string): string {
  const marker = '"@@KEY@@":0';
  const withMarker = path ? setPath(body, `${path}.@@KEY@@`, 0) : { '@@KEY@@': 0, ...body };
  return JSON.stringify(withMarker).replace(marker, rawKeyValue);
}

export const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
export const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const show = (value: unknown) => {
  if (Object.is(value, -0)) return '-0';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length} chars)` : text;
};

// ---------------------------------------------------------------------------------------------
// the kinds of leaf, with values of the wrong type and values of the right type but wrong content

export type Kind = 'text' | 'email' | 'postcode' | 'date' | 'enum' | 'money' | 'boolean' | 'kvk' | 'code';

export const NOT_A_STRING: unknown[] = [42, 0, -1.5, true, false, null, [], ['x'], {}, { value: 'x' }];
export const NOT_A_NUMBER: unknown[] = [
  '250000',
  '1',
  '',
  'NaN',
  'Infinity',
  '-Infinity',
  true,
  false,
  null,
  [],
  [1],
  {},
  { value: 1 },
];
export const NOT_A_BOOLEAN: unknown[] = ['true', 'false', 1, 0, '', null, [], [true], {}];

export const WRONG: Record<Kind, unknown[]> = {
  text: NOT_A_STRING,
  code: [...NOT_A_STRING, '', 'x'.repeat(41)],
  email: [
    ...NOT_A_STRING,
    '',
    'not-an-email',
    'a@',
    '@example.nl',
    'a b@example.nl',
    'ahmad@@example.nl',
    `${'x'.repeat(250)}@example.nl`,
  ],
  postcode: [
    ...NOT_A_STRING,
    7511,
    '',
    '0123 AB',
    '7511',
    '7511 A',
    '7511 ABC',
    '75111 AB',
    'ABCD EF',
    '7511  AB',
    ' 7511 AB',
    '7511-AB',
    '7511 A1',
    'x'.repeat(300),
    "7511 AB' OR '1'='1",
  ],
  date: [
    ...NOT_A_STRING,
    20270301,
    '2027-02-30',
    '2027-3-1',
    '',
    'tomorrow',
    '2027-13-01',
    '2027-00-10',
    '2027-04-31',
    '27-03-01',
    '01-03-2027',
    '2027/03/01',
    '2027-03-01T00:00:00Z',
    '2027-03-01 ',
    '+002027-03-01',
    '2027-W09-1',
  ],
  enum: [...NOT_A_STRING, '', 'unknown', 'Male', ' male', 'male ', 'MALE', '__proto__', 'constructor'],
  money: [...NOT_A_NUMBER, -1, 0, -0, 1.5, 0.1, 1e20, MAX_CENTS + 1, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308],
  boolean: NOT_A_BOOLEAN,
  kvk: [...NOT_A_STRING, 12345678, '', '1234567', '123456789', 'abcdefgh', '1234 5678', '1234567a', ' 12345678'],
};

/** Enum values that are plausible words but not in the vocabulary, per field. */
export const WRONG_WORDS: Record<string, string[]> = {
  'applicant.gender': ['man', 'other', 'x'],
  'applicant.targetGroup': ['student', 'Employee', 'employees', 'retiree'],
  'applicant.locale': ['de', 'NL', 'en-GB', 'nl_NL'],
  'training.kind': ['training', 'UPSKILLING', 'upskill', 'submit'],
};

export interface Leaf {
  path: string;
  kind: Kind;
  /** Optional fields accept absence; their null is still refused except where noted. */
  optional?: boolean;
  /** Largest valid string length, to go one over it. */
  maxLength?: number;
  minLength?: number;
}

export const APPLICATION_LEAVES: Leaf[] = [
  { path: 'programmeCode', kind: 'code' },
  { path: 'applicant.name', kind: 'text', minLength: 1, maxLength: 200 },
  { path: 'applicant.email', kind: 'email' },
  { path: 'applicant.postcode', kind: 'postcode' },
  { path: 'applicant.dateOfBirth', kind: 'date' },
  { path: 'applicant.gender', kind: 'enum' },
  { path: 'applicant.targetGroup', kind: 'enum' },
  { path: 'applicant.locale', kind: 'enum', optional: true },
  { path: 'applicant.publicityConsent', kind: 'boolean', optional: true },
  { path: 'employer.name', kind: 'text', minLength: 1, maxLength: 200 },
  { path: 'employer.kvkNumber', kind: 'kvk' },
  { path: 'employer.postcode', kind: 'postcode' },
  { path: 'training.provider', kind: 'text', minLength: 1, maxLength: 200 },
  { path: 'training.title', kind: 'text', minLength: 1, maxLength: 300 },
  { path: 'training.kind', kind: 'enum' },
  { path: 'training.startsOn', kind: 'date' },
  { path: 'training.endsOn', kind: 'date' },
  { path: 'training.costCents', kind: 'money' },
  { path: 'requestedAmountCents', kind: 'money' },
  { path: 'motivation', kind: 'text', optional: true, maxLength: 2000 },
];

// ---------------------------------------------------------------------------------------------
// the hostile bodies for POST /api/v1/applications

export const EMPLOYER = { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' };

export function applicationCases(code: string): Hostile[] {
  const valid = applicationBody(code);
  const withEmployer = applicationBody(code, { employer: EMPLOYER });
  const baseFor = (path: string) => (path.startsWith('employer.') ? withEmployer : valid);
  const cases: Hostile[] = [];
  const add = (label: string, body: Json, field: string, extra: Partial<Hostile> = {}) =>
    cases.push({ label, raw: JSON.stringify(body), field, ...extra });

  // every leaf × every wrong value of its kind
  for (const leaf of APPLICATION_LEAVES) {
    const values = [...WRONG[leaf.kind], ...(WRONG_WORDS[leaf.path] ?? [])].filter(
      // null on motivation means "no motivation", which is what absence means too
      (v) => !(leaf.path === 'motivation' && v === null),
    );
    if (leaf.minLength) values.push('');
    if (leaf.maxLength) values.push('x'.repeat(leaf.maxLength + 1));
    for (const value of values)
      add(`${leaf.path} = ${show(value)}`, setPath(baseFor(leaf.path), leaf.path, value), leaf.path);
  }

  // every required leaf missing
  for (const leaf of APPLICATION_LEAVES.filter((l) => !l.optional)) {
    add(`${leaf.path} missing`, deletePath(baseFor(leaf.path), leaf.path), leaf.path);
  }

  // whole nested objects missing, or of the wrong shape
  const nestedWrong: unknown[] = ['x', '', 1, 0, true, false, null, [], [{}], {}];
  for (const path of ['applicant', 'training', 'employer']) {
    const base = path === 'employer' ? withEmployer : valid;
    if (path !== 'employer') add(`${path} missing`, deletePath(base, path), path);
    for (const value of nestedWrong) add(`${path} = ${show(value)}`, setPath(base, path, value), path);
    add(`${path} = [a valid ${path}]`, setPath(base, path, [base[path]]), path);
  }
  add('employer missing for an employee', setPath(valid, 'applicant.targetGroup', 'employee'), 'employer');
  add(
    'employer null for an employee',
    setPath(setPath(valid, 'applicant.targetGroup', 'employee'), 'employer', null),
    'employer',
  );

  // cross-field rules
  add(
    'endsOn before startsOn',
    setPath(setPath(valid, 'training.startsOn', '2027-09-01'), 'training.endsOn', '2027-03-01'),
    'training.endsOn',
  );
  add(
    'endsOn one day before startsOn',
    setPath(setPath(valid, 'training.startsOn', '2027-03-02'), 'training.endsOn', '2027-03-01'),
    'training.endsOn',
  );

  // unknown fields, at the top and nested; read-only fields of the view among them
  for (const key of [
    'foo',
    'id',
    'reference',
    'status',
    'version',
    'ownerId',
    'grantedAmountCents',
    'voucher',
    'decision',
    'eligibility',
    'allowedActions',
    'submittedAt',
  ]) {
    add(`unknown top-level field ${key}`, { ...valid, [key]: 'x' }, key);
  }
  for (const [path, key] of [
    ['applicant', 'foo'],
    ['applicant', 'ownerId'],
    ['applicant', 'role'],
    ['training', 'foo'],
    ['training', 'grantedAmountCents'],
    ['employer', 'foo'],
  ]) {
    const base = path === 'employer' ? withEmployer : valid;
    add(`unknown field ${path}.${key}`, setPath(base, `${path}.${key}`, 'x'), `${path}.${key}`);
  }
  for (const key of [
    'toString',
    'valueOf',
    'hasOwnProperty',
    'prototype',
    'constructor',
    '__defineGetter__',
    'isPrototypeOf',
  ]) {
    add(`Object.prototype name as field: ${key}`, { ...valid, [key]: 1 }, key);
    add(`Object.prototype name as field: applicant.${key}`, setPath(valid, `applicant.${key}`, 1), `applicant.${key}`);
  }

  // prototype pollution: refused as a whole before anything sees it
  for (const [label, path, pair] of [
    ['__proto__ at the top', '', '"__proto__":{"isAdmin":true}'],
    ['__proto__ in applicant', 'applicant', '"__proto__":{"targetGroup":"employee"}'],
    ['__proto__ in training', 'training', '"__proto__":{"costCents":1}'],
    ['constructor.prototype at the top', '', '"constructor":{"prototype":{"isAdmin":true}}'],
    ['constructor.prototype in applicant', 'applicant', '"constructor":{"prototype":{"x":1}}'],
  ] as const) {
    cases.push({ label, raw: withRawKey(valid, path, pair), field: 'body' });
  }

  // huge strings, under and over the body limit
  const underLimit = BODY_LIMIT - 4 * 1024;
  add(
    `applicant.name of ${underLimit} chars (body under the limit)`,
    setPath(valid, 'applicant.name', 'x'.repeat(underLimit)),
    'applicant.name',
  );
  add(
    `motivation of ${underLimit} chars (body under the limit)`,
    { ...valid, motivation: 'x'.repeat(underLimit) },
    'motivation',
  );
  add(
    `unknown field of ${underLimit} chars (body under the limit)`,
    { ...valid, padding: 'x'.repeat(underLimit) },
    'padding',
  );
  add('motivation of 100 KB (body over the limit)', { ...valid, motivation: 'x'.repeat(100 * 1024) }, 'body', {
    status: 413,
  });
  add(
    'applicant.name of 100 KB (body over the limit)',
    setPath(valid, 'applicant.name', 'x'.repeat(100 * 1024)),
    'body',
    { status: 413 },
  );
  add('1 MB of unknown field', { ...valid, padding: 'x'.repeat(1024 * 1024) }, 'body', { status: 413 });
  add('motivation of 64 KB multi-byte characters', { ...valid, motivation: 'é'.repeat(BODY_LIMIT / 2 + 10) }, 'body', {
    status: 413,
  });

  // bodies that are not objects
  for (const value of [[], [valid], 'a string', '', 0, 42, -1, 1.5, null, true, false]) {
    add(`body = ${show(value)}`, value, 'body');
  }

  // deep nesting
  for (const depth of [64, 1_000, 5_000]) {
    // refusing the field or refusing the body as too deep are both fine; a stack overflow is not
    cases.push({
      label: `unknown field holding an object ${depth} deep`,
      raw: withRaw(valid, 'extra', deepObject(depth)),
      field: ['extra', 'body'],
    });
    cases.push({
      label: `unknown field holding an array ${depth} deep`,
      raw: withRaw(valid, 'extra', deepArray(depth)),
      field: ['extra', 'body'],
    });
    cases.push({
      label: `applicant as an object ${depth} deep`,
      raw: withRaw(valid, 'applicant', deepObject(depth)),
      field: ['applicant', 'body'],
    });
  }
  cases.push({ label: 'a body 10 000 arrays deep', raw: deepArray(10_000), field: 'body' });
  cases.push({ label: 'a body 10 000 objects deep', raw: deepObject(10_000), field: 'body' });

  return cases;
}
