import type { Programme } from './programme.entity';

export type ProgrammeStatus = 'upcoming' | 'open' | 'closed';

export function programmeStatus(programme: Pick<Programme, 'opensAt' | 'closesAt'>, now = new Date()): ProgrammeStatus {
  if (now < programme.opensAt) return 'upcoming';
  return now <= programme.closesAt ? 'open' : 'closed';
}
