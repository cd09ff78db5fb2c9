import { Actor } from '../kernel/actor';

/**
 * Told about every caller whose token the guard verified, so that a feature may remember staff
 * (for mail) without the platform knowing about it. A feature module provides it under
 * STAFF_SEEN; without one nothing is told.
 */
export interface StaffSeen {
  remember(actor: Actor): Promise<void>;
}

export const STAFF_SEEN = Symbol('StaffSeen');
