import type { Application } from '../../../features/applications/application.entity';
import type { HistoryEntry } from '../../../features/applications/history-entry.entity';
import type { InAppMessage } from '../../../features/notifications/notifications.service';
import { fill, Speech } from '../i18n/i18n';
import type { ApplicationDetailModel, ApplicationSummary } from '../views/application-pages';

/** Reasons the applicant reads in the timeline; officers' notes on other steps stay theirs. */
const REASON_SHOWN = new Set(['reject', 'withdraw', 'complete']);

export function statusLabel(status: string, s: Speech): string {
  return (s.t.statuses as Record<string, string>)[status] ?? status;
}

/** What happens next for an application in `status`, in words the applicant understands. */
export function nextStep(a: Application, s: Speech): string {
  const next = s.t.next as Record<string, string>;
  const text = next[a.status] ?? next.unknown;
  return fill(text, {
    expiresOn: a.voucherExpiresOn ? s.date(a.voucherExpiresOn) : '',
    deadline: a.decision?.objectionDeadline ? s.date(a.decision.objectionDeadline) : '',
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
  const h = s.t.history as Record<string, string>;
  const checks = a.eligibility?.checks ?? [];
  const say = (c: { message: string; messageEn: string }) => (s.lang === 'en' ? c.messageEn : c.message);
  return {
    ...summaryOf(a, programmeName, s),
    timeline: history.map((e) => ({
      at: e.at.toISOString(),
      text: h[e.action] ?? fill(h.other, { status: statusLabel(e.toStatus, s) }),
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
      a.status === 'rejected' && a.decision
        ? { reason: a.decision.reason, objectionDeadline: a.decision.objectionDeadline ?? null }
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
