import fc from 'fast-check';
import { Caller, Reply, TestApp } from './test-app';

/**
 * Model-based test of the voucher lifecycle against the real api and database, shared by the
 * test/lifecycle-model*.e2e-spec.ts files (each runs it with its own weights and examples).
 *
 * The model below is written from docs/architecture.md ("The lifecycle table") and docs/api.md
 * (transition codes, their precedence 404 → 403 → 412 → 409 → 422, and "Documents") on purpose
 * without importing anything from src: when the implementation's table drifts from the
 * documents, this test says so.
 */

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

export type Status =
  | 'submitted'
  | 'information-requested'
  | 'reviewed'
  | 'granted'
  | 'completed'
  | 'rejected'
  | 'not-considered'
  | 'objection'
  | 'withdrawn'
  | 'expired';
export type Verb =
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
export type ActorKey =
  | 'owner'
  | 'otherApplicant'
  | 'officerA'
  | 'officerB'
  | 'officerEverywhere'
  | 'foreignOfficer'
  | 'admin'
  | 'provincial';
type Reason = undefined | '' | '   ' | '  Certificate seen  ' | 'Outside the region';
type IfMatch = 'none' | 'current' | 'stale' | 'any';
type DocumentKind = 'completion-proof' | 'supporting';

export const VERBS: Verb[] = [
  'review',
  'request-information',
  'supplement',
  'not-consider',
  'grant',
  'reject',
  'object',
  'uphold',
  'dismiss',
  'complete',
  'withdraw',
];

/** The lifecycle table of docs/architecture.md, the rows a client may take. */
const TABLE: Record<Verb, { from: Status[]; to: Status; role: 'officer' | 'applicant' }> = {
  review: { from: ['submitted'], to: 'reviewed', role: 'officer' },
  'request-information': { from: ['submitted', 'reviewed'], to: 'information-requested', role: 'officer' },
  supplement: { from: ['information-requested'], to: 'submitted', role: 'applicant' },
  'not-consider': { from: ['information-requested'], to: 'not-considered', role: 'officer' },
  grant: { from: ['reviewed'], to: 'granted', role: 'officer' },
  reject: { from: ['submitted', 'reviewed'], to: 'rejected', role: 'officer' },
  object: { from: ['rejected', 'not-considered'], to: 'objection', role: 'applicant' },
  uphold: { from: ['objection'], to: 'submitted', role: 'officer' },
  dismiss: { from: ['objection'], to: 'rejected', role: 'officer' },
  complete: { from: ['granted'], to: 'completed', role: 'officer' },
  withdraw: {
    from: ['submitted', 'information-requested', 'reviewed', 'granted', 'objection'],
    to: 'withdrawn',
    role: 'applicant',
  },
};

/** States no row leaves: no document can be added there (docs/api.md, "Documents"). */
const FINAL: Status[] = ['completed', 'withdrawn', 'expired'];

const MIN_AMOUNT = 100_000;
const MAX_AMOUNT = 300_000;
const MILESTONES = [1, 3];
const VALIDITY_DAYS = 365;
/** Awb 6:7 and 7:10: six weeks to object, six weeks to decide on the objection. */
const SIX_WEEKS = 42;

interface HistoryItem {
  action: string;
  from: Status | null;
  to: Status;
  actor: { id: string; role: string };
  reason: string | null;
}

interface ModelDecision {
  action: 'reject' | 'not-consider';
  reason: string;
  objectionDeadline: string;
  decidedBy: string;
  /** Which decision this is (a counter), so an objection knows what it contests. */
  serial: number;
}

interface ModelApplication {
  owner: 0 | 1;
  /** The eligibility check, done by the worker outside the lifecycle (no history row). */
  eligibility: 'pending' | 'passed';
  status: Status;
  version: number;
  history: HistoryItem[];
  reviewer: string | null;
  requestedCents: number;
  costCents: number;
  grantedCents: number | null;
  ordinal: number | null;
  decision: ModelDecision | null;
  informationRequest: { reason: string; dueOn: string; documentsAtRequest: number } | null;
  objection: {
    reason: string;
    decisionDueOn: string;
    contests: number;
    outcome: null | 'upheld' | 'dismissed';
    outcomeReason: string | null;
  } | null;
  /** Documents on file, oldest first; without a scanner every one is clean once its type is known. */
  documents: DocumentKind[];
}

export interface Model {
  budgetCents: number;
  fourEyes: boolean;
  coFundingPercent: number;
  informationTermDays: number;
  committedCents: number;
  spentCents: number;
  grantedCount: number;
  decisions: number;
  /** threshold → index of the application holding that ordinal */
  milestones: Map<number, number>;
  applications: ModelApplication[];
}

interface ModelActor {
  role: 'applicant' | 'officer' | 'admin' | 'provincial';
  sub: string;
  /** May this actor see (and so be told anything about) the application? */
  sees: boolean;
}

interface Outcome {
  status: number;
  code?: string;
}

const hasText = (reason: Reason) => typeof reason === 'string' && reason.trim().length > 0;

function cap(model: Model, application: ModelApplication): number {
  return Math.min(MAX_AMOUNT, Math.floor((application.costCents * model.coFundingPercent) / 100));
}

