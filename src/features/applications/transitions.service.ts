import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxEvent, writeOutbox } from '../../platform/outbox';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../platform/kernel/actor';
import { addDays, dutchDate } from '../../platform/kernel/dates';
import { DomainError } from '../../platform/kernel/domain-error';
import { KeyedGate } from '../../platform/kernel/keyed-gate';
import { AppConfig } from '../../platform/config/app-config';
import { invalidRequest } from '../../platform/http/validation.pipe';
import { Programme } from '../programmes/programme.entity';
import { countTransition } from '../reports/report-counters';
import { Application } from './application.entity';
import { ApplicationsService } from './applications.service';
import { newVoucherCode } from './voucher-code';
import {
  Action,
  grantAmount,
  LifecycleContext,
  OBJECTION_WEEKS,
  refusal,
  TransitionInput,
  voucherLifecycle,
} from './voucher-lifecycle';

/** Columns a transition may set besides status and version, by entity property. */
const COLUMNS = {
  reviewedBy: 'reviewed_by',
  grantedAmountCents: 'granted_amount_cents',
  voucherCode: 'voucher_code',
  voucherExpiresOn: 'voucher_expires_on',
  grantedAt: 'granted_at',
  decision: 'decision',
} as const;
type ApplicationChanges = Partial<Pick<Application, keyof typeof COLUMNS>>;

/** What a transition does besides moving the status: the effects column of the table. */
interface Effects {
  changes: ApplicationChanges;
  /** Signed change of the programme's committed and spent money. */
  budget?: { committedCents: number; spentCents: number };
  /** A grant takes the next ordinal under the budget check. */
  takesOrdinal?: boolean;
}

function effectsOf(action: Action, context: LifecycleContext): Effects {
  const { application, programme, actor, input, now } = context;
  const today = dutchDate(now);
  const granted = application!.grantedAmountCents ?? 0;
  switch (action) {
    case 'review':
      return { changes: { reviewedBy: actor.id } };
    case 'grant': {
      const amount = grantAmount(context);
      return {
        changes: {
          grantedAmountCents: amount,
          voucherCode: newVoucherCode(),
          voucherExpiresOn: addDays(today, programme.voucherValidityDays),
          grantedAt: now,
        },
        budget: { committedCents: amount, spentCents: 0 },
        takesOrdinal: true,
      };
    }
    case 'reject':
      return {
        changes: {
          decision: { action, reason: input.reason!.trim(), objectionDeadline: addDays(today, 7 * OBJECTION_WEEKS) },
        },
      };
    case 'complete':
      return { changes: {}, budget: { committedCents: -granted, spentCents: granted } };
    case 'withdraw':
    case 'expire':
      return application!.status === 'granted'
        ? { changes: {}, budget: { committedCents: -granted, spentCents: 0 } }
        : { changes: {} };
    case 'submit':
      throw new Error('submit is not a transition of an existing application');
  }
}

/**
 * Reads an If-Match header: "4" (or 4), or * for any. A weak tag (W/"4") never matches:
 * If-Match compares strongly (RFC 9110 §13.1.1), so it answers 412.
 */
function expectedVersion(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return null;
  const match = /^\s*(W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) throw invalidRequest([{ name: 'If-Match', reason: 'If-Match must be an ETag such as "4"' }]);
  return match[1] ? -1 : Number(match[2]);
}

