import type { EntityManager } from 'typeorm';
import type { SqlPart } from '../../platform/database/sql-part';
import { DomainError } from '../../platform/kernel/domain-error';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The programme's hot counters, changed only inside a lifecycle transaction (DESIGN: hot
 * counters live on the programme row and change in one conditional UPDATE … RETURNING).
 */

/**
 * The statement that commits a grant's money and takes the next ordinal, in one conditional
 * UPDATE on the programme row (`programmeId` and `amountCents` are SQL expressions, e.g. `$2`):
 * the row lock serialises grants of one programme and nothing else, and the WHERE clause keeps
 * committed + spent within the budget (invariants 3 and 4). No row back: no budget left. The
 * grant runs it last in its transaction, as a CTE of the statement that stores the ordinal on
 * the application (applications feature), so the row stays locked for as few round trips as
 * possible.
 */
export function commitGrantSql(programmeId: string, amountCents: string): string {
  return `UPDATE programmes SET granted_count = granted_count + 1, committed_cents = committed_cents + ${amountCents},
                 updated_at = now()
           WHERE id = ${programmeId} AND committed_cents + spent_cents + ${amountCents} <= budget_cents
          RETURNING granted_count, milestones`;
}

/** The grant found no budget left for its amount (commitGrantSql answered no row). */
export const budgetExhausted = () =>
  new DomainError('budget-exhausted', 'The programme has no budget left for this amount');

/**
 * Moves money between committed and spent, or releases it (signed amounts): the UPDATE as a
 * part of the statement of the lifecycle step, gated on the step's write (the application's
 * row is locked first, then the programme's, as a grant does).
 */
export function moveBudget(programmeId: string, change: { committedCents: number; spentCents: number }): SqlPart {
  return {
    sql: (p, after) =>
      `UPDATE programmes SET committed_cents = committed_cents + $${p + 1}, spent_cents = spent_cents + $${p + 2},
         updated_at = now()
       WHERE id = $${p}${after === undefined ? '' : ` AND EXISTS (SELECT FROM ${after})`}`,
    params: [programmeId, change.committedCents, change.spentCents],
  };
}

/**
 * Locks the programme row for the rest of the transaction (grants of one programme take it
 * anyway, in commitGrantSql) and answers its budget: a grant checks its place in the budget under
 * this lock, so two grants never both count on the same money.
 */
export async function lockForGrant(
  tx: Queryable,
  programmeId: string,
): Promise<{ budgetCents: number; heldCents: number }> {
  const [row] = await tx.query<{ budget_cents: string; held_cents: string }[]>(
    `SELECT budget_cents, committed_cents + spent_cents AS held_cents FROM programmes WHERE id = $1 FOR NO KEY UPDATE`,
    [programmeId],
  );
  return { budgetCents: Number(row.budget_cents), heldCents: Number(row.held_cents) };
}
