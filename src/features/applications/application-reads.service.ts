import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { programmeRuleFactsSql, ProgrammeRuleFacts } from '../programmes/programmes.service';
import {
  Application,
  ApplicantDetails,
  EligibilityResult,
  EmployerDetails,
  TrainingDetails,
} from './application.entity';
import { HistoryEntry } from './history-entry.entity';

/**
 * The applications feature's queries that other features need: reads for the eligibility
 * check, notifications, milestones, reports and the schedulers, and the one write that is not
 * a lifecycle transition (the eligibility result). Only this folder names the applications table.
 *
 * Functions take a DataSource (or a transaction's EntityManager) where the caller decides where
 * the statement runs: the eligibility check batches on the pool, a report reads in one snapshot.
 * The rest is ApplicationReads, injectable.
 */

type Queryable = Pick<EntityManager, 'query'>;

// ── Eligibility: one statement per batch, storing some results and loading facts for others ──

/** Provider names compare as the training register does: trimmed, spaces folded, no case. */
const provider = (alias: string) => `lower(regexp_replace(btrim(${alias}.training->>'provider'), '\\s+', ' ', 'g'))`;

/**
 * The facts of a batch of applications: each one (only while its check is pending), its
 * programme's facts (from the programmes feature, in the same statement), and the facts the
 * rules need. The counts are index range scans on (owner_id, …) and (programme_id, status, …);
 * the provider count runs only when the programme has a cap. One-per-person counts the owner's
 * active applications submitted before this one, so the answer does not depend on when the job
 * runs: the first application passes, later ones fail, even when the worker was down while both
 * came in.
 */
const ELIGIBILITY_LOAD = `
  SELECT a.id, a.applicant, a.employer, a.training, a.requested_amount_cents, p.*,
         (SELECT count(*)::int FROM applications o
           WHERE o.owner_id = a.owner_id AND o.programme_id = a.programme_id
             AND (o.submitted_at, o.id) < (a.submitted_at, a.id)
             AND o.status IN ('submitted', 'information-requested', 'reviewed', 'granted', 'objection')) AS other_active,
         CASE WHEN p.provider_cap IS NULL THEN 0 ELSE
           (SELECT count(*)::int FROM applications v
             WHERE v.programme_id = a.programme_id AND v.status IN ('granted', 'completed')
               AND ${provider('v')} = ${provider('a')}) END AS provider_vouchers
    FROM applications a CROSS JOIN LATERAL (${programmeRuleFactsSql('a.programme_id')}) p
   WHERE a.id = ANY($1::uuid[]) AND a.eligibility->>'status' = 'pending'`;

/**
 * The results of one batch of checks and the loads of the next, in one statement (one round
 * trip, one commit): under load the wait for the database, not its work, is most of a job's
 * time. Each result lands only over a pending check, so a job that runs twice changes nothing
 * the second time. The version is left alone: it counts lifecycle transitions, and this is not
 * one. The load sees the applications as they were before this statement's stores (a
 * data-modifying WITH), so a check loaded while its twin's result is being stored is stored by
 * neither twice: its own store finds the check no longer pending.
 *
 * Rows: one per loaded application (`stored` null), one per stored result (only `stored` set).
 */
const ELIGIBILITY_BATCH = `
  WITH stored AS (
    UPDATE applications a SET eligibility = r.eligibility, updated_at = now()
      FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, eligibility jsonb)
     WHERE a.id = r.id AND a.eligibility->>'status' = 'pending'
    RETURNING a.id)
  SELECT l.*, s.id AS stored FROM (${ELIGIBILITY_LOAD}) l FULL JOIN stored s ON false`;

/** An application whose eligibility check is pending, with everything its rules look at. */
export interface EligibilityFacts extends ProgrammeRuleFacts {
  id: string;
  applicant: ApplicantDetails;
  employer: EmployerDetails | null;
  training: TrainingDetails;
  requested_amount_cents: number;
  /** The owner's active applications in the programme submitted before this one. */
  other_active: number;
  /** Vouchers (granted or completed) of the programme for the same provider; 0 without a cap. */
  provider_vouchers: number;
}

/**
 * A named (prepared) statement on TypeORM's own pg pool: each connection parses and plans
 * it once, not once per batch; planning the load costs more than running it.
 */
async function prepared<T>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as PostgresDriver).master as { query(q: object): Promise<{ rows: T[] }> };
  return (await pool.query({ name, text, values })).rows;
}

/**
 * In one statement: stores `results`, each only over a pending check (give each id once), and
 * loads the facts of those of `load` whose check was pending before it. Answers the facts
 * loaded (the others are absent) and the ids whose result landed.
 */