// Made once: building an Intl.DateTimeFormat costs far more than formatting with it (read several times per step).
const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });
const dutchToday = () => amsterdamDay.format(new Date());
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const suppliedSinceRequest = (a: ModelApplication) =>
  a.informationRequest !== null && a.documents.length > a.informationRequest.documentsAtRequest;
const hasCleanProof = (a: ModelApplication) => a.documents.includes('completion-proof');
const objectedToThisDecision = (a: ModelApplication) =>
  a.objection !== null && a.decision !== null && a.objection.contests === a.decision.serial;

/** Statuses that wait for a decision and so take a place in the budget. */
const WAITING: readonly Status[] = ['submitted', 'information-requested', 'reviewed'];

/**
 * Invariant 9, from scratch: after the money of granted and completed vouchers, the waiting
 * applications in rank order (here: the order they were submitted in) are within budget when
 * their requested amount fits what those within before them left (first fit).
 */
function withinBudget(model: Model, application: ModelApplication): boolean {
  let left = model.budgetCents - model.committedCents - model.spentCents;
  for (const a of model.applications) {
    if (!WAITING.includes(a.status)) continue;
    const fits = a.requestedCents <= left;
    if (fits) left -= a.requestedCents;
    if (a === application) return fits;
  }
  return false;
}

/** What docs/api.md promises for `verb` by `actor` on `application`, first refusal wins. */
function predict(model: Model, application: ModelApplication, actor: ModelActor, cmd: TransitionSpec): Outcome {
  if (!actor.sees) return { status: 404, code: 'not-found' };
  const row = TABLE[cmd.verb];
  if (actor.role !== row.role) return { status: 403, code: 'forbidden' };
  if (cmd.ifMatch === 'stale') return { status: 412, code: 'version-mismatch' };
  if (!row.from.includes(application.status)) return { status: 409, code: 'illegal-transition' };
  const today = dutchToday();
  switch (cmd.verb) {
    case 'review':
      if (application.eligibility === 'pending') return { status: 422, code: 'eligibility-pending' };
      break;
    case 'grant': {
      if (model.fourEyes && application.reviewer === actor.sub) return { status: 422, code: 'four-eyes' };
      const amount = cmd.amountCents ?? application.requestedCents;
      if (amount < MIN_AMOUNT || amount > cap(model, application)) return { status: 422, code: 'amount-out-of-range' };
      if (model.committedCents + model.spentCents + amount > model.budgetCents) {
        return { status: 422, code: 'budget-exhausted' };
      }
      if (!withinBudget(model, application)) return { status: 422, code: 'not-within-budget' };
      break;
    }
    case 'reject':
    case 'request-information':
      if (!hasText(cmd.reason)) return { status: 422, code: 'reason-required' };
      break;
    case 'supplement':
      // An answer (the reason) or a document uploaded since the request.
      if (!hasText(cmd.reason) && !suppliedSinceRequest(application)) {
        return { status: 422, code: 'nothing-supplemented' };
      }
      break;
    case 'not-consider':
      if (!(application.informationRequest!.dueOn < today)) return { status: 422, code: 'term-running' };
      if (!hasText(cmd.reason)) return { status: 422, code: 'reason-required' };
      break;
    case 'object':
      if (!(today <= application.decision!.objectionDeadline)) return { status: 422, code: 'objection-term-passed' };
      if (!hasText(cmd.reason)) return { status: 422, code: 'reason-required' };
      if (objectedToThisDecision(application)) return { status: 422, code: 'already-objected' };
      break;
    case 'uphold':
    case 'dismiss':
      if (application.decision!.decidedBy === actor.sub) return { status: 422, code: 'objection-handler-involved' };
      if (!hasText(cmd.reason)) return { status: 422, code: 'reason-required' };
      break;
    case 'complete':
      // A clean completion-proof document; the officer's note is optional.
      if (!hasCleanProof(application)) return { status: 422, code: 'evidence-required' };
      break;
  }
  return { status: 200 };
}

/** The dates a step sets, as the reply shows them (checked against today before and after the call). */
interface StepDates {
  dueOn?: string;
  objectionDeadline?: string;
  decisionDueOn?: string;
}

