import { Actor, officerCovers } from '../../platform/kernel/actor';
import { Application } from './application.entity';

/**
 * Invariant 7: who may see an application. Whoever may not see it is told it does not
 * exist (404), so nothing leaks about other people's applications.
 */
export function canSee(actor: Actor, application: Application): boolean {
  switch (actor.role) {
    case 'applicant':
      return application.ownerId === actor.id;
    case 'officer':
      return officerCovers(actor, application.programmeCode);
    case 'admin':
    case 'system':
      return true;
    default:
      return false;
  }
}

/** The SQL filter that limits a list to what `actor` may see, or null for everything. */
export function listScope(actor: Actor): { sql: string; params: Record<string, unknown> } | null {
  switch (actor.role) {
    case 'applicant':
      return { sql: 'a.owner_id = :ownerId', params: { ownerId: actor.id } };
    case 'officer':
      return actor.programmes.includes('*')
        ? null
        : { sql: 'a.programme_code = ANY(:scope)', params: { scope: actor.programmes } };
    case 'admin':
      return null;
    default:
      return { sql: 'false', params: {} };
  }
}
