import type { EntityManager } from 'typeorm';
import { CLOSED_STATUSES } from './application-status';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The applications feature's statements for the retention of personal data (docs/privacy.md).
 * Both run inside the caller's transaction, one batch at a time.
 */

/**
 * Up to `limit` applications closed at or before `cutoff` that still hold personal data, oldest
 * closing first, locked for this transaction (others running the same job skip them). Reads
 * applications_retention_idx: the cost follows the due applications, not all of them.
 */
export async function lockDueForRemoval(tx: Queryable, cutoff: Date, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await tx.query(
    `SELECT id FROM applications
     WHERE closed_at <= $1 AND closed_at IS NOT NULL AND personal_data_removed_at IS NULL AND status = ANY($2)
     ORDER BY closed_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [cutoff, CLOSED_STATUSES, limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Removes the personal data of these applications, once (only where none was removed yet):
 * the applicant's name, e-mail and date of birth; the letters of the postcodes (the four
 * digits stay); the employer's name; the motivation; the idempotency key and the hash of the
 * request body. What reports, milestones and the eligibility outcome count stays: status,
 * gender, target group, training, amounts, voucher, dates, decision and history. Returns the
 * ids it changed.
 */
export async function removePersonalData(tx: Queryable, ids: string[], at: Date): Promise<string[]> {
  const [rows] = await tx.query<[{ id: string }[], number]>(
    `UPDATE applications SET
       applicant = applicant || jsonb_build_object('name', NULL, 'email', NULL, 'dateOfBirth', NULL,
         'postcode', left(regexp_replace(applicant->>'postcode', '\\s', '', 'g'), 4)),
       employer = CASE WHEN employer IS NULL THEN NULL ELSE employer || jsonb_build_object('name', NULL,
         'postcode', left(regexp_replace(employer->>'postcode', '\\s', '', 'g'), 4)) END,
       motivation = NULL,
       idempotency_key = NULL,
       request_hash = NULL,
       personal_data_removed_at = $2
     WHERE id = ANY($1::uuid[]) AND personal_data_removed_at IS NULL
     RETURNING id`,
    [ids, at],
  );
  return rows.map((r) => r.id);
}
