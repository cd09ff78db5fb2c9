import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { outboxRecordedAt } from '../../platform/outbox/outbox-reads';
import { JobName, JobPayloads } from '../../platform/queue/job-catalogue';
import type { Application } from '../applications/application.entity';
import { ApplicationReads } from '../applications/application-reads.service';
import { ProgrammesService } from '../programmes/programmes.service';
import { NotificationsService } from './notifications.service';
import { TemplateName, TemplateVars } from './templates.service';
import { euros, Locale, localeOf, longDate, wordFor } from './wording';

/** The message for each lifecycle action; an action added later falls back to a plain status change. */
const TEMPLATE_OF: Record<string, TemplateName> = {
  submit: 'application-submitted',
  review: 'application-reviewed',
  grant: 'application-granted',
  reject: 'application-rejected',
  complete: 'application-completed',
  withdraw: 'application-withdrawn',
  expire: 'application-expired',
};

type Event = JobPayloads[JobName.NotifyApplicant];

/** What the message says, from the event (what happened) and the application (its details). */
export function applicantMessage(event: Event, application: Application, programmeName: string, locale: Locale) {
  const template = TEMPLATE_OF[event.action] ?? 'application-status-changed';
  const vars: TemplateVars = {
    reference: application.reference,
    programme: programmeName,
    status: wordFor('status', event.to, locale),
  };
  if (template === 'application-granted') {
    Object.assign(vars, {
      voucherCode: application.voucherCode ?? '',
      amount: euros(event.amountCents ?? application.grantedAmountCents ?? 0, locale),
      expiresOn: application.voucherExpiresOn ? longDate(application.voucherExpiresOn, locale) : '',
      trainingTitle: application.training.title,
      trainingProvider: application.training.provider,
    });
  }
  if (template === 'application-rejected') {
    Object.assign(vars, {
      reasons: event.reason ?? application.decision?.reason ?? '',
      objectionDeadline: application.decision?.objectionDeadline
        ? longDate(application.decision.objectionDeadline, locale)
        : '',
    });
  }
  if (template === 'application-expired') {
    Object.assign(vars, {
      voucherCode: application.voucherCode ?? '',
      expiresOn: application.voucherExpiresOn ? longDate(application.voucherExpiresOn, locale) : '',
    });
  }
  return { template, vars };
}

/** Tells the applicant, by e-mail and in-app, about their submission and every transition. */
@Injectable()
export class ApplicantNoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const { template, vars } = applicantMessage(
      event,
      application,
      programme?.name ?? application.programmeCode,
      locale,
    );
    await this.notifications.deliver({
      eventKey: event.eventId,
      recipient: {
        id: application.ownerId,
        email: application.applicant.email,
        locale,
        name: application.applicant.name,
      },
      template,
      vars,
      applicationId: application.id,
      channels: ['email', 'in-app'],
      occurredAt,
    });
    return 'done';
  }
}
