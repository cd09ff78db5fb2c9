import type { Role } from '../../platform/kernel/actor';

/**
 * Statistical disclosure control for reports (issue 4, item 3).
 *
 * Provincial staff get aggregates only; in a breakdown by gender or by target group a cell of
 * 1 to 4 people is shown as "<5", so nobody can be singled out of a small group. Zero stays 0:
 * "nobody" identifies no one, and it is what common practice (CBS, Eurostat) publishes. Fund
 * officers work with the applications themselves and admins run the system: both see exact
 * counts. Totals, statuses, training kinds and months are not breakdowns by a personal
 * characteristic and stay exact for everyone.
 */
export type Disclosure = 'exact' | 'small-cells-suppressed';

/** Below this many people a cell in a protected breakdown is not shown. */
export const SMALL_CELL = 5;
export const SUPPRESSED = '<5' as const;
export type Count = number | typeof SUPPRESSED;

export function disclosureFor(role: Role): Disclosure {
  return role === 'officer' || role === 'admin' ? 'exact' : 'small-cells-suppressed';
}

export function disclose(count: number, disclosure: Disclosure): Count {
  if (disclosure === 'exact') return count;
  return count > 0 && count < SMALL_CELL ? SUPPRESSED : count;
}
