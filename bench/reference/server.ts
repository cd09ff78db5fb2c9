import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import * as SQL from './sql';

/**
 * The reference: the least a program can do here to serve the same two routes with the same
 * effects. Fastify with its JSON-schema body check, an HS256 check with node:crypto, pg with a
 * pool of the same size, and the same SQL statements in the same transaction order as our
 * code (bench/reference/sql.ts). No framework, no ORM, no logging.
 */

export interface ReferenceOptions {
  databaseUrl: string;
  jwtSecret: string;
  poolSize: number;
  bodyLimit: number;
}

interface Claims {
  sub: string;
  role: string;
  programmes?: string[];
  exp: number;
}

const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const POSTCODE = '^[1-9][0-9]{3} ?[A-Za-z]{2}$';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const str = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max });
const SUBMIT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['programmeCode', 'applicant', 'training', 'requestedAmountCents'],
  properties: {
    programmeCode: str(1, 100),
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'email', 'postcode', 'dateOfBirth', 'gender', 'targetGroup'],
      properties: {
        name: str(1, 200),
        email: { type: 'string', maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' },
        postcode: { type: 'string', pattern: POSTCODE },
        dateOfBirth: { type: 'string', pattern: DATE },
        gender: { enum: ['female', 'male', 'non-binary', 'undisclosed'] },
        targetGroup: { enum: ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'] },
        locale: { enum: ['nl', 'en'] },
        publicityConsent: { type: 'boolean' },
      },
    },
    employer: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'kvkNumber', 'postcode'],
      properties: {
        name: str(1, 200),
        kvkNumber: { type: 'string', pattern: '^[0-9]{8}$' },
        postcode: { type: 'string', pattern: POSTCODE },
      },
    },
    training: {
      type: 'object',
      additionalProperties: false,
      required: ['provider', 'title', 'kind', 'startsOn', 'endsOn', 'costCents'],
      properties: {
        provider: str(1, 200),
        title: str(1, 300),
        kind: { enum: ['upskilling', 'reskilling', 'retraining'] },
        startsOn: { type: 'string', pattern: DATE },
        endsOn: { type: 'string', pattern: DATE },
        costCents: { type: 'integer', minimum: 1, maximum: 100_000_000_00 },
      },
    },
    requestedAmountCents: { type: 'integer', minimum: 1, maximum: 100_000_000_00 },
    motivation: { type: 'string', maxLength: 2000 },
  },
};

const TRANSITION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: { enum: ['review', 'grant', 'reject', 'complete', 'withdraw'] },
    reason: { type: 'string', maxLength: 2000 },
    amountCents: { type: 'integer', minimum: 1 },
  },
};

