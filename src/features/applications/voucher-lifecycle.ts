import { Guard, StateMachine, Transition, Verdict } from '@vakvoucher/workflow';
import { Actor, Role } from '../../platform/kernel/actor';
import { addDays, dutchDate, startOfDutchDay } from '../../platform/kernel/dates';
import { DomainError } from '../../platform/kernel/domain-error';
import { ApplicationEventType } from '../../platform/outbox/outbox-events';
import { JobName } from '../../platform/queue/job-catalogue';
import type { Programme } from '../programmes/programme.entity';
import type { Application, DecisionRecord } from './application.entity';
import { Action, ApplicationStatus, CLOSED_STATUSES } from './application-status';
import { newVoucherCode } from './voucher-code';

export { ACTIONS, APPLICATION_STATUSES, CLOSED_STATUSES } from './application-status';
export type { Action, ApplicationStatus } from './application-status';

/**
 * The voucher lifecycle: the one table that drives guards, allowedActions, the write path
 * (effects, history, outbox events) and the diagram in the README (docs/architecture.md).
 * A new step is a new row with its guards and effects, and its message templates.
 */

export interface TransitionInput {
  reason?: string;
  amountCents?: number;
}

/** A document on file, as guards judge it (the documents feature provides them). */
export interface DocumentFact {
  kind: string;
  scan: 'pending' | 'clean' | 'infected';
  uploadedAt: Date;
}

/** What guards may know about an application beyond its own row, loaded only for rows that read it. */
export interface ApplicationFacts {
  documents: readonly DocumentFact[];
  /**
   * Whether it is within budget in rank order now (invariant 9), worked out from scratch by the
   * allocation feature; the grant checks it again inside its own transaction.
   */
  withinBudget: boolean;
}

export const NO_FACTS: ApplicationFacts = { documents: [], withinBudget: false };

export interface LifecycleContext {
  actor: Actor;
  programme: Programme;
  /** null while submitting: there is no application yet. */
  application: Application | null;
  input: TransitionInput;
  now: Date;
  facts: ApplicationFacts;
}

/**
 * Columns a transition may set besides status and version: any but the application's identity,
 * its submission and the ordinal (which the grant takes under the budget check).
 */
export type ApplicationChanges = Partial<
  Omit<
    Application,
    | 'id'
    | 'reference'
    | 'programmeId'
    | 'programmeCode'
    | 'ownerId'
    | 'status'
    | 'version'
    | 'submittedAt'
    | 'updatedAt'
    | 'idempotencyKey'
    | 'requestHash'
    | 'voucherOrdinal'
  >
>;

/** What a row's effects add up to, worked out before the transaction starts. */
export interface TransitionPlan {
  changes: ApplicationChanges;
  /** Signed change of the programme's committed and spent money. */
  budget?: { committedCents: number; spentCents: number };
  /** The grant takes the next ordinal under the budget check, in one statement with the money. */
  takesOrdinal?: boolean;
}

/**
 * One effect of a row. `plan` adds to what the write path does; an effect without `plan` is
 * carried out by a consumer of the row's outbox event (a mail, a job) and is listed for the
 * reader and the docs.
 */
export interface Effect {
  description: string;
  plan?(context: LifecycleContext, plan: TransitionPlan, action: Action): void;
  /** A job the row's event sets off (besides the applicant's notice), through the outbox. */
  job?: JobName;
}

/**
 * A guard; `readsDocuments` when it judges the documents on file, `readsAllocation` when it
 * judges the application's place in the budget (the facts are loaded for it).
 */
export interface LifecycleGuard extends Guard<LifecycleContext> {
  readsDocuments?: boolean;
  readsAllocation?: boolean;
}

/** The kind of fact a guard reads beyond the application's row. */
export type FactKind = 'documents' | 'withinBudget';

const factsOfGuard = (guard: LifecycleGuard): FactKind[] => [
  ...(guard.readsDocuments ? (['documents'] as const) : []),
  ...(guard.readsAllocation ? (['withinBudget'] as const) : []),
];

export interface LifecycleRow extends Transition<ApplicationStatus, Action, Role, LifecycleContext> {
  guards?: readonly LifecycleGuard[];
  /** The outbox event the step writes: what has happened, in the past tense. */
  event: ApplicationEventType;
  effects: readonly Effect[];
}