/** Moves the model along a row of the table, with the effects docs/architecture.md lists for it. */
function apply(model: Model, index: number, actor: ModelActor, cmd: TransitionSpec, dates: StepDates): void {
  const application = model.applications[index];
  const from = application.status;
  const to = TABLE[cmd.verb].to;
  const reason = hasText(cmd.reason) ? cmd.reason!.trim() : null;
  switch (cmd.verb) {
    case 'review':
      application.reviewer = actor.sub;
      break;
    case 'request-information':
      application.informationRequest = {
        reason: reason!,
        dueOn: dates.dueOn!,
        documentsAtRequest: application.documents.length,
      };
      break;
    case 'supplement':
      // A fresh eligibility check; the request is answered.
      application.eligibility = 'pending';
      application.informationRequest = null;
      break;
    case 'grant': {
      const amount = cmd.amountCents ?? application.requestedCents;
      application.grantedCents = amount;
      application.ordinal = ++model.grantedCount;
      model.committedCents += amount;
      if (MILESTONES.includes(application.ordinal)) model.milestones.set(application.ordinal, index);
      break;
    }
    case 'reject':
    case 'not-consider':
      application.decision = {
        action: cmd.verb,
        reason: reason!,
        objectionDeadline: dates.objectionDeadline!,
        decidedBy: actor.sub,
        serial: ++model.decisions,
      };
      break;
    case 'object':
      application.objection = {
        reason: reason!,
        decisionDueOn: dates.decisionDueOn!,
        contests: application.decision!.serial,
        outcome: null,
        outcomeReason: null,
      };
      break;
    case 'uphold':
      // The contested decision is revoked; a fresh review follows.
      application.objection = { ...application.objection!, outcome: 'upheld', outcomeReason: reason };
      application.decision = null;
      break;
    case 'dismiss':
      // The decision stands, with the decision on the objection recorded.
      application.objection = { ...application.objection!, outcome: 'dismissed', outcomeReason: reason };
      break;
    case 'complete':
      model.committedCents -= application.grantedCents!;
      model.spentCents += application.grantedCents!;
      break;
    case 'withdraw':
      // A withdrawal releases the commitment but never the ordinal (invariant 4).
      if (from === 'granted') model.committedCents -= application.grantedCents!;
      break;
  }
  application.status = to;
  application.version += 1;
  application.history.push({ action: cmd.verb, from, to, actor: { id: actor.sub, role: actor.role }, reason });
}

/** What the caller may do now (guards that depend on the request body are not judged). */
function allowedActions(model: Model, application: ModelApplication, actor: ModelActor): Verb[] {
  const today = dutchToday();
  return VERBS.filter((verb) => {
    const row = TABLE[verb];
    if (row.role !== actor.role || !row.from.includes(application.status)) return false;
    switch (verb) {
      case 'grant':
        return !(model.fourEyes && application.reviewer === actor.sub) && withinBudget(model, application);
      case 'review':
        return application.eligibility !== 'pending';
      case 'not-consider':
        return application.informationRequest!.dueOn < today;
      case 'object':
        return today <= application.decision!.objectionDeadline && !objectedToThisDecision(application);
      case 'uphold':
      case 'dismiss':
        return application.decision!.decidedBy !== actor.sub;
      case 'complete':
        return hasCleanProof(application);
      default:
        return true;
    }
  }).sort();
}

/** The answer docs/api.md promises to an upload: roles that never upload 403 first, then 404, 409, 415. */
function predictUpload(application: ModelApplication, actor: ModelActor, good: boolean): Outcome {
  if (actor.role === 'admin' || actor.role === 'provincial') return { status: 403, code: 'forbidden' };
  if (!actor.sees) return { status: 404, code: 'not-found' };
  if (FINAL.includes(application.status)) return { status: 409, code: 'illegal-transition' };
  if (!good) return { status: 415, code: 'unsupported-document-type' };
  return { status: 201 };
}

// ---------------------------------------------------------------------------------------
// The real system
// ---------------------------------------------------------------------------------------

export interface Real {
  t: TestApp;
  programmeCode: string;
  programmeId: string;
  applicationIds: string[];
  applicants: [Caller, Caller];
  applicantSubs: [string, string];
  callers: Record<Exclude<ActorKey, 'owner' | 'otherApplicant'>, { caller: Caller; sub: string }>;
}

function actorFor(model: Model, real: Real, key: ActorKey, index: number): ModelActor & { caller: Caller } {
  const owner = model.applications[index].owner;
  switch (key) {
    case 'owner':
      return { role: 'applicant', sub: real.applicantSubs[owner], sees: true, caller: real.applicants[owner] };
    case 'otherApplicant': {
      const other = owner === 0 ? 1 : 0;
      return { role: 'applicant', sub: real.applicantSubs[other], sees: false, caller: real.applicants[other] };
    }
    case 'officerA':
    case 'officerB':
    case 'officerEverywhere':
      return { role: 'officer', sees: true, ...real.callers[key] };
    case 'foreignOfficer':
      return { role: 'officer', sees: false, ...real.callers[key] };
    case 'admin':
      return { role: 'admin', sees: true, ...real.callers[key] };
    case 'provincial':
      // Provincial staff see aggregates, never an application or a document (invariants 7, 10).
      return { role: 'provincial', sees: false, ...real.callers[key] };
  }
}

export interface TransitionSpec {
  app: number;
  actor: ActorKey;
  verb: Verb;
  reason: Reason;
  amountCents: number | undefined;
  ifMatch: IfMatch;
}

const describeSpec = (s: TransitionSpec) =>
  `${s.actor} ${s.verb} app${s.app}` +
  (s.reason !== undefined ? ` reason=${JSON.stringify(s.reason)}` : '') +
  (s.amountCents !== undefined ? ` amount=${s.amountCents}` : '') +
  (s.ifMatch !== 'none' ? ` if-match=${s.ifMatch}` : '');

/** Answers the runs produced, so a test can show it reached budget-exhausted, four-eyes, ... */
export const coverage = new Map<string, number>();
const cover = (key: string) => coverage.set(key, (coverage.get(key) ?? 0) + 1);

