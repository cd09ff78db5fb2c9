import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { type SqlPart, withParts } from '../../platform/database/sql-part';
import { KeyedGate } from '../../platform/kernel/keyed-gate';
import { ApplicationEvent, OutboxEvent, outboxInsert, writeOutbox } from '../../platform/outbox';
import { budgetExhausted, moveBudget } from '../programmes/programme-budget';
import { Application } from './application.entity';
import {
  insertApplication,
  insertHistory,
  StepRow,
  takeVoucherOrdinal,
  updateVersioned,
  versionConflict,
} from './application-store';
import {
  ApplicationFacts,
  FactKind,
  Lifecycle,
  NO_FACTS,
  LifecycleContext,
  LifecycleRow,
  voucherLifecycle,
} from './voucher-lifecycle';

/** The lifecycle table in use; a test may provide one with extra rows. */
export const LIFECYCLE = Symbol('LIFECYCLE');
export const lifecycleProvider = { provide: LIFECYCLE, useValue: voucherLifecycle };

/**
 * One step as written: the row, who took it, the application before (null on submit) and after
 * (on submit, `after` gets its id, reference and times from the write: a part that needs them
 * reads them from the step's row, see `TransitionHook.written`).
 */
export interface RecordedTransition {
  row: LifecycleRow;
  context: LifecycleContext;
  before: Application | null;
  after: Application;
}

/** What a write takes besides its row and context. */
export interface WriteOptions {
  /** On submit: the new application, and `referencePrefix` starts its reference. */
  submission?: { draft: Application; referencePrefix: string };
  /**
   * More of the caller's writes with the step (the access log of the answer it shows), as a part
   * of the step's own statement (see `TransitionHook.written`).
   */
  alsoWritten?: SqlPart;
}

/**
 * What other features keep in step with the lifecycle, in its statement or transaction (reports
 * count it, allocation checks a grant, milestones record a threshold). They register here, so
 * the applications feature does not depend on them; what they return goes into the outbox with
 * the step's own event.
 */
export interface TransitionHook {
  /**
   * What it writes of every step, as a part of the step's own statement (one round trip for
   * the application, its history row, these parts and, but for a grant, the money and the
   * outbox). The part gets `after`, the relation of the step's row (id, reference, at): it
   * writes nothing unless that row is there (none: a version conflict), so it runs once the
   * application's row is written and locked (a row referring to it, written before, would
   * share-lock it and deadlock racing writers).
   */
  written?(step: RecordedTransition): SqlPart | undefined;
  /** In a grant's transaction, after its step's statement, before it takes its ordinal (may refuse it). */
  granting?(tx: EntityManager, step: RecordedTransition): Promise<void>;
  /** After a grant took its ordinal (the programme's thresholds as the grant saw them). */
  granted?(tx: EntityManager, step: RecordedTransition, milestones: number[]): Promise<OutboxEvent[]>;
  /** What guards may know of these applications beyond their rows (the documents on file), by id. */
  facts?(applicationIds: string[]): Promise<Map<string, Partial<ApplicationFacts>>>;
  /** The kind of fact `facts` answers; asked only when a guard reads it. */
  provides?: FactKind;
}

@Injectable()
export class TransitionHooks {
  private readonly hooks: TransitionHook[] = [];

  register(hook: TransitionHook): void {
    this.hooks.push(hook);
  }

  all(): readonly TransitionHook[] {
    return this.hooks;
  }

  /** The facts every hook knows of these applications, by id (none known: no documents, not within budget). */
  async factsOf(applicationIds: string[], kinds: readonly FactKind[]): Promise<Map<string, ApplicationFacts>> {
    const facts = new Map<string, ApplicationFacts>(applicationIds.map((id) => [id, { ...NO_FACTS }]));
    if (applicationIds.length === 0) return facts;
    for (const hook of this.hooks) {
      if (hook.provides !== undefined && !kinds.includes(hook.provides)) continue;
      for (const [id, known] of (await hook.facts?.(applicationIds)) ?? []) {
        const current = facts.get(id);
        if (current) facts.set(id, { ...current, ...known });
      }
    }
    return facts;
  }
}

/**
 * The write path of every row of the table, submit included: the row's plan, then the versioned
 * write (or the insert), the history row, the hooks' parts, the money and the outbox events in
 * one statement, which is atomic on its own (no BEGIN or COMMIT). A grant writes its step the
 * same way in a transaction, then checks its place, takes its ordinal under the programme's row
 * lock and writes its events (they depend on the ordinal).
 */
