import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, officerCovers } from '../../platform/kernel/actor';
import { decodeRankCursor, encodeCursor } from '../../platform/http/page-query';
import { AccessLog } from '../access/access-log.service';
import { ProgrammesService } from '../programmes/programmes.service';
import type { ApplicationStatus } from './application-status';

/**
 * The officers' work queue: the applications of their programmes, in rank order, by views that
 * match how officers work, with keyset pagination and counts per view. The cost of a page does
 * not grow with the number of applications: per programme one walk along
 * applications_queue_status_idx (or applications_queue_idx for "all") that stops after a page,
 * and counts that stop at COUNT_CAP.
 */

export const QUEUE_VIEWS = ['to-review', 'to-grant', 'information', 'objections', 'awaiting-proof', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const ELIGIBILITY_OUTCOMES = ['pending', 'passed', 'failed'] as const;

/** Counts stop here: "more than 1,000" is what an officer needs to know, and it costs the same at any size. */
export const COUNT_CAP = 1000;

export interface QueueQuery {
  view: QueueView;
  /** A programme code (within the actor's scope; another one shows nothing). */
  programme?: string;
  status?: ApplicationStatus;
  eligibility?: (typeof ELIGIBILITY_OUTCOMES)[number];
  /** A reference (OV-2026-000123) or part of the applicant's name. */
  search?: string;
  cursor?: string;
  limit: number;
}

export interface QueueProgramme {
  id: string;
  code: string;
  name: string;
  fourEyes: boolean;
}

export interface QueueRow {
  id: string;
  reference: string;
  programmeCode: string;
  status: ApplicationStatus;
  name: string | null;
  requestedAmountCents: number;
  grantedAmountCents: number | null;
  eligibility: string | null;
  submittedAt: Date;
  reviewedBy: string | null;
  version: number;
  /** Information requested: the last day to supplement (YYYY-MM-DD). */
  dueOn: string | null;
  /** Objection: the day the decision on it is due (YYYY-MM-DD). */
  decisionDueOn: string | null;
}

export interface QueuePage {
  items: QueueRow[];
  nextCursor: string | null;
  /** Per view, counted up to COUNT_CAP + 1 (more than COUNT_CAP shows as such). */
  counts: Record<Exclude<QueueView, 'all'>, number>;
}

/**
 * Where an application without a rank yet (its lottery day not drawn) stands: after every rank
 * (the column is an integer). As one key with the rank, the order is a single index walk and
 * the cursor a single row comparison, across the ranked and the unranked alike.
 */
const UNRANKED = 2147483647;

/**
 * Rank order: one place that says how the queue is ordered, for ORDER BY, the keyset condition
 * and the cursor. By rank; the applications without a rank yet after the ranked ones, in
 * submission order; the id breaks ties. The indexes of migration 1767400000000 follow this
 * expression exactly (applications_queue_status_idx and applications_queue_idx).
 */
export const RANK_ORDER = {
  orderBy: (alias: string) => `coalesce(${alias}.rank, ${UNRANKED}), ${alias}.submitted_at, ${alias}.id`,
  /** The row's place: as columns to merge the programmes' pages by, and as text for the cursor. */
  columns: (alias: string) =>
    `coalesce(${alias}.rank, ${UNRANKED}) AS rank_0, ${alias}.submitted_at AS rank_1, ${alias}.id AS rank_2, ` +
    `${alias}.submitted_at::text AS rank_at, ${alias}.id::text AS rank_id`,
  /** ORDER BY over those columns of a subquery's rows. */
  merged: (alias: string) => `${alias}.rank_0, ${alias}.rank_1, ${alias}.rank_2`,
  /** After the place a cursor decoded to, given as the parameters that hold its values. */
  after: (alias: string, [rank, at, id]: string[]) =>
    `(coalesce(${alias}.rank, ${UNRANKED}), ${alias}.submitted_at, ${alias}.id) > (${rank}::int, ${at}::timestamptz, ${id}::uuid)`,
  cursorOf: (row: { rank_0: number; rank_at: string; rank_id: string }) =>
    encodeCursor(row.rank_0, row.rank_at, row.rank_id),
  decode: (cursor: string): unknown[] => decodeRankCursor(cursor),
};

/**
 * What each view adds to the WHERE clause; `me` gives the parameter holding the officer's id,
 * `noFourEyes` the one holding the ids of the programmes without the four-eyes rule.
 */
function viewCondition(view: QueueView, me: () => string, noFourEyes: () => string): string {
  switch (view) {
    case 'to-review':
      return `a.status = 'submitted'`;
    case 'to-grant':
      // What the lifecycle's `fourEyes` guard (voucher-lifecycle.ts) lets this officer grant:
      // reviewed by someone else, or a programme with four-eyes off.
      return `a.status = 'reviewed' AND (a.reviewed_by IS DISTINCT FROM ${me()}::text OR a.programme_id = ANY(${noFourEyes()}::uuid[]))`;
    case 'information':
      return `a.status = 'information-requested'`;
    case 'objections':
      return `a.status = 'objection'`;
    case 'awaiting-proof':
      return `a.status = 'granted'`;
    case 'all':
      return 'true';
  }
}

const REFERENCE = /^[A-Za-z]{2}-\d{4}-\d{1,12}$/;

const COLUMNS = `a.id, a.reference, a.programme_code AS "programmeCode", a.status, a.applicant->>'name' AS name,
  a.requested_amount_cents AS "requestedAmountCents", a.granted_amount_cents AS "grantedAmountCents",
  a.eligibility->>'status' AS eligibility, a.submitted_at AS "submittedAt", a.reviewed_by AS "reviewedBy",
  a.version, a.information_request->>'dueOn' AS "dueOn", a.objection->>'decisionDueOn' AS "decisionDueOn"`;

@Injectable()
export class OfficerQueue {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly accessLog: AccessLog,
  ) {}

  /** The programmes (id, code, name, four-eyes rule) whose applications `actor` works on, by code. */
  async scope(actor: Actor): Promise<QueueProgramme[]> {
    const all = await this.programmes.list();
    return all
      .filter((p) => actor.role === 'admin' || (actor.role === 'officer' && officerCovers(actor, p.code)))
      .map((p) => ({ id: p.id, code: p.code, name: p.name, fourEyes: p.fourEyes }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /**
   * One page of the queue and the counts per view. The read of the page's personal data is
   * logged (one INSERT) under `route`.
   */
  async page(actor: Actor, query: QueueQuery, route: string, withCounts = true): Promise<QueuePage> {
    const scope = await this.scope(actor);
    const chosen = scope.filter((p) => query.programme === undefined || p.code === query.programme);
    const { sql: where, params } = conditions(actor, query, query.view, chosen, true);
    params.push(query.limit + 1);
    const limit = `$${params.length}`;
    const rows: RankedRow[] = await this.db.query(
      `SELECT q.* FROM unnest($1::uuid[]) AS p(id) CROSS JOIN LATERAL (
         SELECT ${COLUMNS}, ${RANK_ORDER.columns('a')}
         FROM applications a
         WHERE a.programme_id = p.id AND ${where}
         ORDER BY ${RANK_ORDER.orderBy('a')} LIMIT ${limit}) q
       ORDER BY ${RANK_ORDER.merged('q')} LIMIT ${limit}`,
      params,
    );
    const nextCursor = rows.length > query.limit ? RANK_ORDER.cursorOf(rows[query.limit - 1]) : null;
    const items = rows.slice(0, query.limit).map(withoutRank);
    const counts = withCounts ? await this.counts(actor, query, chosen) : emptyCounts();
    await this.accessLog.recordRead(
      actor,
      items.map((r) => r.id),
      route,
    );
    return { items, nextCursor, counts };
  }

  /**
   * Each view's count, up to COUNT_CAP + 1, in one statement: the programme, eligibility and
   * search filters apply, the status filter and the page do not. The rank order keeps the
   * planner on the programme's index (a walk that stops at the cap), never a scan of the table.
   */
  private async counts(actor: Actor, query: QueueQuery, programmes: QueueProgramme[]): Promise<QueuePage['counts']> {
    const views = QUEUE_VIEWS.filter((v): v is Exclude<QueueView, 'all'> => v !== 'all');
    const cap = COUNT_CAP + 1;
    const params: unknown[] = [programmes.map((p) => p.id)];
    const columns = views.map((view) => {
      const { sql } = conditions(
        actor,
        { ...query, status: undefined, cursor: undefined },
        view,
        programmes,
        false,
        params,
      );
      return `(SELECT count(*)::int FROM (SELECT 1 FROM unnest($1::uuid[]) AS p(id) CROSS JOIN LATERAL (
           SELECT 1 FROM applications a WHERE a.programme_id = p.id AND ${sql}
           ORDER BY ${RANK_ORDER.orderBy('a')} LIMIT ${cap}
         ) x LIMIT ${cap}) y) AS "${view}"`;
    });
    const rows: QueuePage['counts'][] = await this.db.query(`SELECT ${columns.join(', ')}`, params);
    return rows[0];
  }
}

/**
 * The WHERE clause (after the programme) of `view` with the query's filters, its values added
 * to `params` (whose $1 is the programme ids).
 */
function conditions(
  actor: Actor,
  query: QueueQuery,
  view: QueueView,
  programmes: QueueProgramme[],
  withPage: boolean,
  params: unknown[] = [programmes.map((p) => p.id)],
): { sql: string; params: unknown[] } {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const noFourEyes = () => param(programmes.filter((p) => !p.fourEyes).map((p) => p.id));
  const where = [viewCondition(view, () => param(actor.id), noFourEyes)];
  if (query.status) where.push(`a.status = ${param(query.status)}`);
  if (query.eligibility) where.push(`a.eligibility->>'status' = ${param(query.eligibility)}`);
  const search = query.search?.trim();
  if (search) {
    where.push(
      REFERENCE.test(search)
        ? `a.reference = ${param(search.toUpperCase())}`
        : `strpos(lower(a.applicant->>'name'), ${param(search.toLowerCase())}) > 0`,
    );
  }
  if (withPage && query.cursor) {
    where.push(RANK_ORDER.after('a', RANK_ORDER.decode(query.cursor).map(param)));
  }
  return { sql: where.join(' AND '), params };
}

type RankedRow = QueueRow & { rank_0: number; rank_1: unknown; rank_2: unknown; rank_at: string; rank_id: string };

function withoutRank(row: RankedRow): QueueRow {
  const plain: Partial<RankedRow> = { ...row };
  delete plain.rank_0;
  delete plain.rank_1;
  delete plain.rank_2;
  delete plain.rank_at;
  delete plain.rank_id;
  return plain as QueueRow;
}

function emptyCounts(): QueuePage['counts'] {
  return { 'to-review': 0, 'to-grant': 0, information: 0, objections: 0, 'awaiting-proof': 0 };
}
