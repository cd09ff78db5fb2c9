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

/** What the write of a step's application answers (the relation `step` of its statement). */
export interface StepRow {
  id: string;
  reference: string;
  /** When the step happened: the submission's time, or the transition's. */
  at: Date;
  /** On submit. */
  rank?: number | null;
}

/**
 * Inserts a new application with the next reference (`<prefix>000123`) and the programme's next
 * submission number (its own sequence: no lock shared by submissions), which is the rank when
 * `rankBySubmission` (first-come); answers a StepRow (`at`: the submission's time).
 */
export function insertApplication(draft: Application, referencePrefix: string, rankBySubmission: boolean): SqlPart {
  return {
    sql: (p) => {
      const $ = (n: number) => `$${p + n - 1}`;
      return `INSERT INTO applications (reference, programme_id, programme_code, owner_id, status, applicant,
         employer, training, motivation, requested_amount_cents, eligibility, idempotency_key, request_hash, rank)
       SELECT ${$(1)} || lpad(seq.n::text, greatest(6, length(seq.n::text)), '0'), ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)},
         ${$(6)}, ${$(7)}, ${$(8)}, ${$(9)}, ${$(10)}, ${$(11)}, ${$(12)}, ${$(13)}, CASE WHEN ${$(14)}::boolean THEN sub.n END
       FROM (SELECT nextval('application_reference_seq') AS n) seq,
            (SELECT ${nextSubmissionNumberSql(`${$(2)}::uuid`)}::int AS n) sub
       RETURNING id, reference, submitted_at AS at, rank`;
    },
    params: [
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
  };
}

/**
 * Moves the application to `to` with `changes`, only if nobody changed it since it was read
 * (invariant 2): answers a StepRow (`at`: `now`), or no row for the loser of a race, who gets
 * `versionConflict`.
 */
export function updateVersioned(
  application: Application,
  to: ApplicationStatus,
  changes: ApplicationChanges,
  now: Date,
): SqlPart {
  const params: unknown[] = [application.id, application.version, to, now];
  const sets = (Object.entries(changes) as [keyof ApplicationChanges, unknown][]).map(([property, value]) => {
    params.push(value);
    return [columnOf(property), params.length - 1] as const;
  });
  return {
    sql: (p) => {
      const $ = (i: number) => `$${p + i}`;
      return `UPDATE applications SET status = ${$(2)}, version = version + 1, updated_at = ${$(3)}${sets
        .map(([column, i]) => `, ${column} = ${$(i)}`)
        .join('')}
       WHERE id = ${$(0)} AND version = ${$(1)} RETURNING id, reference, updated_at AS at`;
    },
    params,
  };
}

/** The answer to the loser of a race (updateVersioned wrote no row). */
export const versionConflict = () =>
  new DomainError('conflict', 'Another change to this application came first; reload it');

/**
 * Commits a grant's money on its programme and stores the ordinal it took on the application,
 * in one statement (one round trip under the programme's row lock), with `also` as a part of it
 * gated on the programme's row (`after` is `p`, with `granted_count`: the ordinal). null when
 * the programme has no budget left for the amount (nothing changed).
 */
export async function takeVoucherOrdinal(
  tx: Queryable,
  applicationId: string,
  programmeId: string,
  amountCents: number,
  also?: SqlPart,
): Promise<{ ordinal: number; milestones: number[] } | null> {
  const params: unknown[] = [applicationId, programmeId, amountCents];
  // An UPDATE … RETURNING answers [rows, count] through the driver.
  const [rows] = await tx.query<[{ granted_count: number; milestones: number[] }[], number]>(
    `WITH p AS (${commitGrantSql('$2', '$3')})${also ? `, also AS (${also.sql(params.length + 1, 'p')})` : ''}
     UPDATE applications a SET voucher_ordinal = p.granted_count FROM p WHERE a.id = $1
     RETURNING p.granted_count, p.milestones`,
    also ? [...params, ...also.params] : params,
  );
  return rows.length === 0 ? null : { ordinal: rows[0].granted_count, milestones: rows[0].milestones };
}

/** The history row of a step, as a part of the step's statement: `after` is its StepRow (id and time). */
export function insertHistory(entry: {
  action: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  actorId: string;
  actorRole: string;
  reason: string | null;
}): SqlPart {
  return {
    sql: (p, after) => {
      if (after === undefined) throw new Error('insertHistory: the history row needs the step it records');
      return `INSERT INTO application_history (application_id, at, action, from_status, to_status, actor_id, actor_role, reason)
        SELECT s.id, s.at, $${p}::text, $${p + 1}::text, $${p + 2}::text, $${p + 3}::text, $${p + 4}::text, $${p + 5}::text
        FROM ${after} s`;
    },
    params: [entry.action, entry.from, entry.to, entry.actorId, entry.actorRole, entry.reason],
  };
}