/** Weeks an applicant has to lodge an objection to a decision (Awb art. 6:7). */
export const OBJECTION_WEEKS = 6;

/** Weeks the fund has to decide on an objection (Awb art. 7:10). */
export const OBJECTION_DECISION_WEEKS = 6;

export function grantAmount(context: LifecycleContext): number {
  return context.input.amountCents ?? context.application!.requestedAmountCents;
}

/**
 * When an application entering status `to` counts as closed (null: it stays open): now, or when
 * the step records a decision that may be objected to (`decision`), the end of its objection
 * deadline, when the decision becomes final. Retention counts from here.
 */
export function closedAt(to: ApplicationStatus, decision: DecisionRecord | null, now: Date): Date | null {
  if (!CLOSED_STATUSES.includes(to)) return null;
  if (!decision?.objectionDeadline) return now;
  const end = startOfDutchDay(addDays(decision.objectionDeadline, 1));
  return end > now ? end : now;
}

export function maxGrantFor(programme: Programme, costCents: number): number {
  return Math.min(programme.maxAmountCents, Math.floor((costCents * programme.maxCoFundingPercent) / 100));
}

const hasText = (value?: string) => typeof value === 'string' && value.trim().length > 0;

// Guards

const programmeOpen: Guard<LifecycleContext> = {
  code: 'programme-closed',
  description: 'programme open',
  check: ({ programme, now }) => programme.opensAt <= now && now <= programme.closesAt,
};

const eligibilityFinished: Guard<LifecycleContext> = {
  code: 'eligibility-pending',
  description: 'eligibility finished',
  check: ({ application }) => application!.eligibility?.status !== 'pending',
};

const fourEyes: Guard<LifecycleContext> = {
  code: 'four-eyes',
  description: 'granter is not the reviewer (four eyes)',
  check: ({ programme, application, actor }) => !programme.fourEyes || application!.reviewedBy !== actor.id,
};

const amountInRange: Guard<LifecycleContext> = {
  code: 'amount-out-of-range',
  description: 'amount in range',
  needsInput: true,
  check: (context) => {
    const amount = grantAmount(context);
    const { programme, application } = context;
    return amount >= programme.minAmountCents && amount <= maxGrantFor(programme, application!.training.costCents);
  },
};

const budgetLeft: Guard<LifecycleContext> = {
  code: 'budget-exhausted',
  description: 'budget left',
  needsInput: true,
  check: (context) => {
    const { programme } = context;
    return programme.committedCents + programme.spentCents + grantAmount(context) <= programme.budgetCents;
  },
};

/** Invariant 9: only an application within budget in rank order is granted; no grant jumps the queue. */
const withinBudgetInRank: LifecycleGuard = {
  code: 'not-within-budget',
  description: 'within budget in rank order',
  readsAllocation: true,
  check: ({ facts }) => facts.withinBudget,
};

const reasonRequired: Guard<LifecycleContext> = {
  code: 'reason-required',
  description: 'reason given',
  needsInput: true,
  check: ({ input }) => hasText(input.reason),
};

/** A certificate, diploma or attendance statement, uploaded and scanned clean; the officer's note is optional. */
const cleanCompletionProof: LifecycleGuard = {
  code: 'evidence-required',
  description: 'clean proof of completion on file',
  readsDocuments: true,
  check: ({ facts }) => facts.documents.some((d) => d.kind === 'completion-proof' && d.scan === 'clean'),
};

/** An answer (the supplement's reason) or a document uploaded since the request, not found infected. */
const somethingSupplied: LifecycleGuard = {
  code: 'nothing-supplemented',
  description: 'something supplied since the request',
  needsInput: true,
  readsDocuments: true,
  check: ({ input, application, facts }) => {
    if (hasText(input.reason)) return true;
    const since = new Date(application!.informationRequest?.requestedAt ?? 0);
    return facts.documents.some((d) => d.scan !== 'infected' && d.uploadedAt >= since);
  },
};

const dueDatePassed: Guard<LifecycleContext> = {
  code: 'term-running',
  description: 'due date passed',
  check: ({ application, now }) => {
    const dueOn = application!.informationRequest?.dueOn;
    return dueOn !== undefined && dueOn < dutchDate(now);
  },
};

