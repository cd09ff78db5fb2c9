import type { AllocationRow } from '../applications/application-allocation';
import { HOLDING_STATUSES, WAITING_STATUSES } from '../applications/application-allocation';
import type { BudgetPosition } from '../applications/application.entity';

/** An application's place in the budget: within, on the reserve list (1 = next to move up), or none. */
export interface Place {
  position: BudgetPosition | null;
  reservePosition: number | null;
}

export const NO_PLACE: Place = { position: null, reservePosition: null };

/**
 * The allocation of one programme, worked out from scratch (invariant 9, docs/domain.md).
 * Granted and completed applications hold their money. What is left goes out first fit in rank
 * order: walking the waiting applications by rank, one is within when its requested amount fits
 * what the within ones ranked before it left over; otherwise it is on the reserve list (and a
 * later, smaller one may still fit). Any other application, and a waiting one without a rank yet
 * (its lottery day is not drawn), has no place.
 */
export function allocate(budgetCents: number, rows: readonly AllocationRow[]): Map<string, Place> {
  const places = new Map<string, Place>();
  let left = budgetCents;
  for (const row of rows) {
    if (HOLDING_STATUSES.includes(row.status)) left -= row.grantedAmountCents ?? 0;
  }
  const waiting = rows
    .filter((row) => WAITING_STATUSES.includes(row.status) && row.rank !== null)
    .sort((a, b) => a.rank! - b.rank! || (a.id < b.id ? -1 : 1));
  let reserve = 0;
  for (const row of waiting) {
    if (row.requestedAmountCents <= left) {
      left -= row.requestedAmountCents;
      places.set(row.id, { position: 'within', reservePosition: null });
    } else {
      places.set(row.id, { position: 'reserve', reservePosition: ++reserve });
    }
  }
  for (const row of rows) if (!places.has(row.id)) places.set(row.id, NO_PLACE);
  return places;
}

/** The places that differ from what is stored, and the applications that move from the reserve list within. */
export function changes(rows: readonly AllocationRow[], places: Map<string, Place>) {
  const changed: (Place & { id: string })[] = [];
  const movedWithin: string[] = [];
  for (const row of rows) {
    const place = places.get(row.id) ?? NO_PLACE;
    if (place.position !== row.budgetPosition || place.reservePosition !== row.reservePosition) {
      changed.push({ id: row.id, ...place });
      if (row.budgetPosition === 'reserve' && place.position === 'within') movedWithin.push(row.id);
    }
  }
  return { changed, movedWithin };
}
