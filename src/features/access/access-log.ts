import type { EntityManager } from 'typeorm';
import { onlyAfter, type SqlPart } from '../../platform/database/sql-part';
import type { Actor } from '../../platform/kernel/actor';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The statements on `personal_data_access`, the log of staff reads of an application's personal
 * data. The database refuses UPDATE, DELETE and TRUNCATE on it (migration 1766000000000): what
 * is written stays.
 */

/** Roles whose reads are logged: the applicant reading their own is not, nor the system's jobs. */
export const LOGGED_ROLES: readonly string[] = ['officer', 'provincial', 'admin'];

/** One row per application, in one INSERT, however many applications one read showed. */
export function accessInsert(actor: Actor, applicationIds: string[], route: string): SqlPart {
  return {
    sql: (p, after) =>
      `INSERT INTO personal_data_access (actor_id, actor_role, application_id, route)
       SELECT $${p}, $${p + 1}, id, $${p + 3} FROM unnest($${p + 2}::uuid[]) WITH ORDINALITY AS a(id, n)${onlyAfter(after)}
       ORDER BY n`,
    params: [actor.id, actor.role, applicationIds, route],
  };
}

export interface AccessEntry {
  id: string;
  at: Date;
  actorId: string;
  actorRole: string;
  applicationId: string;
  route: string;
}

// (ORDER BY a.id, not id: the output column id is text.)
const COLUMNS = `a.id::text AS id, at, actor_id AS "actorId", actor_role AS "actorRole",
  application_id AS "applicationId", route`;

/** Every read of these applications, oldest first. */
export function accessOf(db: Queryable, applicationIds: string[]): Promise<AccessEntry[]> {
  return db.query(
    `SELECT ${COLUMNS} FROM personal_data_access a WHERE application_id = ANY($1::uuid[]) ORDER BY a.id`,
    [applicationIds],
  );
}

export interface AccessFilter {
  applicationId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Entries with an id below this one (the previous page's last). */
  beforeId?: string;
  limit: number;
}

/** A page of the log, newest first, filtered; `limit + 1` rows tell whether there is a next page. */
export function accessPage(db: Queryable, filter: AccessFilter): Promise<AccessEntry[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (filter.applicationId) add((n) => `application_id = $${n}::uuid`, filter.applicationId);
  if (filter.actorId) add((n) => `actor_id = $${n}`, filter.actorId);
  if (filter.from) add((n) => `at >= $${n}`, filter.from);
  if (filter.to) add((n) => `at < $${n}`, filter.to);
  if (filter.beforeId) add((n) => `a.id < $${n}::bigint`, filter.beforeId);
  params.push(filter.limit + 1);
  return db.query(
    `SELECT ${COLUMNS} FROM personal_data_access a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.id DESC LIMIT $${params.length}`,
    params,
  );
}
