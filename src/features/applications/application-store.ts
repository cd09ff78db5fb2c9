import type { EntityManager } from 'typeorm';
import type { SqlPart } from '../../platform/database/sql-part';
import { DomainError } from '../../platform/kernel/domain-error';
import { commitGrantSql } from '../programmes/programme-budget';
import { nextSubmissionNumberSql } from '../programmes/programmes.service';
import { Application } from './application.entity';
import { ApplicationStatus } from './application-status';
import { ApplicationChanges } from './voucher-lifecycle';

type Queryable = Pick<EntityManager, 'query'>;

/** The write path's statements on `applications` and `application_history`, inside the caller's transaction. */

/** The column of an entity property: the entity names every column in snake case (grantedAt → granted_at). */
const columnOf = (property: string) => property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Inserts a new application with the next reference (`<prefix>000123`) and the programme's next
 * submission number (its own sequence: no lock shared by submissions), which is the rank when
 * `rankBySubmission` (first-come); returns id, reference, rank and time.
 */
export async function insertApplication(
  tx: Queryable,
  draft: Application,
  referencePrefix: string,
  rankBySubmission: boolean,
): Promise<{ id: string; reference: string; submittedAt: Date; rank: number | null }> {
  const [row] = await tx.query<{ id: string; reference: string; submitted_at: Date; rank: number | null }[]>(
    `INSERT INTO applications (reference, programme_id, programme_code, owner_id, status, applicant,
       employer, training, motivation, requested_amount_cents, eligibility, idempotency_key, request_hash, rank)
     SELECT $1 || lpad(seq.n::text, greatest(6, length(seq.n::text)), '0'), $2, $3, $4, $5, $6, $7, $8, $9,
       $10, $11, $12, $13, CASE WHEN $14::boolean THEN sub.n END
     FROM (SELECT nextval('application_reference_seq') AS n) seq,
          (SELECT ${nextSubmissionNumberSql('$2::uuid')}::int AS n) sub
     RETURNING id, reference, submitted_at, rank`,
    [
      referencePrefix,
      draft.programmeId,
      draft.programmeCode,
      draft.ownerId,
      draft.status,
      draft.applicant,
      draft.employer,
      draft.training,
      draft.motivation,
      draft.requestedAmountCents,
      draft.eligibility,
      draft.idempotencyKey,
      draft.requestHash,
      rankBySubmission,
    ],
  );
  return { id: row.id, reference: row.reference, submittedAt: row.submitted_at, rank: row.rank };
}

/**
 * Moves the application to `to` with `changes`, only if nobody changed it since it was read
 * (invariant 2): the loser of a race gets `conflict`.
 */
export async function updateVersioned(
  tx: Queryable,
  application: Application,
  to: ApplicationStatus,
  changes: ApplicationChanges,
  now: Date,
): Promise<void> {
  const params: unknown[] = [application.id, application.version, to, now];
  const sets = (Object.entries(changes) as [keyof ApplicationChanges, unknown][]).map(([property, value]) => {
    params.push(value);
    return `, ${columnOf(property)} = $${params.length}`;
  });
  const [rows] = await tx.query<[{ version: number }[], number]>(
    `UPDATE applications SET status = $3, version = version + 1, updated_at = $4${sets.join('')}
     WHERE id = $1 AND version = $2 RETURNING version`,
    params,
  );
  if (rows.length === 0) throw new DomainError('conflict', 'Another change to this application came first; reload it');
}

/**
 * Commits a grant's money on its programme and stores the ordinal it took on the application,
 * in one statement (one round trip under the programme's row lock). null when the programme
 * has no budget left for the amount (nothing changed).
 */
export async function takeVoucherOrdinal(
  tx: Queryable,
  applicationId: string,
  programmeId: string,
  amountCents: number,
): Promise<{ ordinal: number; milestones: number[] } | null> {
  // An UPDATE … RETURNING answers [rows, count] through the driver.
  const [rows] = await tx.query<[{ granted_count: number; milestones: number[] }[], number]>(
    `WITH p AS (${commitGrantSql('$2', '$3')})
     UPDATE applications a SET voucher_ordinal = p.granted_count FROM p WHERE a.id = $1
     RETURNING p.granted_count, p.milestones`,
    [applicationId, programmeId, amountCents],
  );
  return rows.length === 0 ? null : { ordinal: rows[0].granted_count, milestones: rows[0].milestones };
}

/** The history row of a step; `also` runs as part of the same statement (one round trip). */
export async function insertHistory(
  tx: Queryable,
  entry: {
    applicationId: string;
    at: Date;
    action: string;
    from: ApplicationStatus | null;
    to: ApplicationStatus;
    actorId: string;
    actorRole: string;
    reason: string | null;
  },
  also?: SqlPart,
): Promise<void> {
  const params = [
    entry.applicationId,
    entry.at,
    entry.action,
    entry.from,
    entry.to,
    entry.actorId,
    entry.actorRole,
    entry.reason,
  ];
  await tx.query(
    `${also ? `WITH also AS (${also.sql(params.length + 1)}) ` : ''}` +
      `INSERT INTO application_history (application_id, at, action, from_status, to_status, actor_id, actor_role, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    also ? [...params, ...also.params] : params,
  );
}