const withinObjectionTerm: Guard<LifecycleContext> = {
  code: 'objection-term-passed',
  description: 'within the objection term',
  check: ({ application, now }) => {
    const deadline = application!.decision?.objectionDeadline;
    return deadline !== undefined && dutchDate(now) <= deadline;
  },
};

/** Once per decision: the objection on file is against another (an earlier, revoked) decision, or there is none. */
const notObjectedBefore: Guard<LifecycleContext> = {
  code: 'already-objected',
  description: 'not objected before',
  check: ({ application }) => {
    const { objection, decision } = application!;
    return objection === null || objection.contested.decidedAt !== decision?.decidedAt;
  },
};

/** Awb 7:5: whoever took the contested decision does not handle the objection (four eyes, again). */
const handlerNotInvolved: Guard<LifecycleContext> = {
  code: 'objection-handler-involved',
  description: 'handler did not take the contested decision',
  check: ({ application, actor }) => application!.decision?.decidedBy !== actor.id,
};

const expiryPassed: Guard<LifecycleContext> = {
  code: 'not-expired',
  description: 'expiry date passed',
  check: ({ application, now }) =>
    application!.voucherExpiresOn !== null && application!.voucherExpiresOn < dutchDate(now),
};

// Effects

const grantedMoney = (context: LifecycleContext) => context.application!.grantedAmountCents ?? 0;

const mail: Effect = { description: 'mail' };

const remembersReviewer: Effect = {
  description: 'remembers the reviewer',
  plan: ({ actor }, plan) => Object.assign(plan.changes, { reviewedBy: actor.id }),
};

const issuesVoucher: Effect = {
  description: 'voucher code, amount and expiry',
  plan: (context, plan) =>
    Object.assign(plan.changes, {
      grantedAmountCents: grantAmount(context),
      voucherCode: newVoucherCode(),
      voucherExpiresOn: addDays(dutchDate(context.now), context.programme.voucherValidityDays),
      grantedAt: context.now,
    }),
};

const commitsBudgetWithOrdinal: Effect = {
  description: 'budget committed, ordinal n',
  plan: (context, plan) => {
    plan.budget = { committedCents: grantAmount(context), spentCents: 0 };
    plan.takesOrdinal = true;
  },
};

const recordsDecision: Effect = {
  description: `decision + objection deadline (${OBJECTION_WEEKS} weeks, Awb 6:7)`,
  plan: ({ input, now, actor }, plan, action) =>
    Object.assign(plan.changes, {
      decision: {
        action,
        reason: input.reason!.trim(),
        objectionDeadline: addDays(dutchDate(now), 7 * OBJECTION_WEEKS),
        decidedBy: actor.id,
        decidedAt: now.toISOString(),
      },
    }),
};

const recordsInformationRequest: Effect = {
  description: 'due date (Awb 4:5 term)',
  plan: ({ input, now, actor, programme }, plan) =>
    Object.assign(plan.changes, {
      informationRequest: {
        reason: input.reason!.trim(),
        dueOn: addDays(dutchDate(now), programme.informationTermDays),
        requestedAt: now.toISOString(),
        requestedBy: actor.id,
      },
    }),
};

const freshEligibilityCheck: Effect = {
  description: 'fresh eligibility check',
  job: JobName.CheckEligibility,
  plan: (_context, plan) =>
    Object.assign(plan.changes, { eligibility: { status: 'pending', checkedAt: null, checks: [] } }),
};

/** The request is answered; the submission time, and so the place in the queue, stays. */
const answersRequest: Effect = {
  description: 'keeps its rank',
  plan: (_context, plan) => Object.assign(plan.changes, { informationRequest: null }),
};

const recordsObjection: Effect = {
  description: `decision due date (${OBJECTION_DECISION_WEEKS} weeks, Awb 7:10)`,
  plan: ({ input, now, application }, plan) =>
    Object.assign(plan.changes, {
      objection: {
        reason: input.reason!.trim(),
        lodgedAt: now.toISOString(),
        decisionDueOn: addDays(dutchDate(now), 7 * OBJECTION_DECISION_WEEKS),
        contested: application!.decision,
        outcome: null,
      },
    }),
};

