import type { Actor } from '../../../platform/kernel/actor';
import type { Application } from '../../../features/applications/application.entity';
import type { HistoryEntry } from '../../../features/applications/history-entry.entity';
import { maxGrantFor, type Action } from '../../../features/applications/voucher-lifecycle';
import type { DocumentRecord } from '../../../features/documents/document-records';
import type { Programme } from '../../../features/programmes/programme.entity';
import type { FieldError } from '../views/components';
import type { ActionForm, OfficerApplicationModel } from '../views/officer-application';
import { showMoney } from '../apply/apply-form';
import { fill, Speech } from '../i18n/i18n';
import { addDays, dutchDate } from '../../../platform/kernel/dates';

/** The actions that carry a reason field, and whether it is optional. */
const REASON_OF: Partial<Record<Action, 'required' | 'optional'>> = {
  reject: 'required',
  'request-information': 'required',
  'not-consider': 'required',
  uphold: 'required',
  dismiss: 'required',
  complete: 'optional',
};

/** The order the action forms appear in: the usual next step first. */
const ACTION_ORDER: Action[] = [
  'review',
  'grant',
  'complete',
  'request-information',
  'reject',
  'not-consider',
  'dismiss',
  'uphold',
];

/** What the officer typed into one action's form, and what is wrong with it. */
export interface ActionInput {
  action: Action;
  reason: string;
  amount: string;
  errors: { field: 'reason' | 'amount' | 'form'; message: string }[];
}

export interface ApplicationFacts {
  actor: Actor;
  application: Application;
  programme: Programme;
  history: HistoryEntry[];
  allowed: Action[];
  withheld: Map<Action, string>;
  documents: DocumentRecord[];
}

export function officerStatus(status: string, s: Speech): string {
  return (s.t.staffStatuses as Record<string, string>)[status] ?? status;
}

/** The grant's allowed range for this application. */
export function grantRange(programme: Programme, application: Application): { min: number; max: number } {
  return { min: programme.minAmountCents, max: maxGrantFor(programme, application.training.costCents) };
}

function who(entry: HistoryEntry, actor: Actor, s: Speech): string {
  const a = s.t.officer.application;
  if (entry.actorId === actor.id) return a.you;
  const roles = a.roles as Record<string, string>;
  return fill(a.historyWho, { who: fill(roles[entry.actorRole] ?? entry.actorRole, { id: entry.actorId }) });
}

