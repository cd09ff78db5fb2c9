import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { Actor } from '../../platform/kernel/actor';
import { dutchDate } from '../../platform/kernel/dates';
import { DomainError } from '../../platform/kernel/domain-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../platform/http/page-query';
import { invalidRequest } from '../../platform/http/validation.pipe';
import { ProgrammeCache } from '../programmes/programme-cache.service';
import { Programme } from '../programmes/programme.entity';
import { ProgrammesService } from '../programmes/programmes.service';
import { applicationAccess } from '../access/access-policy';
import { AccessLog } from '../access/access-log.service';
import { Application } from './application.entity';
import { ListApplicationsQuery, SubmitApplicationDto } from './application.dto';
import { HistoryEntry } from './history-entry.entity';
import { LIFECYCLE, TransitionHooks, TransitionRunner } from './transition-runner.service';
import { Action, Lifecycle, NO_FACTS } from './voucher-lifecycle';
import { isUuid } from '../../platform/kernel/uuid';
import { EntityReader } from '../../platform/database/entity-reader';

/** JSON with keys sorted, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Reviewing several applications at once is for those whose eligibility check passed (the
 * lifecycle's review guard only needs it finished: a failed one is reviewed on its own page).
 * The queue's checkboxes and the bulk review both ask this, and the lifecycle for the rest.
 */
export function bulkReviewable(eligibilityOutcome: string | null | undefined): boolean {
  return eligibilityOutcome === 'passed';
}

export interface SubmitResult {
  application: Application;
  /** The programme, when this call read it (not on an idempotent replay). */
  programme?: Programme;
  /** false when an Idempotency-Key replayed an earlier submission. */
  created: boolean;
}