@Injectable()
export class TransitionRunner {
  private readonly grantGate: KeyedGate;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(LIFECYCLE) private readonly lifecycle: Lifecycle,
    private readonly hooks: TransitionHooks,
    config: AppConfig,
  ) {
    this.grantGate = new KeyedGate(config.GRANTS_IN_FLIGHT_PER_PROGRAMME);
  }

  /** Writes `row` for `context` (whose verdict the caller has had). Returns the application as written. */
  async write(row: LifecycleRow, context: LifecycleContext, options: WriteOptions = {}): Promise<Application> {
    const plan = this.lifecycle.plan(row, context);
    if (!plan.takesOrdinal) {
      const { first, after, parts, events } = this.step(row, context, plan, options);
      if (plan.budget) parts.push(moveBudget(context.programme.id, plan.budget));
      // On submit the event learns the application's id and reference from the insert.
      const filled = context.application === null ? idAndReference : undefined;
      parts.push(outboxInsert(events, filled));
      return this.writeStep(this.db, first, after, parts, context.application === null);
    }
    // Grants of one programme queue here rather than each holding a pooled connection on its row lock.
    return this.grantGate.run(context.programme.id, () =>
      this.db.transaction((tx) => this.writeGrant(tx, row, context, plan, options)),
    );
  }

  /** The step's application after it (as far as known before the write), its parts and its event. */
  private step(
    row: LifecycleRow,
    context: LifecycleContext,
    plan: ReturnType<Lifecycle['plan']>,
    { submission, alsoWritten }: WriteOptions,
  ) {
    const { actor, now, input } = context;
    const before = context.application;
    const first =
      before === null
        ? insertApplication(
            submission!.draft,
            submission!.referencePrefix,
            context.programme.allocation !== 'daily-lottery',
          )
        : updateVersioned(before, row.to, plan.changes, now);
    const after =
      before === null
        ? submission!.draft
        : Object.assign(new Application(), before, plan.changes, {
            status: row.to,
            version: before.version + 1,
            updatedAt: now,
          });
    const reason = input.reason?.trim() || null;
    const history = insertHistory({
      action: row.action,
      from: before?.status ?? null,
      to: row.to,
      actorId: actor.id,
      actorRole: actor.role,
      reason,
    });
    const recorded: RecordedTransition = { row, context, before, after };
    const parts: SqlPart[] = [history];
    if (alsoWritten) parts.push(alsoWritten);
    for (const hook of this.hooks.all()) {
      const part = hook.written?.(recorded);
      if (part) parts.push(part);
    }
    const jobs = this.lifecycle.jobsOf(row);
    // (On submit the id and reference are undefined here, so left out of the payload, which the write fills in.)
    const event: ApplicationEvent = {
      applicationId: after.id,
      reference: after.reference,
      programmeCode: after.programmeCode,
      action: row.action,
      from: before?.status ?? null,
      to: row.to,
      actorId: actor.id,
      ...(before !== null && { reason }),
      ...(jobs.length > 0 && { jobs }),
    };
    const events: OutboxEvent[] = [{ type: row.event, payload: event }];
    return { first, after, recorded, parts, event, events };
  }

  /** Runs the step's statement; the application as written (a version conflict throws: nothing was written). */
  private async writeStep(
    q: Pick<EntityManager, 'query'>,
    first: SqlPart,
    after: Application,
    parts: SqlPart[],
    submission: boolean,
  ): Promise<Application> {
    const statement = withParts(first, parts);
    const [written] = await q.query<StepRow[]>(statement.sql, statement.params);
    if (!written) throw versionConflict();
    if (submission) {
      // The insert gave the new application these.
      const { id, reference, at, rank } = written;
      Object.assign(after, { id, reference, rank, submittedAt: at, updatedAt: at });
    }
    return after;
  }

  private async writeGrant(
    tx: EntityManager,
    row: LifecycleRow,
    context: LifecycleContext,
    plan: ReturnType<Lifecycle['plan']>,
    options: WriteOptions,
  ): Promise<Application> {
    const { first, after, recorded, parts, event } = this.step(row, context, plan, options);
    await this.writeStep(tx, first, after, parts, false);
    for (const hook of this.hooks.all()) await hook.granting?.(tx, recorded);
    // The grant's own event goes with the ordinal it takes (one round trip fewer under the programme's lock).
    Object.assign(event, { amountCents: after.grantedAmountCents });
    const grantEvent = outboxInsert([{ type: row.event, payload: event }], ordinalOf);
    const taken = await takeVoucherOrdinal(tx, after.id, context.programme.id, plan.budget!.committedCents, grantEvent);
    if (taken === null) throw budgetExhausted();
    const { ordinal, milestones } = taken;
    after.voucherOrdinal = ordinal;
    event.ordinal = ordinal;
    const more: OutboxEvent[] = [];
    for (const hook of this.hooks.all()) more.push(...((await hook.granted?.(tx, recorded, milestones)) ?? []));
    await writeOutbox(tx, more);
    return after;
  }
}

/** The grant event's ordinal, from the programme's row as the grant took it. */
const ordinalOf = (after: string) => `jsonb_build_object('ordinal', ${after}.granted_count)`;

/** The submit event's application id and reference, from the insert's row. */
const idAndReference = (after: string) =>
  `jsonb_build_object('applicationId', ${after}.id, 'reference', ${after}.reference)`;