function problem(reply: FastifyReply, status: number, code: string) {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title: code, status, code });
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function voucherCode(): string {
  let s = '';
  for (const byte of randomBytes(12)) s += CROCKFORD[byte & 31];
  return `VV-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The row as docs/api.md shows it: the same fields our api answers with. */
function view(row: Record<string, any>, allowedActions: string[]) {
  return {
    id: row.id,
    reference: row.reference,
    programmeCode: row.programme_code,
    status: row.status,
    version: row.version,
    applicant: row.applicant,
    employer: row.employer,
    training: row.training,
    motivation: row.motivation,
    requestedAmountCents: row.requested_amount_cents,
    grantedAmountCents: row.granted_amount_cents,
    voucher:
      row.voucher_code === null
        ? null
        : {
            code: row.voucher_code,
            ordinal: row.voucher_ordinal,
            amountCents: row.granted_amount_cents,
            expiresOn: row.voucher_expires_on,
          },
    eligibility: row.eligibility,
    decision: row.decision,
    allowedActions,
    submittedAt: new Date(row.submitted_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function createReferenceServer(options: ReferenceOptions): Promise<FastifyInstance> {
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize,
    connectionTimeoutMillis: 5000,
  });
  const key = Buffer.from(options.jwtSecret, 'utf8');

  /** HS256 with node:crypto: signature, algorithm, expiry. */
  function claimsOf(request: FastifyRequest): Claims | null {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const parts = match?.[1].split('.');
    if (!parts || parts.length !== 3) return null;
    const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
      if (header.alg !== 'HS256' || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
      if (typeof claims.sub !== 'string' || typeof claims.role !== 'string') return null;
      return claims;
    } catch {
      return null;
    }
  }

  async function inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const app = Fastify({ bodyLimit: options.bodyLimit, logger: false });
  app.addHook('onClose', async () => pool.end());

  app.post('/api/v1/applications', { schema: { body: SUBMIT_SCHEMA } }, async (request, reply) => {
    const actor = claimsOf(request);
    if (!actor) return problem(reply, 401, 'unauthenticated');
    if (actor.role !== 'applicant') return problem(reply, 403, 'forbidden');
    const input = request.body as Record<string, any>;
    if (input.applicant.targetGroup === 'employee' && !input.employer) return problem(reply, 400, 'invalid-request');
    if (input.training.endsOn < input.training.startsOn) return problem(reply, 400, 'invalid-request');
    const {
      rows: [programme],
    } = await pool.query(SQL.PROGRAMME_BY_CODE, [input.programmeCode]);
    if (!programme) return problem(reply, 400, 'invalid-request');
    const now = new Date();
    if (!(programme.opens_at <= now && now <= programme.closes_at)) return problem(reply, 422, 'programme-closed');

    const applicant = { locale: 'nl', publicityConsent: false, ...input.applicant };
    const training = { ...input.training };
    const eligibility = { status: 'pending', checkedAt: null, checks: [] };
    const row = await inTransaction(async (client) => {
      const {
        rows: [inserted],
      } = await client.query(SQL.INSERT_APPLICATION, [
        `${programme.province}-${amsterdamDate.format(programme.opens_at).slice(0, 4)}-`,
        programme.id,
        programme.code,
        actor.sub,
        'submitted',
        applicant,
        input.employer ?? null,
        training,
        input.motivation ?? null,
        input.requestedAmountCents,
        eligibility,
        null,
        null,
      ]);
      await client.query(SQL.COUNT_SUBMIT, [
        programme.id,
        applicant.targetGroup,
        applicant.gender,
        training.kind,
        'submitted',
      ]);
      await client.query(SQL.HISTORY_SUBMIT, [inserted.id, inserted.submitted_at, actor.sub, actor.role]);
      await client.query(SQL.OUTBOX_ONE, [
        'application.submitted',
        JSON.stringify({
          applicationId: inserted.id,
          reference: inserted.reference,
          programmeCode: programme.code,
          action: 'submit',
          from: null,
          to: 'submitted',
          actorId: actor.sub,
        }),
      ]);
      return inserted;
    });
    reply.code(201).header('location', `/api/v1/applications/${row.id}`).header('etag', '"1"');
    return view(
      {
        ...row,
        programme_code: programme.code,
        status: 'submitted',
        version: 1,
        applicant,
        employer: input.employer ?? null,
        training,
        motivation: input.motivation ?? null,
        requested_amount_cents: input.requestedAmountCents,
        granted_amount_cents: null,
        voucher_code: null,
        eligibility,
        decision: null,
        updated_at: row.submitted_at,
      },
      ['withdraw'],
    );
  });

  app.post('/api/v1/applications/:id/transitions', { schema: { body: TRANSITION_SCHEMA } }, async (request, reply) => {
    const actor = claimsOf(request);
    if (!actor) return problem(reply, 401, 'unauthenticated');
    const { id } = request.params as { id: string };
    const input = request.body as { action: string; reason?: string; amountCents?: number };
    if (!UUID.test(id)) return problem(reply, 404, 'not-found');
    const {
      rows: [app],
    } = await pool.query(SQL.APPLICATION_BY_ID, [id]);
    const scope = actor.programmes ?? [];
    if (!app || actor.role !== 'officer' || !(scope.includes('*') || scope.includes(app.programme_code))) {
      return problem(reply, 404, 'not-found');
    }
    if (input.action !== 'review' && input.action !== 'grant') return problem(reply, 403, 'forbidden');
    const {
      rows: [programme],
    } = await pool.query(SQL.PROGRAMME_BY_ID, [app.programme_id]);
    const now = new Date();
    const grant = input.action === 'grant';
    if (app.status !== (grant ? 'reviewed' : 'submitted')) return problem(reply, 409, 'illegal-transition');
    const amount = input.amountCents ?? app.requested_amount_cents;
    if (!grant && app.eligibility?.status === 'pending') return problem(reply, 422, 'eligibility-pending');
    if (grant) {
      if (programme.four_eyes && app.reviewed_by === actor.sub) return problem(reply, 422, 'four-eyes');
      const max = Math.min(
        programme.max_amount_cents,
        Math.floor((app.training.costCents * programme.max_co_funding_percent) / 100),
      );
      if (amount < programme.min_amount_cents || amount > max) return problem(reply, 422, 'amount-out-of-range');
      if (programme.committed_cents + programme.spent_cents + amount > programme.budget_cents) {
        return problem(reply, 422, 'budget-exhausted');
      }
    }
    const to = grant ? 'granted' : 'reviewed';
    const changes = grant
      ? {
          granted_amount_cents: amount,
          voucher_code: voucherCode(),
          voucher_expires_on: addDays(amsterdamDate.format(now), programme.voucher_validity_days),
        }
      : { reviewed_by: actor.sub };
    const event: Record<string, unknown> = {
      applicationId: app.id,
      reference: app.reference,
      programmeCode: app.programme_code,
      action: input.action,
      from: app.status,
      to,
      actorId: actor.sub,
      reason: null,
    };
    const updated = await inTransaction(async (client) => {
      const { rows } = grant
        ? await client.query(SQL.GRANT_UPDATE, [
            app.id,
            app.version,
            to,
            now,
            changes.granted_amount_cents,
            changes.voucher_code,
            changes.voucher_expires_on,
          ])
        : await client.query(SQL.REVIEW_UPDATE, [app.id, app.version, to, now, changes.reviewed_by]);
      if (rows.length === 0) return null;
      await client.query(SQL.COUNT_TRANSITION, [
        app.programme_id,
        app.applicant.targetGroup,
        app.applicant.gender,
        app.training.kind,
        app.id,
        app.status,
        to,
        now,
        grant,
      ]);
      await client.query(SQL.HISTORY_TRANSITION, [
        app.id,
        now,
        input.action,
        app.status,
        to,
        actor.sub,
        actor.role,
        null,
      ]);
      let ordinal: number | null = null;
      const outbox: unknown[] = [`application.${input.action}`, event];
      if (grant) {
        const { rows: committed } = await client.query(SQL.COMMIT_GRANT, [programme.id, amount]);
        if (committed.length === 0) throw Object.assign(new Error('budget'), { budget: true });
        ordinal = committed[0].granted_count as number;
        Object.assign(event, { ordinal, amountCents: amount });
        await client.query(SQL.SET_ORDINAL, [app.id, ordinal]);
        if ((committed[0].milestones as number[]).includes(ordinal)) {
          await client.query(SQL.INSERT_MILESTONE, [programme.id, ordinal, app.id, now]);
          outbox.push('milestone.reached', {
            programmeCode: programme.code,
            threshold: ordinal,
            ordinal,
            applicationId: app.id,
            reference: app.reference,
          });
        }
      }
      const params = outbox.map((v, i) => (i % 2 === 1 ? JSON.stringify(v) : v));
      await client.query(params.length === 2 ? SQL.OUTBOX_ONE : SQL.OUTBOX_TWO, params);
      return { ...app, ...changes, status: to, version: app.version + 1, updated_at: now, voucher_ordinal: ordinal };
    }).catch((error: { budget?: boolean }) => {
      if (error.budget) return 'budget' as const;
      throw error;
    });
    if (updated === null) return problem(reply, 409, 'conflict');
    if (updated === 'budget') return problem(reply, 422, 'budget-exhausted');
    reply.header('etag', `"${updated.version}"`);
    return view(updated, grant ? ['complete'] : ['grant', 'reject']);
  });

  await app.ready();
  return app;
}