/** The page's model: everything worded in the reader's language. */
export function officerApplicationModel(
  facts: ApplicationFacts,
  s: Speech,
  extra: { input?: ActionInput; notice?: string | null; stale?: boolean; use?: string },
): OfficerApplicationModel {
  const { actor, application: app, programme, history } = facts;
  const t = s.t;
  const a = t.officer.application;
  const vocabulary = t.vocabulary;
  const dash = '—';
  const name = app.applicant.name ?? a.removed;
  const glance: OfficerApplicationModel['glance'] = [
    { key: a.applicant, value: name },
    { key: a.email, value: app.applicant.email ?? a.removed },
    { key: a.postcode, value: app.applicant.postcode ?? dash },
    { key: a.dateOfBirth, value: app.applicant.dateOfBirth ? s.date(app.applicant.dateOfBirth) : a.removed },
    {
      key: a.targetGroup,
      value: (vocabulary.targetGroup as Record<string, string>)[app.applicant.targetGroup] ?? app.applicant.targetGroup,
    },
    {
      key: a.employer,
      value: app.employer
        ? fill(a.employerLine, {
            name: app.employer.name ?? a.removed,
            kvk: app.employer.kvkNumber,
            postcode: app.employer.postcode,
          })
        : a.noEmployer,
    },
    { key: a.training, value: fill(a.trainingLine, { title: app.training.title, provider: app.training.provider }) },
    {
      key: a.trainingKind,
      value: (vocabulary.trainingKind as Record<string, string>)[app.training.kind] ?? app.training.kind,
    },
    {
      key: t.detail.trainingPeriod,
      value: fill(a.trainingDates, { from: s.date(app.training.startsOn), to: s.date(app.training.endsOn) }),
    },
    { key: a.trainingCost, value: s.money(app.training.costCents) },
    { key: a.requested, value: s.money(app.requestedAmountCents) },
    ...(app.grantedAmountCents !== null ? [{ key: a.granted, value: s.money(app.grantedAmountCents) }] : []),
    ...(app.motivation ? [{ key: a.motivation, value: app.motivation }] : []),
    { key: a.programme, value: programme.name },
    { key: a.submitted, value: s.moment(app.submittedAt) },
  ];

  const notes: OfficerApplicationModel['notes'] = [];
  if (app.status === 'information-requested' && app.informationRequest) {
    notes.push({
      title: a.informationRequest,
      lines: [app.informationRequest.reason, fill(a.informationDue, { date: s.date(app.informationRequest.dueOn) })],
    });
  }
  if (app.status === 'objection' && app.objection) {
    notes.push({
      title: a.objection,
      lines: [
        app.objection.reason,
        fill(a.objectionDue, { date: s.date(app.objection.decisionDueOn) }),
        ...(app.objection.contested.reason ? [fill(a.reason, { reason: app.objection.contested.reason })] : []),
      ],
    });
  }
  if (app.decision && app.status !== 'objection') {
    notes.push({ title: a.decision, lines: app.decision.reason ? [app.decision.reason] : [] });
  }

  const checks = app.eligibility?.checks ?? [];
  const rules = a.rules as Record<string, string>;
  const outcomes = t.officer.eligibility as Record<string, string>;
  const eligibility = {
    pending: (app.eligibility?.status ?? 'pending') === 'pending',
    checks: checks.map((c) => ({
      rule: rules[c.rule] ?? c.rule,
      outcome: c.outcome,
      outcomeText: outcomes[c.outcome] ?? c.outcome,
      text: s.lang === 'en' ? c.messageEn : c.message,
    })),
  };

  const kinds = a.documentKind as Record<string, string>;
  const scans = a.scan as Record<string, string>;
  const documents = facts.documents.map((d) => {
    const removed = d.contentRemovedAt !== null;
    return {
      id: d.id,
      name: removed ? a.removed : d.fileName,
      kind: kinds[d.kind] ?? d.kind,
      scan: removed ? scans.removed : (scans[d.scan] ?? d.scan),
      href: !removed && d.scan === 'clean' ? `/officer/applications/${app.id}/documents/${d.id}` : null,
    };
  });

  const steps = a.steps as Record<string, string>;
  const timeline = history.map((h) => ({
    at: h.at.toISOString(),
    text: h.fromStatus
      ? fill(a.historyEntry, {
          action: steps[h.action] ?? h.action,
          from: officerStatus(h.fromStatus, s),
          to: officerStatus(h.toStatus, s),
        })
      : (steps[h.action] ?? h.action),
    who: who(h, actor, s),
    reason: h.reason,
  }));

  const available = programme.budgetCents - programme.committedCents - programme.spentCents;
  const amount = app.status === 'granted' ? (app.grantedAmountCents ?? 0) : app.requestedAmountCents;
  const fits = app.status === 'granted' || app.status === 'completed' || amount <= available;
  const budget = {
    rows: [
      { key: a.budgetTotal, value: s.money(programme.budgetCents) },
      { key: a.budgetCommitted, value: s.money(programme.committedCents) },
      { key: a.budgetSpent, value: s.money(programme.spentCents) },
      { key: a.budgetAvailable, value: s.money(available) },
    ],
    fits,
    fit: fill(fits ? a.fits : a.doesNotFit, { amount: s.money(amount) }),
  };

  const errors: FieldError[] = [];
  const input = extra.input;
  const [useAction, useIndex] = (extra.use ?? '').split('.');
  const standard = t.officer.standardTexts as Record<string, readonly string[]>;
  const forms: ActionForm[] = ACTION_ORDER.filter((action) => facts.allowed.includes(action)).map((action) => {
    const words = (t.officer.actions as unknown as Record<string, Record<string, string>>)[action];
    const mine = input?.action === action ? input : undefined;
    const fieldError = (field: 'reason' | 'amount') => mine?.errors.find((e) => e.field === field)?.message;
    const reasonId = `f-${action}-reason`;
    const amountId = `f-${action}-amount`;
    for (const e of mine?.errors ?? []) {
      errors.push({
        target: e.field === 'amount' ? amountId : e.field === 'reason' ? reasonId : `action-${action}`,
        message: e.message,
      });
    }
    // The programme's own texts when it has them; else the defaults in the reader's language.
    const own = (programme.reasonTexts as Record<string, readonly string[] | undefined> | null)?.[action] ?? [];
    const texts = own.length > 0 ? own : (standard[action] ?? []);
    const picked = useAction === action ? texts[Number(useIndex)] : undefined;
    const range = grantRange(programme, app);
    const dueOn = addDays(dutchDate(new Date()), programme.informationTermDays);
    return {
      action,
      title: words.title,
      hint: action === 'review' ? words.hint : null,
      button: words.button,
      reason: REASON_OF[action]
        ? {
            id: reasonId,
            label: words.reason,
            hint: fill(words.reasonHint, { days: programme.informationTermDays, date: s.date(dueOn) }),
            value: mine?.reason ?? picked ?? '',
            error: fieldError('reason'),
          }
        : null,
      amount:
        action === 'grant'
          ? {
              id: amountId,
              label: words.amount,
              hint: fill(words.amountHint, { min: s.money(range.min), max: s.money(range.max) }),
              value: mine?.amount ?? showMoney(Math.min(app.requestedAmountCents, range.max), s.lang),
              error: fieldError('amount'),
            }
          : null,
      standardTexts: texts.map((text, i) => ({
        label: fill(t.officer.actions.useText, { text }),
        href: `/officer/applications/${app.id}?use=${action}.${i}#${reasonId}`,
      })),
    };
  });

  const withheldWords = t.officer.withheld as Record<string, string>;
  const withheld = [...facts.withheld.values()].map((code) =>
    fill(withheldWords[code] ?? withheldWords.other, {
      date: app.informationRequest?.dueOn ? s.date(app.informationRequest.dueOn) : '',
    }),
  );

  return {
    id: app.id,
    reference: app.reference,
    version: app.version,
    status: app.status,
    statusLabel: officerStatus(app.status, s),
    glance,
    notes,
    eligibility,
    documents,
    history: timeline,
    budget,
    actions: forms,
    withheld: [...new Set(withheld)],
    notice: extra.notice ?? null,
    stale: extra.stale ? a.stale : null,
    errors,
  };
}
