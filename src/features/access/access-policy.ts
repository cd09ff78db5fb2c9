import { Actor, officerCovers } from '../../platform/kernel/actor';

/**
 * Who may see what (invariant 7): one policy per kind of resource, used by every entry point.
 * Whoever may not see a thing is told it does not exist (404), so nothing leaks about it.
 * The policy takes only the fields it judges, so it imports no feature's entities.
 */

interface ApplicationScope {
  ownerId: string;
  programmeCode: string;
}

interface ProgrammeScope {
  code: string;
  province: string;
}

export const applicationAccess = {
  /** An applicant their own; an officer those of their programmes; admins and the system all. */
  canRead(actor: Actor, application: ApplicationScope): boolean {
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
  },

  /**
   * The same rule as a filter on a list, over columns named `owner_id` and `programme_code` of
   * table alias `alias`; null when the actor sees everything.
   */
  listFilter(actor: Actor, alias: string): { sql: string; params: Record<string, unknown> } | null {
    switch (actor.role) {
      case 'applicant':
        return { sql: `${alias}.owner_id = :ownerId`, params: { ownerId: actor.id } };
      case 'officer':
        return actor.programmes.includes('*')
          ? null
          : { sql: `${alias}.programme_code = ANY(:scope)`, params: { scope: actor.programmes } };
      case 'admin':
      case 'system':
        return null;
      default:
        return { sql: 'false', params: {} };
    }
  },
};

export const programmeAccess = {
  /** Reports and milestones: officers in scope, provincial staff of its province, admins. */
  canReadFigures(actor: Actor, programme: ProgrammeScope): boolean {
    switch (actor.role) {
      case 'admin':
        return true;
      case 'officer':
        return officerCovers(actor, programme.code);
      case 'provincial':
        return actor.province !== null && actor.province.toUpperCase() === programme.province;
      default:
        return false;
    }
  },
};

/** A report's figures and a programme's milestones follow one rule: who may read its figures. */
export const reportAccess = {
  canRead: (actor: Actor, programme: ProgrammeScope) => programmeAccess.canReadFigures(actor, programme),
};
export const milestoneAccess = { canRead: reportAccess.canRead };

/**
 * Documents on an application (invariants 7 and 10): seen by whoever may see the application,
 * never by provincial staff; uploaded by its owner or an officer in scope. Whether a document
 * may be downloaded also waits for a clean scan (the documents feature checks that).
 */
export const documentAccess = {
  canRead(actor: Actor, application: ApplicationScope): boolean {
    return actor.role !== 'provincial' && applicationAccess.canRead(actor, application);
  },

  canUpload(actor: Actor, application: ApplicationScope): boolean {
    switch (actor.role) {
      case 'applicant':
        return application.ownerId === actor.id;
      case 'officer':
        return officerCovers(actor, application.programmeCode);
      default:
        return false;
    }
  },
};
