/**
 * The SQL our code runs, statement for statement, for the reference server. Keep these in
 * step with src/modules/applications/applications.service.ts (submit),
 * src/modules/applications/transitions.service.ts (review, grant),
 * src/modules/reports/report-counters.ts (countTransition) and libs/outbox/src/write-outbox.ts.
 */

/** The programme of a submission (ours: TypeORM findOneBy({ code })). */
export const PROGRAMME_BY_CODE = `
  SELECT id, code, province, opens_at, closes_at FROM programmes WHERE code = $1 LIMIT 1`;

/** The programme of a transition (ours: TypeORM findOneByOrFail({ id })). */
export const PROGRAMME_BY_ID = `
  SELECT id, code, province, budget_cents::float8 AS budget_cents, committed_cents::float8 AS committed_cents,
         spent_cents::float8 AS spent_cents, min_amount_cents, max_amount_cents, max_co_funding_percent,
         four_eyes, voucher_validity_days
  FROM programmes WHERE id = $1 LIMIT 1`;

/** The application of a transition (ours: TypeORM findOneBy({ id }), every column). */
export const APPLICATION_BY_ID = `SELECT * FROM applications WHERE id = $1 LIMIT 1`;

export const INSERT_APPLICATION = `
  INSERT INTO applications (reference, programme_id, programme_code, owner_id, status, applicant,
     employer, training, motivation, requested_amount_cents, eligibility, idempotency_key, request_hash)
  VALUES ($1 || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('application_reference_seq') AS n), $2, $3, $4, $5, $6, $7, $8, $9,
     $10, $11, $12, $13)
  RETURNING id, reference, submitted_at`;

/** countTransition for a submit: the application enters its first report cell. */
export const COUNT_SUBMIT = `
  INSERT INTO report_deltas (programme_id, target_group, gender, training_kind, status, grant_month, delta)
  VALUES ($1, $2, $3, $4, $5, NULL, 1)`;

/** countTransition for a transition: −1 for the cell it leaves, +1 for the one it enters. */
export const COUNT_TRANSITION = `
  WITH old AS (SELECT report_month(granted_at) AS month FROM applications WHERE id = $5),
       stamp AS (UPDATE applications SET granted_at = $8 WHERE id = $5 AND $9::boolean RETURNING 1)
  INSERT INTO report_deltas (programme_id, target_group, gender, training_kind, status, grant_month, delta)
  SELECT $1, $2, $3, $4, d.status, d.month, d.delta
  FROM old CROSS JOIN LATERAL (VALUES
    ($6::text, old.month, -1),
    ($7::text, CASE WHEN $9::boolean THEN report_month($8::timestamptz) ELSE old.month END, 1)
  ) AS d(status, month, delta)`;

export const HISTORY_SUBMIT = `
  INSERT INTO application_history (application_id, at, action, from_status, to_status, actor_id, actor_role)
  VALUES ($1, $2, 'submit', NULL, 'submitted', $3, $4)`;

export const HISTORY_TRANSITION = `
  INSERT INTO application_history (application_id, at, action, from_status, to_status, actor_id, actor_role, reason)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

export const OUTBOX_ONE = `INSERT INTO outbox (type, payload) VALUES ($1, $2::jsonb)`;
export const OUTBOX_TWO = `INSERT INTO outbox (type, payload) VALUES ($1, $2::jsonb), ($3, $4::jsonb)`;

export const REVIEW_UPDATE = `
  UPDATE applications SET status = $3, version = version + 1, updated_at = $4, reviewed_by = $5
  WHERE id = $1 AND version = $2 RETURNING version`;

export const GRANT_UPDATE = `
  UPDATE applications SET status = $3, version = version + 1, updated_at = $4, granted_amount_cents = $5,
    voucher_code = $6, voucher_expires_on = $7
  WHERE id = $1 AND version = $2 RETURNING version`;

export const COMMIT_GRANT = `
  UPDATE programmes SET granted_count = granted_count + 1, committed_cents = committed_cents + $2, updated_at = now()
  WHERE id = $1 AND committed_cents + spent_cents + $2 <= budget_cents
  RETURNING granted_count, milestones`;

export const SET_ORDINAL = `UPDATE applications SET voucher_ordinal = $2 WHERE id = $1`;

export const INSERT_MILESTONE = `
  INSERT INTO milestones (programme_id, threshold, ordinal, application_id, reached_at) VALUES ($1, $2, $2, $3, $4)`;
