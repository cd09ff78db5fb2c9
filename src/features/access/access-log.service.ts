import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SqlPart } from '../../platform/database/sql-part';
import { invalidRequest } from '../../platform/http/validation.pipe';
import { Actor } from '../../platform/kernel/actor';
import { isUuid } from '../../platform/kernel/uuid';
import { AccessEntry, accessInsert, accessOf, accessPage, LOGGED_ROLES } from './access-log';

export interface AccessQuery {
  application?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

const encodeCursor = (id: string) => Buffer.from(`a:${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const match = /^a:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidRequest([{ name: 'cursor', reason: 'cursor is not one this api gave out' }]);
  return match[1];
}

/**
 * Who read whose personal data: every read of an application's personal data by staff
 * (officers, provincial staff, admins) is written here before the answer goes out, by the use
 * case that reads it, so the API and the pages log alike. One INSERT per read, one for a whole
 * list. docs/privacy.md says which reads those are.
 */
@Injectable()
export class AccessLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Logs that `actor` read the personal data of these applications through `route` (staff only). */
  async recordRead(actor: Actor, applicationIds: readonly string[], route: string): Promise<void> {
    const insert = this.readStatement(actor, applicationIds, route);
    if (insert) await this.db.query(insert.sql(1), insert.params);
  }

  /**
   * The same log of a read as a statement, for a read that is the answer of a write: the write
   * runs it in its own transaction, as part of one of its statements. Undefined when nothing is logged.
   */
  readStatement(actor: Actor, applicationIds: readonly string[], route: string): SqlPart | undefined {
    if (!LOGGED_ROLES.includes(actor.role) || applicationIds.length === 0) return undefined;
    return accessInsert(actor, [...applicationIds], route);
  }

  /** Every logged read of these applications, oldest first (for the applicant's own export). */
  ofApplications(applicationIds: string[]): Promise<AccessEntry[]> {
    return applicationIds.length === 0 ? Promise.resolve([]) : accessOf(this.db, applicationIds);
  }

  /** The log for an admin, newest first, filtered by application, actor and time. */
  async query(query: AccessQuery): Promise<{ items: AccessEntry[]; nextCursor: string | null }> {
    const problems: { name: string; reason: string }[] = [];
    const time = (name: 'from' | 'to') => {
      const value = query[name];
      if (value === undefined) return undefined;
      const at = new Date(value);
      if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
        problems.push({ name, reason: `${name} must be an ISO 8601 date or timestamp` });
      }
      return at;
    };
    const from = time('from');
    const to = time('to');
    if (query.application !== undefined && !isUuid(query.application)) {
      problems.push({ name: 'application', reason: 'application must be an application id (UUID)' });
    }
    if (problems.length > 0) throw invalidRequest(problems);
    const rows = await accessPage(this.db, {
      applicationId: query.application,
      actorId: query.actor,
      from,
      to,
      beforeId: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit: query.limit,
    });
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null };
  }
}
