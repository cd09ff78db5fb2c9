import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository, In } from 'typeorm';
import { DomainError } from '../../platform/kernel/domain-error';
import { invalidRequest } from '../../platform/http/validation.pipe';
import { EntityReader } from '../../platform/database/entity-reader';
import { CreateProgrammeDto, UpdateProgrammeDto } from './programme.dto';
import { ProgrammeCache } from './programme-cache.service';
import { Programme } from './programme.entity';
import { reasonTextsOf } from './reason-texts';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * What changes while a programme runs, read fresh: its counters (moved only by the lifecycle,
 * atomically) and the settings a report forecasts with. One index lookup per programme.
 */
export const PROGRAMME_COUNTERS_SQL = `
  SELECT id, budget_cents::bigint AS budget_cents, granted_count, committed_cents::bigint AS committed_cents,
         spent_cents::bigint AS spent_cents, targets, milestones, closes_at, now() AS read_at
  FROM programmes WHERE id = ANY($1::uuid[])`;

export interface ProgrammeCounters {
  id: string;
  budgetCents: number;
  grantedCount: number;
  committedCents: number;
  spentCents: number;
  targets: Programme['targets'];
  milestones: number[];
  closesAt: Date;
  /** The database's clock when the counters were read (the start of the transaction, if any). */
  readAt: Date;
}

/** The programme facts the eligibility rules need, as `programmeRuleFactsSql` selects them. */
export interface ProgrammeRuleFacts {
  min_amount_cents: number;
  max_amount_cents: number;
  max_co_funding_percent: number;
  opens_at: Date;
  closes_at: Date;
  region: Programme['region'];
  target_groups: string[];
  training_kinds: string[];
  provider_cap: number | null;
  /** budget − committed − spent, at the moment of the statement. */
  available_cents: number;
}

/**
 * A subquery (one row) with the eligibility facts of the programme whose id is the SQL
 * expression `programmeId`, for a caller that must read them in the same statement as its
 * own rows (the eligibility load: one statement per batch). Join it LATERAL; PostgreSQL
 * pulls it up into a plain join on the primary key.
 */
export function programmeRuleFactsSql(programmeId: string): string {
  return `SELECT min_amount_cents, max_amount_cents, max_co_funding_percent, opens_at, closes_at, region,
                 target_groups, training_kinds, provider_cap,
                 (budget_cents - committed_cents - spent_cents)::float8 AS available_cents
            FROM programmes WHERE id = ${programmeId}`;
}

/**
 * The SQL expression that takes the next submission number of the programme whose id is the
 * SQL expression `programmeId`: its own sequence (created with the programme), so submissions
 * never wait on one another. In a first-come programme it is the application's rank.
 */
export function nextSubmissionNumberSql(programmeId: string): string {
  return `nextval(('programme_submissions_' || replace((${programmeId})::text, '-', ''))::regclass)`;
}

/** Whether anything was ever submitted to the programme (its sequence was used). */
async function hasSubmissions(q: Queryable, programmeId: string): Promise<boolean> {
  const name = `programme_submissions_${programmeId.replace(/-/g, '')}`;
  const [row] = await q.query<{ is_called: boolean }[]>(`SELECT is_called FROM ${name}`);
  return row?.is_called ?? false;
}

/**
 * A subquery (one row) with the budget of the programme whose id is the SQL expression
 * `programmeId` and the money its vouchers hold (`held_cents`: committed + spent).
 */
export function programmeBudgetSql(programmeId: string): string {
  return `SELECT budget_cents::float8 AS budget_cents, (committed_cents + spent_cents)::float8 AS held_cents
            FROM programmes WHERE id = ${programmeId}`;
}

const pgCode = (error: unknown) =>
  error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;

/** Rules across fields, for a new programme and for one after a change alike. */
function checkConsistent(p: Pick<Programme, 'minAmountCents' | 'maxAmountCents' | 'opensAt' | 'closesAt'>): void {
  if (p.maxAmountCents < p.minAmountCents) {
    throw invalidRequest([{ name: 'maxAmountCents', reason: 'maxAmountCents must be at least minAmountCents' }]);
  }
  if (p.closesAt <= p.opensAt) throw invalidRequest([{ name: 'closesAt', reason: 'closesAt must be after opensAt' }]);
}

function budgetBelowCommitments(): DomainError {
  const reason = 'budgetCents may not drop below what is committed and spent';
  return new DomainError('budget-below-commitments', reason, [{ name: 'budgetCents', reason }]);
}

/**
 * A programme with grants keeps a budget of at least what it has committed and spent, so no
 * voucher handed out loses its money. Checked here for a friendly answer naming the field; the
 * CHECK constraint on the table guards the race with a grant.
 */
function checkBudgetCoversCommitments(budgetCents: number, p: Pick<Programme, 'committedCents' | 'spentCents'>): void {
  if (budgetCents < p.committedCents + p.spentCents) throw budgetBelowCommitments();
}

@Injectable()
export class ProgrammesService {
  private readonly rows: EntityReader<Programme>;

  constructor(
    @InjectRepository(Programme) private readonly programmes: Repository<Programme>,
    private readonly cache: ProgrammeCache,
  ) {
    this.rows = new EntityReader(programmes.manager.connection, Programme);
  }

  list(): Promise<Programme[]> {
    return this.programmes.find({ order: { opensAt: 'DESC', code: 'ASC' } });
  }

