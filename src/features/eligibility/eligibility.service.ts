import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { dutchDate } from '../../platform/kernel/dates';
import type {
  ApplicantDetails,
  EligibilityCheck,
  EligibilityResult,
  EmployerDetails,
  TrainingDetails,
} from '../applications/application.entity';
import type { Region } from '../programmes/programme.entity';
import { Coalescer } from './coalescer';
import { KVK_REGISTER, KvkRegister } from './registers/kvk-register';
import { TRAINING_REGISTER, TrainingRegister } from './registers/training-register';
import { evaluate, RuleInput } from './rules';
import { isUuid } from '../../platform/kernel/uuid';

/** A check as stored on the application: API.md's shape plus the English message. */
export interface StoredEligibilityCheck extends EligibilityCheck {
  messageEn: string;
}

export interface StoredEligibilityResult extends EligibilityResult {
  status: 'passed' | 'failed';
  checkedAt: string;
  checks: StoredEligibilityCheck[];
}

/** Provider names compare as the training register does: trimmed, spaces folded, no case. */
const provider = (alias: string) => `lower(regexp_replace(btrim(${alias}.training->>'provider'), '\\s+', ' ', 'g'))`;

/**
 * One query for a batch of applications: each one (only while its check is pending), its
 * programme, and the facts the rules need. The counts are index range scans on (owner_id, …)
 * and (programme_id, status, …); the provider count runs only when the programme has a cap.
 * One-per-person counts the owner's active applications submitted before this one, so the
 * answer does not depend on when the job runs: the first application passes, later ones fail,
 * even when the worker was down while both came in.
 */
const LOAD = `
  SELECT a.id, a.applicant, a.employer, a.training, a.requested_amount_cents,
         p.min_amount_cents, p.max_amount_cents, p.max_co_funding_percent,
         p.opens_at, p.closes_at, p.region, p.target_groups, p.training_kinds, p.provider_cap,
         (p.budget_cents - p.committed_cents - p.spent_cents)::float8 AS available_cents,
         (SELECT count(*)::int FROM applications o
           WHERE o.owner_id = a.owner_id AND o.programme_id = a.programme_id
             AND (o.submitted_at, o.id) < (a.submitted_at, a.id)
             AND o.status IN ('submitted', 'reviewed', 'granted')) AS other_active,
         CASE WHEN p.provider_cap IS NULL THEN 0 ELSE
           (SELECT count(*)::int FROM applications v
             WHERE v.programme_id = a.programme_id AND v.status IN ('granted', 'completed')
               AND ${provider('v')} = ${provider('a')}) END AS provider_vouchers
    FROM applications a JOIN programmes p ON p.id = a.programme_id
   WHERE a.id = ANY($1::uuid[]) AND a.eligibility->>'status' = 'pending'`;

/**
 * One statement (one commit) for a batch of results. Each lands only over a pending check, so
 * a job that runs twice changes nothing the second time. The version is left alone: it
 * counts lifecycle transitions, and this is not one.
 */
const STORE = `
  UPDATE applications a SET eligibility = r.eligibility, updated_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, eligibility jsonb)
   WHERE a.id = r.id AND a.eligibility->>'status' = 'pending'
  RETURNING a.id`;

interface LoadedRow {
  id: string;
  applicant: ApplicantDetails;
  employer: EmployerDetails | null;
  training: TrainingDetails;
  requested_amount_cents: number;
  min_amount_cents: number;
  max_amount_cents: number;
  max_co_funding_percent: number;
  opens_at: Date;
  closes_at: Date;
  region: Region;
  target_groups: string[];
  training_kinds: string[];
  provider_cap: number | null;
  available_cents: number;
  other_active: number;
  provider_vouchers: number;
}

interface Store {
  id: string;
  eligibility: StoredEligibilityResult;
}

/**
 * At most 100 applications per statement (a worker's concurrent jobs rarely come near it) and
 * two statements of a kind at once: one runs while the next batch gathers.
 */
const BATCH = { maxBatch: 100, maxInFlight: 2 };