@Injectable()
export class TransitionsService {
  private readonly grantGate: KeyedGate;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly applications: ApplicationsService,
    config: AppConfig,
  ) {
    this.grantGate = new KeyedGate(config.GRANTS_IN_FLIGHT_PER_PROGRAMME);
  }

  /**
   * Takes `action` on an application, in the order API.md reveals refusals:
   * 404 (not visible), 403 (role), 412 (stale If-Match), 409 (state), 422 (guards).
   */
  async transition(actor: Actor, id: string, action: Action, input: TransitionInput, ifMatch?: string) {
    const application = await this.applications.getVisible(actor, id);
    if (!voucherLifecycle.roleMay(action, actor.role)) throw refusal({ allowed: false, reason: 'forbidden' }, action);
    const expected = expectedVersion(ifMatch);
    if (expected !== null && expected !== application.version) {
      throw new DomainError('version-mismatch', `The application is at version ${application.version}, not ${expected}`);
    }
    const programme = await this.db.getRepository(Programme).findOneByOrFail({ id: application.programmeId });
    const context: LifecycleContext = { actor, programme, application, input, now: new Date() };
    const decision = voucherLifecycle.decide(action, application.status, actor.role, context);
    if (!decision.allowed) throw refusal(decision, action);

    const effects = effectsOf(action, context);
    const run = () => this.db.transaction((tx) => this.apply(tx, context, action, decision.transition.to, effects));
    const updated = effects.takesOrdinal ? await this.grantGate.run(programme.id, run) : await run();
    return { application: updated, programme };
  }

  private async apply(
    tx: EntityManager,
    { actor, programme, application, input, now }: LifecycleContext,
    action: Action,
    to: Application['status'],
    effects: Effects,
  ): Promise<Application> {
    const app = application!;
    const entries = Object.entries(effects.changes) as [keyof typeof COLUMNS, unknown][];
    const params: unknown[] = [app.id, app.version, to, now];
    const sets = entries.map(([property, value]) => {
      params.push(value);
      return `${COLUMNS[property]} = $${params.length}`;
    });
    const [rows] = await tx.query(
      `UPDATE applications SET status = $3, version = version + 1, updated_at = $4${sets.map((s) => `, ${s}`).join('')}
       WHERE id = $1 AND version = $2 RETURNING version`,
      params,
    );
    if (rows.length === 0) throw new DomainError('conflict', 'Another change to this application came first; reload it');
    await countTransition(tx, {
      programmeId: app.programmeId,
      applicant: app.applicant,
      training: app.training,
      from: app.status,
      to,
      grantedAtBefore: app.grantedAt,
      grantedAtAfter: effects.changes.grantedAt ?? app.grantedAt,
    });

    const reason = input.reason?.trim() || null;
    await tx.query(
      `INSERT INTO application_history (application_id, at, action, from_status, to_status, actor_id, actor_role, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [app.id, now, action, app.status, to, actor.id, actor.role, reason],
    );

    const updated: Application = Object.assign(new Application(), app, effects.changes, {
      status: to,
      version: app.version + 1,
      updatedAt: now,
    });
    const event = {
      applicationId: app.id,
      reference: app.reference,
      programmeCode: app.programmeCode,
      action,
      from: app.status,
      to,
      actorId: actor.id,
      reason,
    };
    const events: OutboxEvent[] = [{ type: `application.${action}`, payload: event }];

    if (effects.takesOrdinal) {
      // Last, so the programme row stays locked for as few statements as possible.
      const { ordinal, milestones } = await this.commitGrant(tx, programme, effects.budget!.committedCents);
      updated.voucherOrdinal = ordinal;
      Object.assign(event, { ordinal, amountCents: updated.grantedAmountCents });
      const reachesMilestone = milestones.includes(ordinal);
      await tx.query(
        `WITH voucher AS (UPDATE applications SET voucher_ordinal = $2 WHERE id = $1)
         INSERT INTO milestones (programme_id, threshold, ordinal, application_id, reached_at)
         SELECT $3, $2, $2, $1, $4 WHERE $5`,
        [app.id, ordinal, programme.id, now, reachesMilestone],
      );
      if (reachesMilestone) {
        events.push({
          type: 'milestone.reached',
          payload: { programmeCode: programme.code, threshold: ordinal, ordinal, applicationId: app.id, reference: app.reference },
        });
      }
    } else if (effects.budget) {
      await tx.query(
        `UPDATE programmes SET committed_cents = committed_cents + $2, spent_cents = spent_cents + $3, updated_at = now()
         WHERE id = $1`,
        [programme.id, effects.budget.committedCents, effects.budget.spentCents],
      );
    }
    await writeOutbox(tx, events);
    return updated;
  }

  /**
   * Commits the grant's money and takes the next ordinal in one conditional UPDATE on the
   * programme row: the row lock serialises grants of one programme and nothing else, and the
   * WHERE clause keeps committed + spent within the budget (invariants 3 and 4).
   */
  private async commitGrant(
    tx: EntityManager,
    programme: Programme,
    amountCents: number,
  ): Promise<{ ordinal: number; milestones: number[] }> {
    const [rows] = await tx.query(
      `UPDATE programmes SET granted_count = granted_count + 1, committed_cents = committed_cents + $2, updated_at = now()
       WHERE id = $1 AND committed_cents + spent_cents + $2 <= budget_cents
       RETURNING granted_count, milestones`,
      [programme.id, amountCents],
    );
    if (rows.length === 0) throw new DomainError('budget-exhausted', 'The programme has no budget left for this amount');
    return { ordinal: rows[0].granted_count, milestones: rows[0].milestones };
  }
}
