import type { DataSource, EntityManager } from 'typeorm';
import { onlyAfter, type SqlPart } from '../../platform/database/sql-part';
import type { ApplicationStatus } from '../applications/voucher-lifecycle';

/**
 * Report aggregates, kept up to date inside the transition's own transaction.
 *
 * A submit or transition INSERTs delta rows into `report_deltas`: −1 for the cell the
 * application leaves, +1 for the cell it enters. A cell is programme × status × target group ×
 * gender × training kind × month of grant. Inserting never waits on another transaction, so
 * transitions of one programme do not contend on a counter row. `compactReportDeltas` folds
 * deltas into `report_cells` and, in the same statement, into `report_rollups` (the cells
 * summed per breakdown, via the SQL function report_rollup_keys); a report reads rollups plus
 * whatever deltas are still pending, in one statement, so it is right whether or not a
 * compaction ran.
 */

type Queryable = Pick<EntityManager, 'query'>;

export interface CountedTransition {
  programmeId: string;
  applicant: { targetGroup: string; gender: string };
  training: { kind: string };
  /** null for a submit: the application enters its first cell. */
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  /** When the voucher was granted, before and after this transition (null: never granted). */
  grantedAtBefore: Date | null;
  grantedAtAfter: Date | null;
}

/**
 * Counts one submit or transition: one INSERT of −1 for the cell the application leaves
 * (none on submit) and +1 for the cell it enters, as a part of the statement that changes the
 * application (gated on its write). The month of grant is the voucher's for life: it stays
 * through complete, withdraw and expire.
 */
export function countTransition(t: CountedTransition): SqlPart {
  const dims = [t.programmeId, t.applicant.targetGroup, t.applicant.gender, t.training.kind];
  return {
    sql: (p, after) => {
      const $ = (n: number) => `$${p + n - 1}`;
      const enter = `(${$(1)}::uuid, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}::text, report_month(${$(6)}::timestamptz), 1)`;
      const leave = `(${$(1)}::uuid, ${$(2)}, ${$(3)}, ${$(4)}, ${$(7)}::text, report_month(${$(8)}::timestamptz), -1)`;
      return `INSERT INTO report_deltas (programme_id, target_group, gender, training_kind, status, grant_month, delta)
        SELECT d.* FROM (VALUES ${t.from === null ? enter : `${leave}, ${enter}`}) AS d${onlyAfter(after)}`;
    },
    params:
      t.from === null
        ? [...dims, t.to, t.grantedAtAfter]
        : [...dims, t.to, t.grantedAtAfter, t.from, t.grantedAtBefore],
  };
}

/** Advisory lock space of compactions ('repo'); the second key is the programme's hash. */
const LOCK_SPACE = 0x7265706f;

/**
 * Folds the pending deltas of `programmeIds` into their cells and rollups: one DELETE …
 * RETURNING feeding INSERT … ON CONFLICT DO UPDATE into both, in one statement. A per-programme advisory lock (tried,
 * never waited for) keeps two compactions of one programme apart; a programme that another
 * compaction holds is skipped, which costs nothing because reports read pending deltas too.
 * Returns the number of deltas folded.
 */
export async function compactReportDeltas(db: DataSource, programmeIds: string[]): Promise<number> {
  if (programmeIds.length === 0) return 0;
  const [{ pending }] = await db.query<{ pending: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM report_deltas WHERE programme_id = ANY($1::uuid[])) AS pending`,
    [programmeIds],
  );
  if (!pending) return 0;
  return db.transaction(async (tx) => {
    const [{ locked }] = await tx.query<{ locked: string[] }[]>(
      `SELECT coalesce(array_agg(id::text), '{}') AS locked FROM unnest($1::uuid[]) AS id
       WHERE pg_try_advisory_xact_lock($2, hashtext(id::text))`,
      [programmeIds, LOCK_SPACE],
    );
    if (locked.length === 0) return 0;
    const [{ folded }] = await tx.query<{ folded: number }[]>(
      `WITH moved AS (
         DELETE FROM report_deltas WHERE programme_id = ANY($1::uuid[])
         RETURNING programme_id, status, target_group, gender, training_kind, grant_month, delta
       ),
       summed AS (
         SELECT programme_id, status, target_group, gender, training_kind, grant_month,
                sum(delta)::int AS delta, count(*)::int AS rows
         FROM moved GROUP BY 1, 2, 3, 4, 5, 6
       ),
       cells AS (
         INSERT INTO report_cells AS c (programme_id, status, target_group, gender, training_kind, grant_month, count)
         SELECT programme_id, status, target_group, gender, training_kind, grant_month, delta FROM summed
         WHERE delta <> 0
         ON CONFLICT ON CONSTRAINT report_cells_key DO UPDATE SET count = c.count + EXCLUDED.count
       ),
       rollups AS (
         INSERT INTO report_rollups AS r (programme_id, dimension, value, voucher, count)
         SELECT s.programme_id, k.dimension, k.value, k.voucher, sum(s.delta)::int
         FROM summed s
         CROSS JOIN LATERAL report_rollup_keys(s.status, s.target_group, s.gender, s.training_kind, s.grant_month) k
         GROUP BY 1, 2, 3, 4
         HAVING sum(s.delta) <> 0
         ON CONFLICT (programme_id, dimension, value, voucher) DO UPDATE SET count = r.count + EXCLUDED.count
       )
       SELECT coalesce(sum(rows), 0)::int AS folded FROM summed`,
      [locked],
    );
    return folded;
  });
}

/**
 * Folds the pending deltas of every programme that has any: for a scheduled job, so that a
 * programme nobody reports on for months does not pile up deltas for its first report.
 */
export async function compactAllReportDeltas(db: DataSource): Promise<number> {
  const rows: { id: string }[] = await db.query(`SELECT DISTINCT programme_id::text AS id FROM report_deltas`);
  return compactReportDeltas(
    db,
    rows.map((r) => r.id),
  );
}

/**
 * Applications per programme and status over every programme: the status rollups plus the
 * deltas not yet compacted, in one statement. Its cost follows the number of programmes and
 * the pending deltas, never the applications (the metrics read it at every scrape).
 */
export const STATUS_COUNTS_SQL = `
  SELECT programme_id::text AS "programmeId", status, sum(n)::int AS count
  FROM (
    SELECT programme_id, value AS status, count AS n FROM report_rollups WHERE dimension = 'status'
    UNION ALL
    SELECT programme_id, status, delta FROM report_deltas
  ) AS counts
  GROUP BY 1, 2`;

export function statusCounts(db: Queryable): Promise<{ programmeId: string; status: string; count: number }[]> {
  return db.query(STATUS_COUNTS_SQL);
}
