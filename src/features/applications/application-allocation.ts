import type { EntityManager } from 'typeorm';
import { programmeBudgetSql } from '../programmes/programmes.service';
import type { BudgetPosition } from './application.entity';
import { ApplicationStatus } from './application-status';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The applications feature's statements for the allocation feature (ranks, places in the
 * budget, the daily lottery), each in the caller's transaction. Only this folder names the
 * applications table; the allocation feature decides, these functions read and write.
 */

/** Statuses that wait for a decision and so take a place in the budget (docs/domain.md). */
export const WAITING_STATUSES: readonly ApplicationStatus[] = ['submitted', 'information-requested', 'reviewed'];
/** Statuses whose money is held (committed or spent). */
export const HOLDING_STATUSES: readonly ApplicationStatus[] = ['granted', 'completed'];

export interface AllocationRow {
  id: string;
  rank: number | null;
  status: ApplicationStatus;
  requestedAmountCents: number;
  grantedAmountCents: number | null;
  budgetPosition: BudgetPosition | null;
  reservePosition: number | null;
}

/**
 * Every application of the programme that waits or holds money, and every one that still has a
 * place stored (to clear it), in one statement (one snapshot).
 */
interface RawRow {
  id: string;
  rank: number | null;
  status: ApplicationStatus;
  requested_amount_cents: number;
  granted_amount_cents: number | null;
  budget_position: BudgetPosition | null;
  reserve_position: number | null;
}

const toRow = (r: RawRow): AllocationRow => ({
  id: r.id,
  rank: r.rank,
  status: r.status,
  requestedAmountCents: r.requested_amount_cents,
  grantedAmountCents: r.granted_amount_cents,
  budgetPosition: r.budget_position,
  reservePosition: r.reserve_position,
});

export async function allocationRows(q: Queryable, programmeId: string): Promise<AllocationRow[]> {
  const rows = await q.query<RawRow[]>(
    `SELECT id, rank, status, requested_amount_cents, granted_amount_cents, budget_position, reserve_position
       FROM applications
      WHERE programme_id = $1 AND (status = ANY($2::text[]) OR budget_position IS NOT NULL)`,
    [programmeId, [...WAITING_STATUSES, ...HOLDING_STATUSES]],
  );
  return rows.map(toRow);
}

/** What the programme's waiting applications ranked up to `rank` ask (an index-only sum). */
export async function askedUpTo(q: Queryable, programmeId: string, rank: number): Promise<number> {
  const [row] = await q.query<{ asked: string }[]>(
    `SELECT coalesce(sum(requested_amount_cents), 0)::float8 AS asked FROM applications
      WHERE programme_id = $1 AND rank <= $2 AND status IN ('submitted', 'information-requested', 'reviewed')`,
    [programmeId, rank],
  );
  return Number(row.asked);
}

/**
 * These applications as the allocation sees them, each with its programme's budget, the money
 * held in it, and what the waiting applications ranked up to it ask, in one statement.
 */