/** One of `candidates` (the dates a step may set, read on either side of midnight) is what the reply shows. */
function expectOneOf(candidates: string[], actual: unknown, context: string): string {
  expect({ context, actual, oneOf: candidates.includes(actual as string) }).toEqual({
    context,
    actual,
    oneOf: true,
  });
  return actual as string;
}

/** Sends one transition, checks the answer against the model, then the whole observable state. */
async function step(model: Model, real: Real, spec: TransitionSpec): Promise<void> {
  const application = model.applications[spec.app];
  const actor = actorFor(model, real, spec.actor, spec.app);
  const expected = predict(model, application, actor, spec);
  const id = real.applicationIds[spec.app];

  const headers: Record<string, string> = {};
  if (spec.ifMatch === 'current') headers['if-match'] = `"${application.version}"`;
  if (spec.ifMatch === 'stale') {
    headers['if-match'] = `"${application.version > 1 ? application.version - 1 : application.version + 1}"`;
  }
  if (spec.ifMatch === 'any') headers['if-match'] = '*';
  const body: Record<string, unknown> = { action: spec.verb };
  if (spec.reason !== undefined) body.reason = spec.reason;
  if (spec.amountCents !== undefined) body.amountCents = spec.amountCents;

  const dayBefore = dutchToday();
  const reply = await actor.caller.post(`/api/v1/applications/${id}/transitions`, body, headers);
  const dayAfter = dutchToday();

  cover(expected.status === 200 ? `200 ${spec.verb}` : `${expected.status} ${expected.code}`);
  if (expected.status === 200 && spec.verb === 'withdraw') cover(`200 withdraw from ${application.status}`);
  const context = `${describeSpec(spec)} on ${application.status}@v${application.version}`;
  expect({ context, status: reply.status, code: reply.body?.code }).toEqual({
    context,
    ...expected,
    code: expected.code,
  });
  if (expected.status !== 200) {
    expect(String(reply.headers['content-type'])).toContain('application/problem+json');
    expect(reply.body.status).toBe(expected.status);
  } else {
    const days = (n: number) => [plusDays(dayBefore, n), plusDays(dayAfter, n)];
    const dates: StepDates = {};
    if (spec.verb === 'request-information') {
      dates.dueOn = expectOneOf(days(model.informationTermDays), reply.body.informationRequest?.dueOn, context);
    }
    if (spec.verb === 'reject' || spec.verb === 'not-consider') {
      dates.objectionDeadline = expectOneOf(days(SIX_WEEKS), reply.body.decision?.objectionDeadline, context);
    }
    if (spec.verb === 'object') {
      dates.decisionDueOn = expectOneOf(days(SIX_WEEKS), reply.body.objection?.decisionDueOn, context);
    }
    apply(model, spec.app, actor, spec, dates);
    expectApplication(reply, model, spec.app, real);
    expect(reply.headers.etag).toBe(`"${application.version}"`);
    expect([...reply.body.allowedActions].sort()).toEqual(allowedActions(model, application, actor));
    if (spec.verb === 'grant') {
      expect(reply.body.voucher.code).toMatch(/^VV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(days(VALIDITY_DAYS)).toContain(reply.body.voucher.expiresOn);
    }
  }
  await expectObservableState(model, real, spec.app, actor, describeSpec(spec));
}

/** The application as the model has it: status, version, money, voucher, decision, request and objection. */
function expectApplication(reply: Reply, model: Model, index: number, real: Real): void {
  const m = model.applications[index];
  expect(reply.body).toMatchObject({
    id: real.applicationIds[index],
    programmeCode: real.programmeCode,
    status: m.status,
    version: m.version,
    requestedAmountCents: m.requestedCents,
    grantedAmountCents: m.grantedCents,
  });
  expect(reply.body.eligibility?.status).toBe(m.eligibility);
  if (m.ordinal === null) {
    expect(reply.body.voucher).toBeNull();
  } else {
    expect(reply.body.voucher).toMatchObject({ ordinal: m.ordinal, amountCents: m.grantedCents });
  }
  if (m.decision === null) expect(reply.body.decision).toBeNull();
  else {
    const { serial: _serial, ...decision } = m.decision;
    expect(reply.body.decision).toMatchObject(decision);
  }
  if (m.informationRequest === null) expect(reply.body.informationRequest).toBeNull();
  else {
    expect(reply.body.informationRequest).toMatchObject({
      reason: m.informationRequest.reason,
      dueOn: m.informationRequest.dueOn,
    });
  }
  if (m.objection === null) expect(reply.body.objection).toBeNull();
  else {
    expect(reply.body.objection).toMatchObject({
      reason: m.objection.reason,
      decisionDueOn: m.objection.decisionDueOn,
      outcome: m.objection.outcome,
      outcomeReason: m.objection.outcomeReason,
    });
  }
}

/** Everything a client can observe after a step, as the model has it; `actor` is who acted. */
async function expectObservableState(
  model: Model,
  real: Real,
  app: number,
  actor: ModelActor & { caller: Caller },
  context: string,
) {
  const { t } = real;
  const admin = real.callers.admin.caller;
  const id = real.applicationIds[app];
  const m = model.applications[app];

  // Nothing changes the state while it is read (there is no worker), so the reads go out
  // together rather than one round trip after another; they are checked in order below.
  const [read, history, documents, own, theirs, programme, milestones] = await Promise.all([
    admin.get(`/api/v1/applications/${id}`),
    admin.get(`/api/v1/applications/${id}/history`),
    admin.get(`/api/v1/applications/${id}/documents`),
    actor.caller.get(`/api/v1/applications/${id}`),
    actor.sees ? null : actor.caller.get(`/api/v1/applications/${id}/documents`),
    t.anonymous.get(`/api/v1/programmes/${real.programmeCode}`),
    t.db.query(
      `SELECT threshold, ordinal, application_id AS "applicationId" FROM milestones WHERE programme_id = $1 ORDER BY threshold`,
      [real.programmeId],
    ),
  ]);

  // The application, as an admin sees it (admins see everything and may take no action).
  expect(read.status).toBe(200);
  expectApplication(read, model, app, real);
  expect(read.headers.etag).toBe(`"${m.version}"`);
  expect(read.body.allowedActions).toEqual([]);

  // Invariant 1: one history row per change, with who and why.
  expect(history.status).toBe(200);
  expect(history.body.items.map(({ at: _at, ...item }: { at: string }) => item)).toEqual(m.history);
  expect(read.body.version).toBe(history.body.items.length);

  // The documents on file (invariant 10: all clean here, there is no scanner).
  expect(documents.status).toBe(200);
  expect(documents.body.items.map((d: { kind: string; scan: string }) => [d.kind, d.scan])).toEqual(
    m.documents.map((kind) => [kind, 'clean']),
  );

  // The caller's own view: the same application and what they may do now, or nothing at all.
  if (actor.sees) {
    expect(own.status).toBe(200);
    expect(own.body.version).toBe(m.version);
    expect({ context, allowed: [...own.body.allowedActions].sort() }).toEqual({
      context,
      allowed: allowedActions(model, m, actor),
    });
  } else {
    expect(own.status).toBe(404);
    expect(own.body.code).toBe('not-found');
    expect({ context, status: theirs?.status }).toEqual({ context, status: 404 });
  }

  // The programme's counters (invariants 3 and 4).
  expect(programme.body).toMatchObject({
    grantedCount: model.grantedCount,
    committedCents: model.committedCents,
    spentCents: model.spentCents,
    availableCents: model.budgetCents - model.committedCents - model.spentCents,
  });

  // Invariant 5: each threshold once, naming the voucher with that ordinal.
  expect(milestones).toEqual(
    [...model.milestones.entries()]
      .sort(([a], [b]) => a - b)
      .map(([threshold, index]) => ({ threshold, ordinal: threshold, applicationId: real.applicationIds[index] })),
  );
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/** Any transition by anyone, with or without reason, amount and If-Match. */
export class TransitionCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly spec: TransitionSpec) {}
  check = () => true;
  run = (model: Model, real: Real) => step(model, real, this.spec);
  toString = () => describeSpec(this.spec);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
/** A Windows executable called certificaat.pdf: its content says what it is. */
const EXECUTABLE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120)]);

