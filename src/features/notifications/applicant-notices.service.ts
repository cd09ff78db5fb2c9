import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MOVED_WITHIN } from '../../platform/outbox/outbox-events';
import { outboxRecordedAt } from '../../platform/outbox/outbox-reads';
import { JobName, JobPayloads } from '../../platform/queue/job-catalogue';
import type { Application } from '../applications/application.entity';
import { ApplicationReads } from '../applications/application-reads.service';
import { LIFECYCLE } from '../applications/transition-runner.service';
import type { Lifecycle } from '../applications/voucher-lifecycle';
import { ProgrammesService } from '../programmes/programmes.service';
import { NotificationsService } from './notifications.service';
import { TEMPLATES, TemplateName, TemplateVars } from './templates.service';
import { euros, Locale, localeOf, longDate, wordFor } from './wording';

type Event = JobPayloads[JobName.NotifyApplicant];

/**
 * The message of a lifecycle step: the template named after the row's event
 * (`application.granted` → application-granted), or a plain status change when there is none.
 */
export function templateOf(lifecycle: Lifecycle, action: string): TemplateName {
  if (action === MOVED_WITHIN) return 'allocation-moved-within';
  const row = lifecycle.transitions.find((t) => t.action === action);
  const name = row?.event.replace('.', '-');
  return (TEMPLATES as readonly string[]).includes(name ?? '') ? (name as TemplateName) : 'application-status-changed';
}

const dateOr = (date: string | null | undefined, locale: Locale) => (date ? longDate(date, locale) : '');

/**
 * Everything an application message may say, the same for every template, so a new step's
 * template uses what it needs: the event (what happened, and why) and the application (its details).
 */
export function applicationVars(event: Event, application: Application, programmeName: string, locale: Locale) {
  const reason = event.reason ?? '';
  const vars: TemplateVars = {
    reference: application.reference,
    programme: programmeName,
    status: wordFor('status', event.to, locale),
    reason,
    reasons: reason || application.decision?.reason || '',
    objectionDeadline: dateOr(application.decision?.objectionDeadline, locale),
    dueOn: dateOr(application.informationRequest?.dueOn, locale),
    decisionDueOn: dateOr(application.objection?.decisionDueOn, locale),
    voucherCode: application.voucherCode ?? '',
    amount: euros(event.amountCents ?? application.grantedAmountCents ?? application.requestedAmountCents, locale),
    expiresOn: dateOr(application.voucherExpiresOn, locale),
    trainingTitle: application.training.title,
    trainingProvider: application.training.provider,
  };
  return vars;
}

/** Tells the applicant, by e-mail and in-app, about their submission and every transition. */
@Injectable()
export class ApplicantNoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(LIFECYCLE) private readonly lifecycle: Lifecycle,
    private readonly applications: ApplicationReads,
    private readonly programmes: ProgrammesService,
    private readonly notifications: NotificationsService,
  ) {}

  /** 'skipped' when the application is gone. The in-app message is dated when the event was recorded. */
  async notify(event: Event): Promise<'done' | 'skipped'> {
    const application = await this.applications.byId(event.applicationId);
    if (!application) return 'skipped';
    const programme = await this.programmes.byId(application.programmeId);
    const occurredAt = await outboxRecordedAt(this.db, event.eventId);
    const locale = localeOf(application.applicant.locale);
    await this.notifications.deliver({
      eventKey: event.eventId,
      recipient: {
        id: application.ownerId,
        email: application.applicant.email,
        locale,
        name: application.applicant.name,
      },
      template: templateOf(this.lifecycle, event.action),
      vars: applicationVars(event, application, programme?.name ?? application.programmeCode, locale),
      applicationId: application.id,
      channels: ['email', 'in-app'],
      occurredAt,
    });
    return 'done';
  }
}
