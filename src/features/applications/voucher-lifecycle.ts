import { Decision, Guard, StateMachine, Transition } from '@vakvoucher/workflow';
import { dutchDate } from '../../platform/kernel/dates';
import { DomainError } from '../../platform/kernel/domain-error';
import { Actor, Role } from '../../platform/kernel/actor';
import type { Programme } from '../programmes/programme.entity';
import type { Application } from './application.entity';

/**
 * The voucher lifecycle: the one table that drives guards, allowedActions, history,
 * outbox events and the diagram in the README (DESIGN.md, "The lifecycle").
 */

export const APPLICATION_STATUSES = [
  'submitted',
  'reviewed',
  'granted',
  'completed',
  'rejected',
  'withdrawn',
  'expired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const ACTIONS = ['submit', 'review', 'grant', 'reject', 'complete', 'withdraw', 'expire'] as const;
export type Action = (typeof ACTIONS)[number];
/** Actions a client may request on POST /applications/{id}/transitions. */
export const CLIENT_TRANSITIONS = ['review', 'grant', 'reject', 'complete', 'withdraw'] as const;
export type ClientTransition = (typeof CLIENT_TRANSITIONS)[number];

export interface TransitionInput {
  reason?: string;
  amountCents?: number;
}

export interface LifecycleContext {
  actor: Actor;
  programme: Programme;
  /** null while submitting: there is no application yet. */
  application: Application | null;
  /** For submit, the requested amount and training stand in `draft`. */
  input: TransitionInput;
  now: Date;
}

/** Weeks an applicant has to lodge an objection to a decision (Awb art. 6:7). */
export const OBJECTION_WEEKS = 6;

export function grantAmount(context: LifecycleContext): number {
  return context.input.amountCents ?? context.application!.requestedAmountCents;
}

export function maxGrantFor(programme: Programme, costCents: number): number {
  return Math.min(programme.maxAmountCents, Math.floor((costCents * programme.maxCoFundingPercent) / 100));
}

const hasText = (value?: string) => typeof value === 'string' && value.trim().length > 0;

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

const reasonRequired: Guard<LifecycleContext> = {
  code: 'reason-required',
  description: 'reason given',
  needsInput: true,
  check: ({ input }) => hasText(input.reason),
};

const evidenceNoted: Guard<LifecycleContext> = {
  code: 'evidence-required',
  description: 'evidence of completion noted',
  needsInput: true,
  check: ({ input }) => hasText(input.reason),
};

const expiryPassed: Guard<LifecycleContext> = {
  code: 'not-expired',
  description: 'expiry date passed',
  check: ({ application, now }) =>
    application!.voucherExpiresOn !== null && application!.voucherExpiresOn < dutchDate(now),
};

type LifecycleTransition = Transition<ApplicationStatus, Action, Role, LifecycleContext>;

export const VOUCHER_LIFECYCLE: readonly LifecycleTransition[] = [
  {
    action: 'submit',
    from: [null],
    to: 'submitted',
    roles: ['applicant'],
    guards: [programmeOpen],
    effects: ['eligibility job', 'confirmation mail'],
  },
  {
    action: 'review',
    from: ['submitted'],
    to: 'reviewed',
    roles: ['officer'],
    guards: [eligibilityFinished],
    effects: ['remembers the reviewer'],
  },
  {
    action: 'grant',
    from: ['reviewed'],
    to: 'granted',
    roles: ['officer'],
    guards: [fourEyes, amountInRange, budgetLeft],
    effects: ['ordinal', 'voucher code', 'expiry', 'budget committed', 'milestone at a threshold', 'mail'],
  },
  {
    action: 'reject',
    from: ['submitted', 'reviewed'],
    to: 'rejected',
    roles: ['officer'],
    guards: [reasonRequired],
    effects: ['objection deadline (6 weeks, Awb)', 'mail'],
  },
  {
    action: 'complete',
    from: ['granted'],
    to: 'completed',
    roles: ['officer'],
    guards: [evidenceNoted],
    effects: ['commitment becomes spent', 'mail'],
  },
  {
    action: 'withdraw',
    from: ['submitted', 'reviewed', 'granted'],
    to: 'withdrawn',
    roles: ['applicant'],
    effects: ['commitment released', 'mail'],
  },
  {
    action: 'expire',
    from: ['granted'],
    to: 'expired',
    roles: ['system'],
    guards: [expiryPassed],
    effects: ['commitment released', 'mail'],
  },
];

export const voucherLifecycle = new StateMachine<ApplicationStatus, Action, Role, LifecycleContext>(
  VOUCHER_LIFECYCLE,
);

type LifecycleDecision = Decision<ApplicationStatus, Action, Role, LifecycleContext>;

/** The domain error for a refused decision; its code is the API's (illegal-transition, four-eyes, ...). */
export function refusal(decision: Exclude<LifecycleDecision, { allowed: true }>, action: Action): DomainError {
  switch (decision.reason) {
    case 'unknown-action':
      return new DomainError('invalid-request', `There is no action ${action}`, [{ name: 'action', reason: 'unknown action' }]);
    case 'forbidden':
      return new DomainError('forbidden', `Your role may not ${action} applications`);
    case 'illegal-transition':
      return new DomainError('illegal-transition', `${action} is not possible in the current status`);
    case 'guard-failed': {
      const guard = voucherLifecycle.transition(action)?.guards?.find((g) => g.code === decision.guard);
      return new DomainError(decision.guard, `${action} refused: ${guard?.description ?? decision.guard} does not hold`);
    }
  }
}