export async function withinBudgetInputs(
  q: Queryable,
  ids: string[],
): Promise<(AllocationRow & { programmeId: string; budgetCents: number; held: number; askedUpTo: number })[]> {
  const rows = await q.query<
    (RawRow & { programme_id: string; budget_cents: number; held: number; asked_up_to: number })[]
  >(
    `SELECT a.id, a.programme_id, a.rank, a.status, a.requested_amount_cents, a.granted_amount_cents,
            a.budget_position, a.reserve_position, p.budget_cents, p.held_cents AS held,
            (SELECT coalesce(sum(w.requested_amount_cents), 0)::float8 FROM applications w
              WHERE w.programme_id = a.programme_id AND w.rank <= a.rank
                AND w.status IN ('submitted', 'information-requested', 'reviewed')) AS asked_up_to
       FROM applications a CROSS JOIN LATERAL (${programmeBudgetSql('a.programme_id')}) p
      WHERE a.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((r) => ({
    ...toRow(r),
    programmeId: r.programme_id,
    budgetCents: Number(r.budget_cents),
    held: Number(r.held),
    askedUpTo: Number(r.asked_up_to),
  }));
}

/** These applications as the allocation sees them, with their programme. */
export async function allocationRowsOf(
  q: Queryable,
  ids: string[],
): Promise<(AllocationRow & { programmeId: string })[]> {
  const rows = await q.query<(RawRow & { programme_id: string })[]>(
    `SELECT id, programme_id, rank, status, requested_amount_cents, granted_amount_cents, budget_position, reserve_position
       FROM applications WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((r) => ({ ...toRow(r), programmeId: r.programme_id }));
}

/** Stores places in the budget, in one statement (rows in id order, so two writers never deadlock). */
export async function storePlaces(
  tx: Queryable,
  places: { id: string; position: BudgetPosition | null; reservePosition: number | null }[],
): Promise<void> {
  if (places.length === 0) return;
  const sorted = [...places].sort((a, b) => (a.id < b.id ? -1 : 1));
  await tx.query(
    `UPDATE applications a SET budget_position = p.position, reserve_position = p.reserve_position
       FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::text[]) AS position, unnest($3::int[]) AS reserve_position) p
      WHERE a.id = p.id`,
    [sorted.map((p) => p.id), sorted.map((p) => p.position), sorted.map((p) => p.reservePosition)],
  );
}

/**
 * Marks these applications as moved within budget, each only the first time: answers those
 * marked now (whose applicants are to be told), with what their message needs.
 */
export async function markMovedWithin(
  tx: Queryable,
  ids: string[],
  statuses: readonly ApplicationStatus[],
): Promise<{ id: string; reference: string; programmeCode: string; status: ApplicationStatus }[]> {
  if (ids.length === 0) return [];
  // An UPDATE … RETURNING answers [rows, count] through the driver.
  const [rows] = await tx.query<
    [{ id: string; reference: string; programme_code: string; status: ApplicationStatus }[], number]
  >(
    `UPDATE applications SET moved_within_at = now()
      WHERE id = ANY($1::uuid[]) AND moved_within_at IS NULL AND status = ANY($2::text[])
      RETURNING id, reference, programme_code, status`,
    [ids, statuses],
  );
  return rows.map((r) => ({ id: r.id, reference: r.reference, programmeCode: r.programme_code, status: r.status }));
}

/** The applications submitted to the programme in [from, to) that have no rank yet (a lottery day). */
export async function unrankedSubmittedBetween(
  q: Queryable,
  programmeId: string,
  from: Date,
  to: Date,
): Promise<{ id: string; reference: string }[]> {
  return q.query(
    `SELECT id, reference FROM applications
      WHERE programme_id = $1 AND rank IS NULL AND submitted_at >= $2 AND submitted_at < $3`,
    [programmeId, from, to],
  );
}

/** The first day (its earliest submission) on which the programme has applications without a rank. */
export async function firstUnrankedSubmission(q: Queryable, programmeId: string): Promise<Date | null> {
  const [row] = await q.query<{ at: Date | null }[]>(
    `SELECT min(submitted_at) AS at FROM applications WHERE programme_id = $1 AND rank IS NULL`,
    [programmeId],
  );
  return row?.at ?? null;
}

/** The highest rank given in the programme so far (0 when none). */
export async function highestRank(q: Queryable, programmeId: string): Promise<number> {
  const [row] = await q.query<{ rank: number | null }[]>(
    `SELECT max(rank) AS rank FROM applications WHERE programme_id = $1`,
    [programmeId],
  );
  return row?.rank ?? 0;
}

/** Gives ranks (a drawn lottery day); only to applications that have none. */
export async function storeRanks(tx: Queryable, ranks: { id: string; rank: number }[]): Promise<void> {
  if (ranks.length === 0) return;
  await tx.query(
    `UPDATE applications a SET rank = r.rank
       FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::int[]) AS rank) r
      WHERE a.id = r.id AND a.rank IS NULL`,
    [ranks.map((r) => r.id), ranks.map((r) => r.rank)],
  );
}