export async function storeAndLoadEligibility(
  db: DataSource,
  results: readonly { id: string; eligibility: EligibilityResult }[],
  load: readonly string[],
): Promise<{ facts: EligibilityFacts[]; stored: string[] }> {
  const rows = await prepared<EligibilityFacts & { stored: string | null }>(
    db,
    'eligibility-batch',
    ELIGIBILITY_BATCH,
    [load, JSON.stringify(results)],
  );
  const facts: EligibilityFacts[] = [];
  const stored: string[] = [];
  for (const { stored: id, ...row } of rows) {
    if (id === null) facts.push(row);
    else stored.push(id);
  }
  return { facts, stored };
}

// ── Reports ────────────────────────────────────────────────────────────────────────────────

/**
 * The ordinal of the last voucher each programme granted before `$2` (null: none). One
 * backward step through applications_granted_idx per programme: O(log n), whatever the size.
 */
export const LAST_ORDINAL_BEFORE_SQL = `
  SELECT p.id AS "programmeId",
         (SELECT a.voucher_ordinal FROM applications a
           WHERE a.programme_id = p.id AND a.granted_at < $2
           ORDER BY a.granted_at DESC LIMIT 1) AS ordinal
  FROM unnest($1::uuid[]) AS p(id)`;

/**
 * The ordinal of the last voucher each programme granted before `before` (0 when none): the
 * programme's granted count minus it is what it granted since. Pass a transaction's manager
 * to read in its snapshot.
 */
export async function lastOrdinalsBefore(
  db: Queryable,
  programmeIds: string[],
  before: Date,
): Promise<Map<string, number>> {
  const rows: { programmeId: string; ordinal: number | null }[] = await db.query(LAST_ORDINAL_BEFORE_SQL, [
    programmeIds,
    before,
  ]);
  return new Map(rows.map((r) => [r.programmeId, r.ordinal ?? 0]));
}

// ── Documents ──────────────────────────────────────────────────────────────────────────────

/**
 * The application's status, read with a share lock held until the caller's transaction ends:
 * no transition commits meanwhile, so a document is added only to an application that stays
 * open until the document is on file. null when there is no such application.
 */
export async function statusForShare(tx: Queryable, applicationId: string): Promise<string | null> {
  const rows: { status: string }[] = await tx.query(`SELECT status FROM applications WHERE id = $1 FOR SHARE`, [
    applicationId,
  ]);
  return rows[0]?.status ?? null;
}

// ── The rest ───────────────────────────────────────────────────────────────────────────────

/** A submission as the officers' digest lists it: no personal data. */
export interface SubmissionLine {
  reference: string;
  programme_code: string;
  target_group: string;
  requested_amount_cents: number;
  submitted_at: Date;
}

/** What waits for an officer in a programme: information requests past their due date, open objections. */
export interface AwaitingOfficers {
  programme_code: string;
  past_due: number;
  objections: number;
  /** The earliest date an open objection must be decided by (YYYY-MM-DD), or null. */
  earliest_decision_due: string | null;
}

/** Vouchers of a programme counted by target group, training kind and gender, with their amount. */
export interface VoucherGroup {
  target_group: string;
  kind: string;
  gender: string;
  n: number;
  /** Sum of granted amounts, as bigint text. */
  cents: string;
}

/** What a milestone list shows of the application that reached it. */
export interface MilestoneHolder {
  id: string;
  reference: string;
  /** null once the retention period removed it. */
  name: string | null;
  /** Whether the applicant consented to being named. */
  consent: boolean;
}

@Injectable()
export class ApplicationReads {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The application with this id; null when there is none. */
  byId(id: string): Promise<Application | null> {
    return this.db.getRepository(Application).findOneBy({ id });
  }

