import { Injectable } from '@nestjs/common';
import { addDays, dutchDate } from '../../platform/kernel/dates';
import type { Application } from '../applications/application.entity';
import { ApplicationReads } from '../applications/application-reads.service';
import { ProgrammesService } from '../programmes/programmes.service';
import { NotificationsService } from './notifications.service';
import { localeOf, longDate, wordFor } from './wording';

/** Days before an information due date that the applicant is reminded. */
export const REMINDER_DAYS_BEFORE = 3;
const BATCH = 500;

/**
 * Reminds applicants of an open information request three days before its due date, once per
 * request (the event key names the request). A request whose whole term is three days or less
 * gets no reminder: the request itself is that recent. A day the sweep did not run is caught
 * up on the next, up to the due date itself.
 */
@Injectable()
export class InformationReminderService {
  constructor(
    private readonly applications: ApplicationReads,
    private readonly programmes: ProgrammesService,
    private readonly notifications: NotificationsService,
  ) {}

  async remindDue(now: Date = new Date()): Promise<'done' | 'skipped'> {
    const today = dutchDate(now);
    let reminded = 0;
    const names = new Map<string, string>();
    let after: { dueOn: string; id: string } | null = null;
    for (;;) {
      const due = await this.applications.informationDueBetween(
        today,
        addDays(today, REMINDER_DAYS_BEFORE),
        BATCH,
        after,
      );
      if (due.length === 0) break;
      const last = due[due.length - 1];
      after = { dueOn: last.informationRequest!.dueOn, id: last.id };
      reminded += await this.remind(due, names);
      if (due.length < BATCH) break;
    }
    return reminded > 0 ? 'done' : 'skipped';
  }

  /** Reminds each of `due` whose request was made more than three days before its date; answers how many. */
  private async remind(due: Application[], names: Map<string, string>): Promise<number> {
    let reminded = 0;
    for (const application of due) {
      const request = application.informationRequest!;
      const remindOn = addDays(request.dueOn, -REMINDER_DAYS_BEFORE);
      if (dutchDate(new Date(request.requestedAt)) >= remindOn) continue;
      if (!names.has(application.programmeId)) {
        const programme = await this.programmes.byId(application.programmeId);
        names.set(application.programmeId, programme?.name ?? application.programmeCode);
      }
      const locale = localeOf(application.applicant.locale);
      await this.notifications.deliver({
        eventKey: `information-reminder:${application.id}:${request.requestedAt}`,
        recipient: {
          id: application.ownerId,
          email: application.applicant.email,
          locale,
          name: application.applicant.name,
        },
        template: 'information-reminder',
        vars: {
          reference: application.reference,
          programme: names.get(application.programmeId)!,
          status: wordFor('status', application.status, locale),
          reason: request.reason,
          dueOn: longDate(request.dueOn, locale),
        },
        applicationId: application.id,
        channels: ['email', 'in-app'],
      });
      reminded++;
    }
    return reminded;
  }
}