/**
 * The eligibility check of a submitted application: gathers the facts, runs the pure rules
 * (rules/), and stores the result on the application. It never changes the status: a failed
 * check informs the officer, who decides.
 *
 * The jobs a worker runs at once share their queries: loads and stores are coalesced into
 * batches (one prepared statement each), so the database reads, writes and commits once per
 * batch, not once per job.
 */
@Injectable()
export class EligibilityService {
  private readonly logger = new Logger('Eligibility');
  private readonly loads = new Coalescer<string, LoadedRow | null>((ids) => this.loadBatch(ids), BATCH);
  private readonly stores = new Coalescer<Store, boolean>((results) => this.storeBatch(results), BATCH);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(KVK_REGISTER) private readonly kvk: KvkRegister,
    @Inject(TRAINING_REGISTER) private readonly trainingRegister: TrainingRegister,
  ) {}

  /** Checks one application; 'skipped' when it is gone or its check is no longer pending. */
  async check(applicationId: string, now: Date = new Date()): Promise<'done' | 'skipped'> {
    if (!isUuid(applicationId)) return 'skipped';
    const row = await this.loads.call(applicationId.toLowerCase());
    if (!row) return 'skipped';

    const isEmployee = row.applicant.targetGroup === 'employee';
    const [kvkRegistered, providerKnown] = await Promise.all([
      isEmployee && row.employer?.kvkNumber
        ? this.ask('KvK', () => this.kvk.isRegistered(row.employer!.kvkNumber))
        : Promise.resolve(null),
      this.ask('training register', () => this.trainingRegister.providerKnown(row.training.provider)),
    ]);

    const { status, checks } = evaluate(ruleInput(row, now, kvkRegistered, providerKnown));
    const eligibility: StoredEligibilityResult = { status, checkedAt: now.toISOString(), checks };
    return (await this.stores.call({ id: row.id, eligibility })) ? 'done' : 'skipped';
  }

  /**
   * A named (prepared) statement on TypeORM's own pg pool: each connection parses and plans
   * it once, not once per batch; planning the load costs more than running it.
   */
  private async prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.db.driver as PostgresDriver).master as { query(q: object): Promise<{ rows: T[] }> };
    return (await pool.query({ name, text, values })).rows;
  }

  private async loadBatch(ids: string[]): Promise<(LoadedRow | null)[]> {
    const rows = await this.prepared<LoadedRow>('eligibility-load', LOAD, [[...new Set(ids)]]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Stores a batch; true for each result that landed. The same application twice: the first wins. */
  private async storeBatch(results: Store[]): Promise<boolean[]> {
    const first = new Map<string, Store>();
    for (const r of results) if (!first.has(r.id)) first.set(r.id, r);
    const rows = await this.prepared<{ id: string }>('eligibility-store', STORE, [JSON.stringify([...first.values()])]);
    const stored = new Set(rows.map((row) => row.id));
    return results.map((r) => first.get(r.id) === r && stored.has(r.id));
  }

  /** An outside register's answer; an error counts as "could not be asked" (null), for a warning. */
  private async ask(register: string, question: () => Promise<boolean | null>): Promise<boolean | null> {
    try {
      return await question();
    } catch (error) {
      this.logger.warn(`The ${register} could not be asked: ${(error as Error).message}`);
      return null;
    }
  }
}

function ruleInput(row: LoadedRow, now: Date, kvkRegistered: boolean | null, providerKnown: boolean | null): RuleInput {
  return {
    today: dutchDate(now),
    application: {
      applicant: row.applicant,
      employer: row.employer,
      training: row.training,
      requestedAmountCents: row.requested_amount_cents,
    },
    programme: {
      minAmountCents: row.min_amount_cents,
      maxAmountCents: row.max_amount_cents,
      maxCoFundingPercent: row.max_co_funding_percent,
      opensOn: dutchDate(row.opens_at),
      closesOn: dutchDate(row.closes_at),
      region: row.region,
      targetGroups: row.target_groups,
      trainingKinds: row.training_kinds,
      providerCap: row.provider_cap,
    },
    facts: {
      otherActiveApplications: row.other_active,
      providerVoucherCount: row.provider_vouchers,
      availableCents: row.available_cents,
      kvkRegistered,
      providerKnown,
    },
  };
}