  /** Up to `limit` granted applications whose voucher expired before `today` (YYYY-MM-DD), earliest first. */
  async grantedExpiredBefore(today: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM applications WHERE status = 'granted' AND voucher_expires_on < $1 ORDER BY voucher_expires_on LIMIT $2`,
      [today, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The ids of up to `limit` applications whose eligibility check is still pending more than
   * `minutes` after submission, oldest first.
   */
  async stalePendingEligibility(minutes: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM applications
       WHERE eligibility->>'status' = 'pending' AND submitted_at < now() - make_interval(mins => $1)
       ORDER BY submitted_at LIMIT $2`,
      [minutes, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Applications submitted in the 24 hours up to `until`, counted per programme (by code). */
  submittedPerProgramme(until: Date): Promise<{ programme_code: string; n: number }[]> {
    return this.db.query(
      `SELECT programme_code, count(*)::int AS n FROM applications
       WHERE submitted_at > $1::timestamptz - interval '24 hours' AND submitted_at <= $1
       GROUP BY programme_code ORDER BY programme_code`,
      [until],
    );
  }

  /** The first `limit` applications submitted in the 24 hours up to `until` in these programmes (by code). */
  submittedIn(until: Date, programmeCodes: string[], limit: number): Promise<SubmissionLine[]> {
    return this.db.query(
      `SELECT reference, programme_code, applicant->>'targetGroup' AS target_group, requested_amount_cents, submitted_at
       FROM applications
       WHERE submitted_at > $1::timestamptz - interval '24 hours' AND submitted_at <= $1 AND programme_code = ANY($2)
       ORDER BY submitted_at, reference LIMIT $3`,
      [until, programmeCodes, limit],
    );
  }

  /**
   * The vouchers with ordinals 1..`upToOrdinal` of a programme (the first ever granted,
   * including any withdrawn or expired since), grouped by target group, training kind and gender.
   */
  voucherGroups(programmeId: string, upToOrdinal: number): Promise<VoucherGroup[]> {
    return this.db.query(
      `SELECT applicant->>'targetGroup' AS target_group, training->>'kind' AS kind, applicant->>'gender' AS gender,
              count(*)::int AS n, coalesce(sum(granted_amount_cents), 0)::bigint AS cents
       FROM applications WHERE programme_id = $1 AND voucher_ordinal BETWEEN 1 AND $2
       GROUP BY 1, 2, 3`,
      [programmeId, upToOrdinal],
    );
  }

  /** Every application `ownerId` submitted, oldest first, each with its history (oldest first). */
  async ownedBy(ownerId: string): Promise<{ application: Application; history: HistoryEntry[] }[]> {
    const applications = await this.db
      .getRepository(Application)
      .find({ where: { ownerId }, order: { submittedAt: 'ASC', id: 'ASC' } });
    if (applications.length === 0) return [];
    const history = await this.db
      .getRepository(HistoryEntry)
      .createQueryBuilder('h')
      .where('h.application_id = ANY(:ids)', { ids: applications.map((a) => a.id) })
      .orderBy('h.id', 'ASC')
      .getMany();
    return applications.map((application) => ({
      application,
      history: history.filter((h) => h.applicationId === application.id),
    }));
  }

  /**
   * Applications waiting for information due between `from` and `to` (YYYY-MM-DD, inclusive),
   * by due date and id, `limit` at a time after `after` (the last one of the previous batch).
   */
  informationDueBetween(
    from: string,
    to: string,
    limit: number,
    after: { dueOn: string; id: string } | null = null,
  ): Promise<Application[]> {
    const qb = this.db
      .getRepository(Application)
      .createQueryBuilder('a')
      .where(`a.status = 'information-requested'`)
      .andWhere(`a.information_request->>'dueOn' BETWEEN :from AND :to`, { from, to });
    if (after) {
      qb.andWhere(`(a.information_request->>'dueOn', a.id) > (:afterDue, :afterId::uuid)`, {
        afterDue: after.dueOn,
        afterId: after.id,
      });
    }
    return qb.orderBy(`a.information_request->>'dueOn'`).addOrderBy('a.id').limit(limit).getMany();
  }

  /** Steps taken in the 24 hours up to `until` with one of `actions`, counted per programme (by code) and action. */
  stepsPerProgramme(until: Date, actions: string[]): Promise<{ programme_code: string; action: string; n: number }[]> {
    return this.db.query(
      `SELECT a.programme_code, h.action, count(*)::int AS n
       FROM application_history h JOIN applications a ON a.id = h.application_id
       WHERE h.at > $1::timestamptz - interval '24 hours' AND h.at <= $1 AND h.action = ANY($2)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [until, actions],
    );
  }

  /** Per programme (by code): information requests whose due date is before `today`, and open objections. */
  awaitingOfficers(today: string): Promise<AwaitingOfficers[]> {
    return this.db.query(
      `SELECT programme_code,
              count(*) FILTER (WHERE status = 'information-requested' AND information_request->>'dueOn' < $1)::int AS past_due,
              count(*) FILTER (WHERE status = 'objection')::int AS objections,
              min(objection->>'decisionDueOn') FILTER (WHERE status = 'objection') AS earliest_decision_due
       FROM applications WHERE status IN ('information-requested', 'objection')
       GROUP BY programme_code ORDER BY programme_code`,
      [today],
    );
  }

  /** Reference, applicant name and publicity consent of these applications, by id. */
  async holders(ids: string[]): Promise<Map<string, MilestoneHolder>> {
    if (ids.length === 0) return new Map();
    const rows: MilestoneHolder[] = await this.db.query(
      `SELECT id, reference, applicant->>'name' AS name,
              coalesce((applicant->>'publicityConsent')::boolean, false) AS consent
       FROM applications WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}