/** An upload by anyone: a real PDF, or an executable named .pdf. */
export class UploadCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly app: number,
    readonly actor: ActorKey,
    readonly kind: DocumentKind,
    readonly good: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const m = model.applications[this.app];
    const actor = actorFor(model, real, this.actor, this.app);
    const expected = predictUpload(m, actor, this.good);
    const reply = await actor.caller.upload(`/api/v1/applications/${real.applicationIds[this.app]}/documents`, [
      { name: 'kind', value: this.kind },
      { name: 'file', fileName: 'certificaat.pdf', bytes: this.good ? PDF : EXECUTABLE },
    ]);
    cover(`${expected.status} upload${expected.code ? ` ${expected.code}` : ''}`);
    const context = `${this.toString()} on ${m.status}`;
    expect({ context, status: reply.status, code: reply.body?.code }).toEqual({ context, ...expected });
    if (expected.status === 201) {
      expect(reply.body).toMatchObject({ kind: this.kind, contentType: 'application/pdf', scan: 'clean' });
      // An upload is no transition: the version stays.
      m.documents.push(this.kind);
    }
    await expectObservableState(model, real, this.app, actor, context);
  }
  toString = () => `${this.actor} uploads ${this.good ? 'a PDF' : 'an executable'} (${this.kind}) to app${this.app}`;
}

