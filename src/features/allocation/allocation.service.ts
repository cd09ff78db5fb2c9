import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../platform/kernel/domain-error';
import { writeOutbox } from '../../platform/outbox';
import {
  AllocationRow,
  allocationRows,
  askedUpTo,
  withinBudgetInputs,
  markMovedWithin,
  storePlaces,
  WAITING_STATUSES,
} from '../applications/application-allocation';
import { RecordedTransition, TransitionHooks } from '../applications/transition-runner.service';
import { lockForGrant } from '../programmes/programme-budget';
import { ProgrammeCache } from '../programmes/programme-cache.service';
import { ProgrammesService } from '../programmes/programmes.service';
import { allocate, changes, Place } from './allocation';
import { SingleFlight } from './single-flight';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Keeps every programme's allocation (docs/domain.md): who is within budget and who is on the
 * reserve list. Two things rest on it:
 *
 * - The grant's guard `not-within-budget` asks it (as a fact) whether an application is within
 *   budget, worked out from scratch; the grant then checks again inside its own transaction,
 *   under the programme's row lock, so no grant jumps the queue even when the stored places lag.
 * - `settle()` stores the places the applicants and officers see, and tells each applicant who
 *   moves from the reserve list within budget, once (`allocation.moved-within`). Every lifecycle
 *   step sets it off through the outbox (a job per programme); calls for one programme share
 *   runs in a process, and an advisory lock keeps runs of one programme apart across processes.
 */
@Injectable()
export class AllocationService implements OnModuleInit {
  private readonly flights = new SingleFlight();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hooks: TransitionHooks,
    private readonly programmes: ProgrammesService,
    private readonly cached: ProgrammeCache,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      provides: 'withinBudget',
      facts: (ids) => this.withinFacts(ids),
      granting: (tx, step) => this.checkGrant(tx, step),
    });
  }

  /** Settles the allocation of the programme with this code ('skipped' when there is none). */
  async settleByCode(code: string): Promise<'done' | 'skipped'> {
    // A programme's id never changes: the cache answers without a query at a peak.
    const programme = await this.cached.byCode(code);
    if (!programme) return 'skipped';
    await this.settle(programme.id);
    return 'done';
  }

  /** Stores the programme's places as they are now, and tells who moved within budget. */
  settle(programmeId: string): Promise<void> {
    return this.flights.run(programmeId, () =>
      this.db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('allocation:' || $1, 0))`, [programmeId]);
        const [counters] = await this.programmes.countersOf([programmeId], tx);
        if (!counters) return;
        const rows = await allocationRows(tx, programmeId);
        const { changed, movedWithin } = changes(rows, allocate(counters.budgetCents, rows));
        await storePlaces(tx, changed);
        const told = await markMovedWithin(tx, movedWithin, WAITING_STATUSES);
        await writeOutbox(
          tx,
          told.map((a) => ({
            type: 'allocation.moved-within' as const,
            payload: { applicationId: a.id, reference: a.reference, programmeCode: a.programmeCode, status: a.status },
          })),
        );
      }),
    );
  }

  /**
   * Whether each application is within budget now, worked out from scratch per programme. One
   * that no longer waits (another step came first) is judged as the waiting application its
   * caller read, so that caller learns of the race from the write (409), not from this guard.
   */
  private async withinFacts(ids: string[]): Promise<Map<string, { withinBudget: boolean }>> {
    const asked = await withinBudgetInputs(this.db, ids);
    const facts = new Map<string, { withinBudget: boolean }>();
    const walk = new Map<string, { rows: AllocationRow[]; places: Map<string, Place> }>();
    for (const a of asked) {
      // The common case, in the one statement: everything waiting up to it fits, so first fit
      // puts it within. Otherwise the walk, from scratch.
      if (a.rank !== null && WAITING_STATUSES.includes(a.status) && a.held + a.askedUpTo <= a.budgetCents) {
        facts.set(a.id, { withinBudget: true });
        continue;
      }
      if (!walk.has(a.programmeId)) {
        const rows = await allocationRows(this.db, a.programmeId);
        walk.set(a.programmeId, { rows, places: allocate(a.budgetCents, rows) });
      }
      const { rows, places } = walk.get(a.programmeId)!;
      const place = WAITING_STATUSES.includes(a.status)
        ? places.get(a.id)
        : allocate(a.budgetCents, asWaiting(rows, a)).get(a.id);
      facts.set(a.id, { withinBudget: place?.position === 'within' });
    }
    return facts;
  }

  /**
   * Inside the grant's transaction, under the programme's row lock: the application must still be
   * within budget, counted as the waiting application it was a moment ago (invariant 9).
   */
  private async checkGrant(tx: Queryable, step: RecordedTransition): Promise<void> {
    if (step.row.action !== 'grant' || step.before === null) return;
    const before = step.before;
    const { budgetCents, heldCents } = await lockForGrant(tx, before.programmeId);
    // The common case: everything waiting up to it fits (in this transaction it is granted
    // already, so its own amount is added back; its money is not committed yet).
    if (before.rank !== null) {
      const asked = await askedUpTo(tx, before.programmeId, before.rank);
      if (heldCents + asked + before.requestedAmountCents <= budgetCents) return;
    }
    const rows = asWaiting(await allocationRows(tx, before.programmeId), {
      ...before,
      budgetPosition: null,
      reservePosition: null,
    });
    if (allocate(budgetCents, rows).get(before.id)?.position !== 'within') {
      throw new DomainError(
        'not-within-budget',
        'grant refused: the application is not within budget in rank order (it is on the reserve list)',
      );
    }
  }
}

/** The rows with `application` counted as waiting (reviewed), as its caller read it, holding no money. */
function asWaiting(rows: readonly AllocationRow[], application: AllocationRow): AllocationRow[] {
  return [
    ...rows.filter((row) => row.id !== application.id),
    { ...application, status: 'reviewed', grantedAmountCents: null },
  ];
}