/** The decision on an objection: upheld (the contested decision is revoked) or dismissed (it stands). */
const decidesObjection = (outcome: 'upheld' | 'dismissed', description: string): Effect => ({
  description,
  plan: ({ input, now, actor, application }, plan) =>
    Object.assign(plan.changes, {
      objection: {
        ...application!.objection!,
        outcome,
        outcomeReason: input.reason!.trim(),
        decidedBy: actor.id,
        decidedAt: now.toISOString(),
      },
      ...(outcome === 'upheld' && { decision: null }),
    }),
});

const commitmentBecomesSpent: Effect = {
  description: 'commitment becomes spent',
  plan: (context, plan) => {
    plan.budget = { committedCents: -grantedMoney(context), spentCents: grantedMoney(context) };
  },
};

const releasesCommitment: Effect = {
  description: 'commitment released',
  plan: (context, plan) => {
    if (context.application!.status === 'granted')
      plan.budget = { committedCents: -grantedMoney(context), spentCents: 0 };
  },
};

// The table

export const VOUCHER_LIFECYCLE: readonly LifecycleRow[] = [
  {
    action: 'submit',
    from: [null],
    to: 'submitted',
    roles: ['applicant'],
    guards: [programmeOpen],
    event: 'application.submitted',
    effects: [{ description: 'eligibility job', job: JobName.CheckEligibility }, { description: 'confirmation mail' }],
  },
  {
    action: 'review',
    from: ['submitted'],
    to: 'reviewed',
    roles: ['officer'],
    guards: [eligibilityFinished],
    event: 'application.reviewed',
    effects: [remembersReviewer],
  },
  {
    action: 'request-information',
    from: ['submitted', 'reviewed'],
    to: 'information-requested',
    roles: ['officer'],
    guards: [reasonRequired],
    event: 'application.information-requested',
    effects: [recordsInformationRequest, mail],
  },
  {
    action: 'supplement',
    from: ['information-requested'],
    to: 'submitted',
    roles: ['applicant'],
    guards: [somethingSupplied],
    event: 'application.supplemented',
    effects: [freshEligibilityCheck, answersRequest, mail],
  },
  {
    action: 'not-consider',
    from: ['information-requested'],
    to: 'not-considered',
    roles: ['officer'],
    guards: [dueDatePassed, reasonRequired],
    event: 'application.not-considered',
    effects: [recordsDecision, mail],
  },
  {
    action: 'grant',
    from: ['reviewed'],
    to: 'granted',
    roles: ['officer'],
    guards: [fourEyes, amountInRange, budgetLeft, withinBudgetInRank],
    event: 'application.granted',
    effects: [issuesVoucher, commitsBudgetWithOrdinal, { description: 'milestone at a threshold' }, mail],
  },
  {
    action: 'reject',
    from: ['submitted', 'reviewed'],
    to: 'rejected',
    roles: ['officer'],
    guards: [reasonRequired],
    event: 'application.rejected',
    effects: [recordsDecision, mail],
  },
  {
    action: 'object',
    from: ['rejected', 'not-considered'],
    to: 'objection',
    roles: ['applicant'],
    guards: [withinObjectionTerm, reasonRequired, notObjectedBefore],
    event: 'application.objected',
    effects: [recordsObjection, { description: 'officers told', job: JobName.NotifyOfficers }, mail],
  },
  {
    action: 'uphold',
    from: ['objection'],
    to: 'submitted',
    roles: ['officer'],
    guards: [handlerNotInvolved, reasonRequired],
    event: 'application.upheld',
    effects: [decidesObjection('upheld', 'contested decision revoked, fresh review'), mail],
  },
  {
    action: 'dismiss',
    from: ['objection'],
    to: 'rejected',
    roles: ['officer'],
    guards: [handlerNotInvolved, reasonRequired],
    event: 'application.dismissed',
    effects: [decidesObjection('dismissed', 'decision on the objection'), mail],
  },
  {
    action: 'complete',
    from: ['granted'],
    to: 'completed',
    roles: ['officer'],
    guards: [cleanCompletionProof],
    event: 'application.completed',
    effects: [commitmentBecomesSpent, mail],
  },
  {
    action: 'withdraw',
    from: ['submitted', 'information-requested', 'reviewed', 'granted', 'objection'],
    to: 'withdrawn',
    roles: ['applicant'],
    event: 'application.withdrawn',
    effects: [releasesCommitment, mail],
  },
  {
    action: 'expire',
    from: ['granted'],
    to: 'expired',
    roles: ['system'],
    guards: [expiryPassed],
    event: 'application.expired',
    effects: [releasesCommitment, mail],
  },
];