/** The clock passes a term: the information due date, or the objection deadline (the database is told, as time would). */
export class TimePassesCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly app: number,
    readonly term: 'information' | 'objection',
  ) {}
  check = (model: Readonly<Model>) =>
    this.term === 'information'
      ? model.applications[this.app].informationRequest !== null
      : model.applications[this.app].decision !== null;
  async run(model: Model, real: Real) {
    const m = model.applications[this.app];
    const yesterday = plusDays(dutchToday(), -1);
    const id = real.applicationIds[this.app];
    if (this.term === 'information') {
      await real.t.db.query(
        `UPDATE applications SET information_request = jsonb_set(information_request, '{dueOn}', to_jsonb($2::text)) WHERE id = $1`,
        [id, yesterday],
      );
      m.informationRequest!.dueOn = yesterday;
    } else {
      await real.t.db.query(
        `UPDATE applications SET decision = jsonb_set(decision, '{objectionDeadline}', to_jsonb($2::text)) WHERE id = $1`,
        [id, yesterday],
      );
      m.decision!.objectionDeadline = yesterday;
    }
    cover(`time passes: ${this.term}`);
    // Not a transition: no history row, and the version stays.
    await Promise.all([
      expectObservableState(model, real, this.app, actorFor(model, real, 'owner', this.app), this.toString()),
      expectObservableState(model, real, this.app, actorFor(model, real, 'officerB', this.app), this.toString()),
    ]);
  }
  toString = () => `the ${this.term} term of app${this.app} passes`;
}

const ADVANCE_ACTORS: ActorKey[] = ['owner', 'officerA', 'officerB', 'officerEverywhere'];
/** Steps that move an application on (money, ordinal, the Awb procedures), rather than ending it. */
const FORWARD: Verb[] = [
  'review',
  'grant',
  'complete',
  'request-information',
  'supplement',
  'not-consider',
  'object',
  'uphold',
  'dismiss',
];

/**
 * A step that gets past role and state on application `app` (the `choice`-th of them), so
 * that runs reach granted, completed, objections, the budget limit and the guards within a few
 * commands. Without a reason, a step that needs one meets its guard. Where a step waits for a
 * document (complete, a supplement without an answer), the owner uploads one first, one time
 * in two.
 */
export class AdvanceCommand implements fc.AsyncCommand<Model, Real> {
  private chosen = '';
  constructor(
    readonly app: number,
    readonly choice: number,
    readonly withReason: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const m = model.applications[this.app];
    const waitsForDocument =
      (m.status === 'granted' && !hasCleanProof(m)) ||
      (m.status === 'information-requested' && !this.withReason && !suppliedSinceRequest(m));
    if (waitsForDocument && this.choice % 2 === 0) {
      const kind = m.status === 'granted' ? 'completion-proof' : 'supporting';
      const upload = new UploadCommand(this.app, 'owner', kind, true);
      this.chosen = upload.toString();
      return upload.run(model, real);
    }
    const candidates: TransitionSpec[] = [];
    for (const actor of ADVANCE_ACTORS) {
      for (const verb of VERBS) {
        const reason = this.withReason ? '  Certificate seen  ' : undefined;
        const spec: TransitionSpec = { app: this.app, actor, verb, reason, amountCents: undefined, ifMatch: 'current' };
        const who = actorFor(model, real, actor, this.app);
        const outcome = predict(model, m, who, spec);
        // (eligibility-pending is left to the other commands: here it would only mark time)
        if (outcome.status === 200 || (outcome.status === 422 && outcome.code !== 'eligibility-pending')) {
          candidates.push(spec);
        }
      }
    }
    // Two times in three, a step that moves the application on (or withdraws a voucher) when there is one.
    const forward = candidates.filter(
      (c) => FORWARD.includes(c.verb) || (m.status === 'granted' && c.verb === 'withdraw'),
    );
    const pool = forward.length > 0 && this.choice % 3 !== 0 ? forward : candidates;
    const spec: TransitionSpec = pool.length
      ? pool[Math.floor(this.choice / 3) % pool.length]
      : {
          app: this.app,
          actor: 'officerA',
          verb: 'review',
          reason: undefined,
          amountCents: undefined,
          ifMatch: 'none',
        };
    this.chosen = describeSpec(spec);
    await step(model, real, spec);
  }
  toString = () =>
    `advance(app${this.app}, ${this.choice}${this.withReason ? '' : ', no reason'})` +
    (this.chosen ? ` = ${this.chosen}` : '');
}

/** The eligibility worker finishes the check of application `app` (as the harness records it). */
export class EligibilityCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly app: number) {}
  check = (model: Readonly<Model>) => model.applications[this.app].eligibility === 'pending';
  async run(model: Model, real: Real) {
    await real.t.passEligibility(real.applicationIds[this.app]);
    // Not a transition: no history row, and the version stays.
    model.applications[this.app].eligibility = 'passed';
    // The officers' review becomes possible; the owner's view and the history do not change.
    await Promise.all([
      expectObservableState(model, real, this.app, actorFor(model, real, 'officerA', this.app), this.toString()),
      expectObservableState(model, real, this.app, actorFor(model, real, 'owner', this.app), this.toString()),
    ]);
  }
  toString = () => `eligibility passed(app${this.app})`;
}