@Injectable()
export class ApplicationsService {
  private readonly rows: EntityReader<Application>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(LIFECYCLE) private readonly lifecycle: Lifecycle,
    private readonly programmes: ProgrammeCache,
    private readonly runner: TransitionRunner,
    private readonly accessLog: AccessLog,
    private readonly hooks: TransitionHooks,
    private readonly programmeRows: ProgrammesService,
  ) {
    this.rows = new EntityReader(db, Application);
  }

  async submit(actor: Actor, input: SubmitApplicationDto, idempotencyKey?: string): Promise<SubmitResult> {
    const requestHash = idempotencyKey ? createHash('sha256').update(canonicalJson(input)).digest('hex') : null;
    if (idempotencyKey) {
      const earlier = await this.replay(actor, idempotencyKey, requestHash!);
      if (earlier) return { application: earlier, created: false };
    }

    const programme = await this.programmes.byCode(input.programmeCode);
    if (!programme) {
      throw invalidRequest([{ name: 'programmeCode', reason: `there is no programme ${input.programmeCode}` }]);
    }
    const now = new Date();
    const context = { actor, programme, application: null, input: {}, now, facts: NO_FACTS };
    const verdict = this.lifecycle.decide('submit', null, actor.role, context);
    if (!verdict.allowed) throw this.lifecycle.refusal(verdict, 'submit');

    const application = Object.assign(new Application(), {
      programmeId: programme.id,
      programmeCode: programme.code,
      ownerId: actor.id,
      status: 'submitted',
      version: 1,
      applicant: { locale: 'nl', publicityConsent: false, ...input.applicant },
      employer: input.employer ?? null,
      training: { ...input.training },
      motivation: input.motivation ?? null,
      requestedAmountCents: input.requestedAmountCents,
      grantedAmountCents: null,
      voucherCode: null,
      voucherOrdinal: null,
      voucherExpiresOn: null,
      grantedAt: null,
      // The eligibility worker fills this in; review waits for it (guard eligibility-pending).
      eligibility: { status: 'pending', checkedAt: null, checks: [] },
      decision: null,
      informationRequest: null,
      objection: null,
      reviewedBy: null,
      rank: null,
      budgetPosition: null,
      reservePosition: null,
      movedWithinAt: null,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
    });
    let submitted: Application;
    try {
      submitted = await this.runner.write(verdict.transition, context, {
        submission: {
          draft: application,
          referencePrefix: `${programme.province}-${dutchDate(programme.opensAt).slice(0, 4)}-`,
        },
      });
    } catch (error) {
      const isKeyRace =
        error instanceof QueryFailedError &&
        (error.driverError as { constraint?: string }).constraint === 'applications_idempotency_unique';
      if (isKeyRace) {
        const earlier = await this.replay(actor, idempotencyKey!, requestHash!);
        if (earlier) return { application: earlier, created: false };
      }
      throw error;
    }
    return { application: submitted, programme, created: true };
  }

  /** The application an earlier request with this key created, if its body was the same. */
  private async replay(actor: Actor, key: string, requestHash: string): Promise<Application | null> {
    const earlier = await this.db.getRepository(Application).findOneBy({ ownerId: actor.id, idempotencyKey: key });
    if (earlier && earlier.requestHash !== requestHash) {
      throw new DomainError('idempotency-key-reused', 'This Idempotency-Key was used before with another body');
    }
    return earlier;
  }

  /** The application, if `actor` may see it; otherwise not-found. */
  async getVisible(actor: Actor, id: string): Promise<Application> {
    const application = isUuid(id) ? await this.rows.byId(id) : null;
    if (!application || !applicationAccess.canRead(actor, application))
      throw new DomainError('not-found', 'No such application');
    return application;
  }

  /**
   * The application, if `actor` may see it (otherwise not-found), with the read logged when
   * the actor is staff: `route` is where they read it (docs/privacy.md).
   */
  async read(actor: Actor, id: string, route: string): Promise<Application> {
    const application = await this.getVisible(actor, id);
    await this.accessLog.recordRead(actor, [application.id], route);
    return application;
  }

  /** A page of the applications `actor` may see; a staff member's read of the page is logged (one INSERT). */
  async list(actor: Actor, query: ListApplicationsQuery, route: string) {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.db
      .getRepository(Application)
      .createQueryBuilder('a')
      .addSelect('a.submitted_at::text', 'cursor_at')
      .orderBy('a.submitted_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    const scope = applicationAccess.listFilter(actor, 'a');
    if (scope) qb.andWhere(scope.sql, scope.params);
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.programme) qb.andWhere('a.programme_code = :programme', { programme: query.programme });
    if (query.eligibility) qb.andWhere(`a.eligibility->>'status' = :eligibility`, { eligibility: query.eligibility });
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      qb.andWhere('(a.submitted_at, a.id) < (:at::timestamptz, :id::uuid)', { at, id });
    }
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string }>();
    const page = entities.slice(0, limit);
    const nextCursor = entities.length > limit ? encodeCursor(raw[limit - 1].cursor_at, page[limit - 1].id) : null;
    await this.accessLog.recordRead(
      actor,
      page.map((a) => a.id),
      route,
    );
    return { items: page, nextCursor };
  }

  /** The application's history, oldest first; a staff member's read is logged. */
  async history(actor: Actor, id: string, route: string): Promise<HistoryEntry[]> {
    return this.historyOf(await this.read(actor, id, route));
  }

  /** The history of an application the caller has already read, oldest first. */
  historyOf(application: Pick<Application, 'id'>): Promise<HistoryEntry[]> {
    return this.db.getRepository(HistoryEntry).find({ where: { applicationId: application.id }, order: { id: 'ASC' } });
  }

  /**
   * Steps `actor`'s role could take from the application's status that a guard withholds now
   * (guards that need input aside), each with that guard's code (four-eyes,
   * objection-handler-involved, term-running, ...): why a button is missing, from the same table.
   */
  async withheldActions(actor: Actor, application: Application, programme: Programme): Promise<Map<Action, string>> {
    const kinds = this.lifecycle.listingFactsFor(application.status, actor.role);
    const facts =
      kinds.length > 0 ? (await this.hooks.factsOf([application.id], kinds)).get(application.id)! : NO_FACTS;
    const context = { actor, programme, application, input: {}, now: new Date(), facts };
    return this.lifecycle.withheldActions(application.status, actor.role, context);
  }

  /**
   * What `actor` may do now to each application, judged by the lifecycle table. Programmes the
   * caller has at hand (`known`) are not read again.
   */
  /** Of the applications `ids`, those `actor` sees and may `action` now, by the lifecycle's allowed actions. */
  async allowing(actor: Actor, ids: string[], action: Action): Promise<Set<string>> {
    const found = ids.length > 0 ? await this.db.getRepository(Application).findBy({ id: In(ids) }) : [];
    const visible = found.filter((a) => applicationAccess.canRead(actor, a));
    const allowed = await this.allowedActions(actor, visible);
    return new Set(visible.filter((a) => allowed.get(a.id)!.includes(action)).map((a) => a.id));
  }

  async allowedActions(
    actor: Actor,
    applications: Application[],
    known: Programme[] = [],
  ): Promise<Map<string, Action[]>> {
    const programmes = new Map(known.map((p) => [p.id, p]));
    const missing = [...new Set(applications.map((a) => a.programmeId))].filter((id) => !programmes.has(id));
    if (missing.length > 0) {
      for (const p of await this.programmeRows.byIds(missing)) programmes.set(p.id, p);
    }
    const now = new Date();
    // Facts are read only for applications where one could change what is listed.
    const needs = applications.map((application) =>
      this.lifecycle.listingFactsFor(application.status, actor.role, {
        actor,
        programme: programmes.get(application.programmeId)!,
        application,
        input: {},
        now,
        facts: NO_FACTS,
      }),
    );
    const needFacts = applications.filter((_, i) => needs[i].length > 0).map((a) => a.id);
    const facts = await this.hooks.factsOf(needFacts, [...new Set(needs.flat())]);
    return new Map(
      applications.map((application) => [
        application.id,
        this.lifecycle.allowedActions(application.status, actor.role, {
          actor,
          programme: programmes.get(application.programmeId)!,
          application,
          input: {},
          now,
          facts: facts.get(application.id) ?? NO_FACTS,
        }),
      ]),
    );
  }
}