/**
 * Whether proof of completion can be sent for an application in `status`: the states the
 * `complete` row starts from (it needs that proof). The applicant's pages ask this, not a status.
 */
export function awaitsCompletionProof(status: ApplicationStatus): boolean {
  return VOUCHER_LIFECYCLE.some((row) => row.action === 'complete' && row.from.includes(status));
}

export class Lifecycle extends StateMachine<ApplicationStatus, Action, Role, LifecycleContext, LifecycleRow> {
  /** Actions a client may request on an existing application: every row a person may take. */
  clientActions(): Action[] {
    return this.transitions
      .filter((t) => !t.from.includes(null) && t.roles.some((role) => role !== 'system'))
      .map((t) => t.action);
  }

  /** The facts beyond the application's row that deciding `row` needs (documents, its place in the budget). */
  factsFor(row: LifecycleRow): FactKind[] {
    return [...new Set((row.guards ?? []).flatMap(factsOfGuard))];
  }

  /**
   * The facts listing what `role` may do in `status` needs. Given the context (its facts not yet
   * read), a row that a guard reading no facts withholds anyway needs none: it is not listed
   * whatever the facts say (e.g. the reviewer's own grant under four eyes).
   */
  listingFactsFor(status: ApplicationStatus, role: Role, context?: LifecycleContext): FactKind[] {
    const rows = this.transitions.filter((row) => row.roles.includes(role) && row.from.includes(status));
    const listable = (row: LifecycleRow) =>
      context === undefined ||
      (row.guards ?? []).every((g) => g.needsInput || factsOfGuard(g).length > 0 || g.check(context));
    return [
      ...new Set(
        rows.filter(listable).flatMap((row) => (row.guards ?? []).filter((g) => !g.needsInput).flatMap(factsOfGuard)),
      ),
    ];
  }

  /** Jobs the row's event sets off besides the applicant's notice. */
  jobsOf(row: LifecycleRow): JobName[] {
    return row.effects.flatMap((effect) => (effect.job ? [effect.job] : []));
  }

  /** What the row's effects add up to for this context. */
  plan(row: LifecycleRow, context: LifecycleContext): TransitionPlan {
    const plan: TransitionPlan = { changes: {} };
    for (const effect of row.effects) effect.plan?.(context, plan, row.action);
    // Every step keeps the moment of closing right, whatever its row: entering a closed status
    // sets it, leaving one (an objection, later) clears it.
    const closing = closedAt(row.to, plan.changes.decision ?? null, context.now);
    if (closing !== null || (context.application?.closedAt ?? null) !== null) plan.changes.closedAt = closing;
    return plan;
  }

  /** The domain error for a refused verdict; its code is the API's (illegal-transition, four-eyes, ...). */
  refusal(verdict: Exclude<Verdict<LifecycleRow>, { allowed: true }>, action: Action): DomainError {
    switch (verdict.reason) {
      case 'unknown-action':
        return new DomainError('invalid-request', `There is no action ${action}`, [
          { name: 'action', reason: 'unknown action' },
        ]);
      case 'forbidden':
        return new DomainError('forbidden', `Your role may not ${action} applications`);
      case 'illegal-transition':
        return new DomainError('illegal-transition', `${action} is not possible in the current status`);
      case 'guard-failed': {
        const guard = this.transition(action)?.guards?.find((g) => g.code === verdict.guard);
        return new DomainError(
          verdict.guard,
          `${action} refused: ${guard?.description ?? verdict.guard} does not hold`,
        );
      }
    }
  }
}

export const voucherLifecycle = new Lifecycle(VOUCHER_LIFECYCLE);

/** Actions a client may request on POST /applications/{id}/transitions. */
export const CLIENT_TRANSITIONS = voucherLifecycle.clientActions();
export type ClientTransition = Action;