export const APPS = 3;
const appArb = fc.integer({ min: 0, max: APPS - 1 });
const actorArb: fc.Arbitrary<ActorKey> = fc.oneof(
  { arbitrary: fc.constant<ActorKey>('owner'), weight: 4 },
  { arbitrary: fc.constant<ActorKey>('officerA'), weight: 4 },
  { arbitrary: fc.constant<ActorKey>('officerB'), weight: 4 },
  { arbitrary: fc.constant<ActorKey>('officerEverywhere'), weight: 1 },
  { arbitrary: fc.constantFrom<ActorKey>('otherApplicant', 'foreignOfficer', 'admin', 'provincial'), weight: 3 },
);
export const transitionArb = fc
  .record({
    app: appArb,
    actor: actorArb,
    verb: fc.constantFrom<Verb>(...VERBS),
    reason: fc.constantFrom<Reason>(
      undefined,
      '',
      '   ',
      '  Certificate seen  ',
      'Outside the region',
      'Outside the region',
    ),
    // around min 100,000, the cap of 80 % of 320,000 = 256,000 and max 300,000
    amountCents: fc.constantFrom<number | undefined>(
      ...[undefined, undefined, undefined, 50_000, 100_000, 200_000, 256_000, 260_000, 300_000, 350_000],
    ),
    ifMatch: fc.constantFrom<IfMatch>('none', 'none', 'current', 'current', 'stale', 'any'),
  })
  .map((spec) => new TransitionCommand(spec));

export const eligibilityArb = appArb.map((app) => new EligibilityCommand(app));
export const advanceArb = fc
  .tuple(appArb, fc.nat({ max: 59 }), fc.constantFrom(true, true, true, false, false))
  .map(([app, choice, withReason]) => new AdvanceCommand(app, choice, withReason));
export const uploadArb = fc
  .record({
    app: appArb,
    actor: actorArb,
    kind: fc.constantFrom<DocumentKind>('completion-proof', 'supporting'),
    good: fc.constantFrom(true, true, true, false),
  })
  .map(({ app, actor, kind, good }) => new UploadCommand(app, actor, kind, good));
export const timeArb = fc
  .tuple(appArb, fc.constantFrom<'information' | 'objection'>('information', 'objection'))
  .map(([app, term]) => new TimePassesCommand(app, term));

type Start = 'submitted' | 'reviewed' | 'granted' | 'information-requested' | 'rejected' | 'objection';

export interface Scenario {
  budgetCents: number;
  fourEyes: boolean;
  coFundingPercent: number;
  informationTermDays: number;
  applications: {
    requestedCents: number;
    costCents: number;
    start: Start;
    reviewer: 'officerA' | 'officerB';
    eligibility: 'pending' | 'passed';
  }[];
}

export function scenarioArb(starts: Start[]): fc.Arbitrary<Scenario> {
  return fc.record({
    budgetCents: fc.constantFrom(250_000, 250_000, 500_000, 600_000),
    fourEyes: fc.constantFrom(true, true, true, false),
    coFundingPercent: fc.constantFrom(100, 80),
    informationTermDays: fc.constantFrom(1, 14, 30),
    applications: fc.array(
      fc.record({
        requestedCents: fc.constantFrom(100_000, 250_000, 300_000),
        costCents: fc.constantFrom(320_000, 320_000, 200_000),
        start: fc.constantFrom<Start>(...starts),
        reviewer: fc.constantFrom<'officerA' | 'officerB'>('officerA', 'officerB'),
        eligibility: fc.constantFrom<'pending' | 'passed'>('passed', 'passed', 'passed', 'passed', 'pending'),
      }),
      { minLength: APPS, maxLength: APPS },
    ),
  });
}