  async get(code: string): Promise<Programme> {
    const programme = await this.programmes.findOneBy({ code });
    if (!programme) throw new DomainError('not-found', `No programme ${code}`);
    return programme;
  }

  async create(input: CreateProgrammeDto): Promise<Programme> {
    checkConsistent({ ...input, opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt) });
    const programme = this.programmes.create({
      ...input,
      opensAt: new Date(input.opensAt),
      closesAt: new Date(input.closesAt),
      providerCap: input.providerCap ?? null,
      reasonTexts: reasonTextsOf(input.reasonTexts),
      milestones: [...input.milestones].sort((a, b) => a - b),
    });
    try {
      return await this.programmes.save(programme);
    } catch (error) {
      if (pgCode(error) === '23505')
        throw new DomainError('programme-exists', `Programme ${input.code} exists already`);
      throw error;
    }
  }

  async update(code: string, input: UpdateProgrammeDto): Promise<Programme> {
    const nulls = Object.entries(input).filter(([key, value]) => value === null && key !== 'providerCap');
    if (nulls.length > 0) {
      throw invalidRequest(nulls.map(([name]) => ({ name, reason: `${name} may not be null` })));
    }
    const programme = await this.get(code);
    const changes: Partial<Programme> = {
      ...input,
      ...(input.opensAt !== undefined && { opensAt: new Date(input.opensAt) }),
      ...(input.closesAt !== undefined && { closesAt: new Date(input.closesAt) }),
      ...(input.milestones !== undefined && { milestones: [...input.milestones].sort((a, b) => a - b) }),
      ...(input.reasonTexts !== undefined && { reasonTexts: reasonTextsOf(input.reasonTexts) }),
    } as Partial<Programme>;
    checkConsistent({ ...programme, ...changes });
    if (input.budgetCents !== undefined) checkBudgetCoversCommitments(input.budgetCents, programme);
    if (
      changes.allocation !== undefined &&
      changes.allocation !== programme.allocation &&
      (await hasSubmissions(this.programmes.manager, programme.id))
    ) {
      throw new DomainError('allocation-fixed', 'allocation cannot change once the programme has applications', [
        { name: 'allocation', reason: 'the programme has applications; its allocation is fixed' },
      ]);
    }
    // Counters are never written from here: only the lifecycle changes them, atomically.
    const writable = { ...changes };
    delete writable.grantedCount;
    delete writable.committedCents;
    delete writable.spentCents;
    try {
      await this.programmes.update({ id: programme.id }, writable);
      this.cache.forget(programme);
    } catch (error) {
      if (pgCode(error) === '23514') {
        // A grant between the check above and this UPDATE: the table's CHECK constraint still holds the line.
        throw budgetBelowCommitments();
      }
      throw error;
    }
    return this.get(code);
  }

  /** The programme with this id, read fresh; null when there is none. */
  byId(id: string): Promise<Programme | null> {
    return this.rows.byId(id);
  }

  /** The programmes with these ids, read fresh (the lifecycle's guards look at the budget). */
  byIds(ids: string[]): Promise<Programme[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.programmes.findBy({ id: In(ids) });
  }

  /** The programme with this code, read fresh (counters included); null when there is none. */
  byCode(code: string): Promise<Programme | null> {
    return this.programmes.findOneBy({ code });
  }

  /** The programmes of a province (e.g. 'OV'), by code. */
  inProvince(province: string): Promise<Programme[]> {
    return this.programmes.find({ where: { province }, order: { code: 'ASC' } });
  }

  /** Every programme's code and money counters, read fresh in one statement (a few rows: one per programme). */
  async allCounters(): Promise<
    {
      id: string;
      code: string;
      budgetCents: number;
      grantedCount: number;
      committedCents: number;
      spentCents: number;
    }[]
  > {
    const rows: {
      id: string;
      code: string;
      budget_cents: string;
      granted_count: number;
      committed_cents: string;
      spent_cents: string;
    }[] = await this.programmes.query(
      `SELECT id::text AS id, code, budget_cents, granted_count, committed_cents, spent_cents FROM programmes`,
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      budgetCents: Number(r.budget_cents),
      grantedCount: r.granted_count,
      committedCents: Number(r.committed_cents),
      spentCents: Number(r.spent_cents),
    }));
  }

  /**
   * The fresh counters of the programmes with these ids, in one statement (PROGRAMME_COUNTERS_SQL);
   * pass `tx` to read them in the caller's transaction (and snapshot).
   */
  async countersOf(ids: string[], tx: Queryable = this.programmes.manager): Promise<ProgrammeCounters[]> {
    const rows: {
      id: string;
      budget_cents: string;
      granted_count: number;
      committed_cents: string;
      spent_cents: string;
      targets: Programme['targets'];
      milestones: number[];
      closes_at: Date;
      read_at: Date;
    }[] = await tx.query(PROGRAMME_COUNTERS_SQL, [ids]);
    return rows.map((r) => ({
      id: r.id,
      budgetCents: Number(r.budget_cents),
      grantedCount: r.granted_count,
      committedCents: Number(r.committed_cents),
      spentCents: Number(r.spent_cents),
      targets: r.targets,
      milestones: r.milestones,
      closesAt: r.closes_at,
      readAt: r.read_at,
    }));
  }
}
