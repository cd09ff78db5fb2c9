import { Application } from './application.entity';
import { Action } from './voucher-lifecycle';

/** The application as docs/api.md shows it to a caller who may take `allowedActions`. */
export function applicationView(a: Application, allowedActions: Action[]) {
  return {
    id: a.id,
    reference: a.reference,
    programmeCode: a.programmeCode,
    status: a.status,
    version: a.version,
    applicant: a.applicant,
    employer: a.employer,
    training: a.training,
    motivation: a.motivation,
    requestedAmountCents: a.requestedAmountCents,
    grantedAmountCents: a.grantedAmountCents,
    voucher:
      a.voucherCode === null
        ? null
        : {
            code: a.voucherCode,
            ordinal: a.voucherOrdinal,
            amountCents: a.grantedAmountCents,
            expiresOn: a.voucherExpiresOn,
          },
    eligibility: a.eligibility,
    decision: a.decision,
    informationRequest: a.informationRequest && {
      reason: a.informationRequest.reason,
      dueOn: a.informationRequest.dueOn,
      requestedAt: a.informationRequest.requestedAt,
    },
    objection: a.objection && {
      reason: a.objection.reason,
      lodgedAt: a.objection.lodgedAt,
      decisionDueOn: a.objection.decisionDueOn,
      outcome: a.objection.outcome,
      outcomeReason: a.objection.outcomeReason ?? null,
      decidedAt: a.objection.decidedAt ?? null,
    },
    rank: a.rank,
    budgetPosition: a.budgetPosition,
    reservePosition: a.reservePosition,
    allowedActions,
    submittedAt: a.submittedAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export type ApplicationView = ReturnType<typeof applicationView>;