/** A programme, people and three applications through the api, walked to their start as the model has it. */
export async function setup(t: TestApp, scenario: Scenario): Promise<{ model: Model; real: Real }> {
  const programme = await t.newProgramme({
    budgetCents: scenario.budgetCents,
    fourEyes: scenario.fourEyes,
    maxCoFundingPercent: scenario.coFundingPercent,
    minAmountCents: MIN_AMOUNT,
    maxAmountCents: MAX_AMOUNT,
    milestones: MILESTONES,
    voucherValidityDays: VALIDITY_DAYS,
    informationTermDays: scenario.informationTermDays,
  });
  expect(programme.informationTermDays).toBe(scenario.informationTermDays);
  const applicantSubs: [string, string] = [t.unique('applicant'), t.unique('applicant')];
  const applicants: [Caller, Caller] = [await t.applicant(applicantSubs[0]), await t.applicant(applicantSubs[1])];
  const sub = (name: string) => t.unique(name);
  const [officerA, officerB, officerEverywhere, foreignOfficer, provincial] = [
    sub('officer-a'),
    sub('officer-b'),
    sub('officer-all'),
    sub('officer-foreign'),
    sub('provincial'),
  ];
  const callers: Real['callers'] = {
    officerA: { caller: await t.officer([programme.code], officerA), sub: officerA },
    officerB: { caller: await t.officer(['elsewhere-1', programme.code], officerB), sub: officerB },
    officerEverywhere: { caller: await t.officer(['*'], officerEverywhere), sub: officerEverywhere },
    foreignOfficer: { caller: await t.officer(['elsewhere-1', 'elsewhere-2'], foreignOfficer), sub: foreignOfficer },
    admin: { caller: await t.admin(), sub: 'admin-1' },
    provincial: { caller: await t.provincial(programme.province, provincial), sub: provincial },
  };

  const model: Model = {
    budgetCents: scenario.budgetCents,
    fourEyes: scenario.fourEyes,
    coFundingPercent: scenario.coFundingPercent,
    informationTermDays: scenario.informationTermDays,
    committedCents: 0,
    spentCents: 0,
    grantedCount: 0,
    decisions: 0,
    milestones: new Map(),
    applications: [],
  };
  const applicationIds: string[] = [];
  for (const [i, a] of scenario.applications.entries()) {
    const owner = i < 2 ? 0 : 1; // applicant 0 owns two, applicant 1 one
    const { application } = await t.newApplication(programme.code, {
      applicant: applicants[owner],
      body: { requestedAmountCents: a.requestedCents, training: { costCents: a.costCents } },
      eligibility: a.eligibility,
    });
    // Submitted at version 1; the version counts transitions only, not the eligibility check.
    const version = 1;
    expect(application).toMatchObject({ status: 'submitted', version, eligibility: { status: a.eligibility } });
    applicationIds.push(application.id);
    model.applications.push({
      owner,
      eligibility: a.eligibility,
      status: 'submitted',
      version,
      history: [
        {
          action: 'submit',
          from: null,
          to: 'submitted',
          actor: { id: applicantSubs[owner], role: 'applicant' },
          reason: null,
        },
      ],
      reviewer: null,
      requestedCents: a.requestedCents,
      costCents: a.costCents,
      grantedCents: null,
      ordinal: null,
      decision: null,
      informationRequest: null,
      objection: null,
      documents: [],
    });
  }
  const [{ id: programmeId }] = await t.db.query(`SELECT id FROM programmes WHERE code = $1`, [programme.code]);
  const real: Real = {
    t,
    programmeCode: programme.code,
    programmeId,
    applicationIds,
    applicants,
    applicantSubs,
    callers,
  };

  // Walk some applications ahead through the api, checked like any other step (a grant may
  // meet its amount or budget guard, a review a pending check, and leave the application behind).
  for (const [app, a] of scenario.applications.entries()) {
    const plain = { app, reason: undefined, amountCents: undefined, ifMatch: 'none' } as const;
    const because = { ...plain, reason: 'Outside the region' } as const;
    const other = a.reviewer === 'officerA' ? 'officerB' : 'officerA';
    switch (a.start) {
      case 'submitted':
        break;
      case 'information-requested':
        await step(model, real, { ...because, actor: a.reviewer, verb: 'request-information' });
        break;
      case 'rejected':
      case 'objection':
        await step(model, real, { ...because, actor: a.reviewer, verb: 'reject' });
        if (a.start === 'objection') await step(model, real, { ...because, actor: 'owner', verb: 'object' });
        break;
      case 'reviewed':
      case 'granted':
        await step(model, real, { ...plain, actor: a.reviewer, verb: 'review' });
        if (a.start === 'granted') await step(model, real, { ...plain, actor: other, verb: 'grant' });
        break;
    }
  }
  return { model, real };
}

export interface ModelRunOptions {
  numRuns: number;
  starts: Start[];
  /** How often each kind of command is drawn, relative to the others. */
  weights: { transition: number; advance: number; eligibility: number; upload: number; time: number };
  maxCommands?: number;
  /** Command sequences (with their scenario) fast-check runs first, so each run reaches what it is about. */
  examples?: [Scenario, fc.AsyncCommand<Model, Real>[]][];
}

/** Runs the model `numRuns` times against the api of `t`; answers how many runs there were. */
export async function runModel(t: TestApp, options: ModelRunOptions): Promise<number> {
  const { weights } = options;
  const kinds: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
    ...Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>>(weights.transition).fill(transitionArb),
    ...Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>>(weights.advance).fill(advanceArb),
    ...Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>>(weights.eligibility).fill(eligibilityArb),
    ...Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>>(weights.upload).fill(uploadArb),
    ...Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>>(weights.time).fill(timeArb),
  ];
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      scenarioArb(options.starts),
      fc.commands(kinds, { maxCommands: options.maxCommands ?? 12 }),
      async (scenario, commands) => {
        runs++;
        await fc.asyncModelRun(() => setup(t, scenario), commands);
      },
    ),
    { numRuns: options.numRuns, examples: options.examples as never },
  );
  return runs;
}

/** A scenario with three applications starting as `starts` says, all checked, four eyes, a roomy budget. */
export function exampleScenario(
  starts: [Start, Start, Start],
  informationTermDays = 14,
  budgetCents = 600_000,
): Scenario {
  return {
    budgetCents,
    fourEyes: true,
    coFundingPercent: 100,
    informationTermDays,
    applications: starts.map((start) => ({
      requestedCents: 100_000,
      costCents: 320_000,
      start,
      reviewer: 'officerA' as const,
      eligibility: 'passed' as const,
    })),
  };
}

/** A transition command for an example run. */
export function act(
  app: number,
  actor: ActorKey,
  verb: Verb,
  reason?: Reason,
  options: { amountCents?: number; ifMatch?: IfMatch } = {},
): TransitionCommand {
  return new TransitionCommand({
    app,
    actor,
    verb,
    reason,
    amountCents: options.amountCents,
    ifMatch: options.ifMatch ?? 'none',
  });
}
