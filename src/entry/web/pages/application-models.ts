import type { Application } from '../../../features/applications/application.entity';
import type { HistoryEntry } from '../../../features/applications/history-entry.entity';
import type { InAppMessage } from '../../../features/notifications/notifications.service';
import { fill, Speech } from '../i18n/i18n';
import type { ApplicationDetailModel, ApplicationSummary } from '../views/application-pages';

/** Reasons the applicant reads in the timeline; officers' notes on other steps stay theirs. */
const REASON_SHOWN = new Set(['reject', 'withdraw', 'complete', 'request-information', 'not-consider', 'object']);

/** A word from the catalogue's section `part`, or from the Awb steps' own section (sections/awb.*.ts). */
function word(s: Speech, part: 'next' | 'history', key: string): string | undefined {
  return (s.t[part] as Record<string, string>)[key] ?? (s.t.awb[part] as Record<string, string>)[key];
}

export function statusLabel(status: string, s: Speech): string {
  return (s.t.statuses as Record<string, string>)[status] ?? status;
}

/** What happens next for an application in `status`, in words the applicant understands. */
export function nextStep(a: Application, s: Speech): string {
  const text = word(s, 'next', a.status) ?? s.t.next.unknown;
  return fill(text, {
    expiresOn: a.voucherExpiresOn ? s.date(a.voucherExpiresOn) : '',
    deadline: a.decision?.objectionDeadline ? s.date(a.decision.objectionDeadline) : '',
    dueOn: a.informationRequest ? s.date(a.informationRequest.dueOn) : '',
    decisionDueOn: a.objection ? s.date(a.objection.decisionDueOn) : '',
  });
}

export function summaryOf(a: Application, programmeName: string, s: Speech): ApplicationSummary {
  return {
    id: a.id,
    reference: a.reference,
    programmeName,
    status: a.status,
    statusLabel: statusLabel(a.status, s),
    nextStep: nextStep(a, s),
    submittedAt: a.submittedAt.toISOString(),
  };
}

export function detailOf(
  a: Application,
  programmeName: string,
  history: HistoryEntry[],
  messages: InAppMessage[],
  canWithdraw: boolean,
  notice: string | null,
  s: Speech,
): ApplicationDetailModel {
  const checks = a.eligibility?.checks ?? [];
  const say = (c: { message: string; messageEn: string }) => (s.lang === 'en' ? c.messageEn : c.message);
  return {
    ...summaryOf(a, programmeName, s),
    timeline: history.map((e) => ({
      at: e.at.toISOString(),
      text: word(s, 'history', e.action) ?? fill(s.t.history.other, { status: statusLabel(e.toStatus, s) }),
      reason: REASON_SHOWN.has(e.action) ? e.reason : null,
    })),
    eligibility: {
      status: a.eligibility?.status ?? 'pending',
      problems: checks.filter((c) => c.outcome === 'fail').map(say),
      warnings: checks.filter((c) => c.outcome === 'warn').map(say),
    },
    voucher:
      a.voucherCode && a.voucherExpiresOn
        ? {
            code: a.voucherCode,
            amountCents: a.grantedAmountCents ?? a.requestedAmountCents,
            expiresOn: a.voucherExpiresOn,
          }
        : null,
    decision:
      (a.status === 'rejected' || a.status === 'not-considered') && a.decision
        ? {
            notConsidered: a.status === 'not-considered',
            reason: a.decision.reason,
            objectionDeadline: a.decision.objectionDeadline ?? null,
          }
        : null,
    requestedAmountCents: a.requestedAmountCents,
    grantedAmountCents: a.grantedAmountCents,
    training: a.training,
    messages: messages.map((m) => ({ subject: m.subject, body: m.body, at: m.createdAt })),
    canWithdraw,
    budgetPlace: a.budgetPosition
      ? { position: a.budgetPosition, reservePosition: a.reservePosition }
      : a.rank === null && ['submitted', 'information-requested', 'reviewed'].includes(a.status)
        ? { position: 'undrawn', reservePosition: null }
        : null,
    notice,
  };
}
