import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import type { SqlPart } from '../../platform/database/sql-part';
import { KeyedGate } from '../../platform/kernel/keyed-gate';
import { ApplicationEvent, OutboxEvent, writeOutbox } from '../../platform/outbox';
import { budgetExhausted, moveBudget } from '../programmes/programme-budget';
import { Application } from './application.entity';
import { insertApplication, insertHistory, takeVoucherOrdinal, updateVersioned } from './application-store';
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

/** One step as written: the row, who took it, the application before (null on submit) and after. */
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
   * More of the caller's writes in the same transaction (the access log of the answer it shows),
   * run as part of the history row's INSERT (one round trip, not two). So done once the
   * application's row is written and locked (a row referring to it, written before, would
   * share-lock it and deadlock racing writers), and before the hooks take the programme's row
   * lock, which a grant then holds no longer.
   */
  alsoWritten?: SqlPart;
}

/**
 * What other features keep in step with the lifecycle, inside its transaction (reports count
 * it, milestones record a threshold). They register here, so the applications feature does not
 * depend on them; what they return goes into the outbox with the step's own event.
 */
export interface TransitionHook {
  /** After the application and its history row are written; before the grant takes its ordinal. */
  recorded?(tx: EntityManager, step: RecordedTransition): Promise<void>;
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
 * The write path of every row of the table, submit included: the row's plan, then in one
 * transaction the versioned write (or the insert), the history row, the hooks, the money and
 * ordinal, and the outbox events.
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
    const run = () => this.db.transaction((tx) => this.writeIn(tx, row, context, plan, options));
    // Grants of one programme queue here rather than each holding a pooled connection on its row lock.
    return plan.takesOrdinal ? this.grantGate.run(context.programme.id, run) : run();
  }

  private async writeIn(
    tx: EntityManager,
    row: LifecycleRow,
    context: LifecycleContext,
    plan: ReturnType<Lifecycle['plan']>,
    { submission, alsoWritten }: WriteOptions,
  ): Promise<Application> {
    const { actor, now, input } = context;
    const before = context.application;
    let after: Application;
    if (before === null) {
      const draft = submission!.draft;
      const inserted = await insertApplication(
        tx,
        draft,
        submission!.referencePrefix,
        context.programme.allocation !== 'daily-lottery',
      );
      after = Object.assign(draft, inserted, { updatedAt: inserted.submittedAt });
    } else {
      await updateVersioned(tx, before, row.to, plan.changes, now);
      after = Object.assign(new Application(), before, plan.changes, {
        status: row.to,
        version: before.version + 1,
        updatedAt: now,
      });
    }
    const reason = input.reason?.trim() || null;
    await insertHistory(
      tx,
      {
        applicationId: after.id,
        at: before === null ? after.submittedAt : now,
        action: row.action,
        from: before?.status ?? null,
        to: row.to,
        actorId: actor.id,
        actorRole: actor.role,
        reason,
      },
      alsoWritten,
    );
    const step: RecordedTransition = { row, context, before, after };
    for (const hook of this.hooks.all()) await hook.recorded?.(tx, step);

    const jobs = this.lifecycle.jobsOf(row);
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
    if (plan.takesOrdinal) {
      const taken = await takeVoucherOrdinal(tx, after.id, context.programme.id, plan.budget!.committedCents);
      if (taken === null) throw budgetExhausted();
      const { ordinal, milestones } = taken;
      after.voucherOrdinal = ordinal;
      Object.assign(event, { ordinal, amountCents: after.grantedAmountCents });
      for (const hook of this.hooks.all()) events.push(...((await hook.granted?.(tx, step, milestones)) ?? []));
    } else if (plan.budget) {
      await moveBudget(tx, context.programme.id, plan.budget);
    }
    await writeOutbox(tx, events);
    return after;
  }
}
