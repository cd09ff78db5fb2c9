import { Inject, Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '../../platform/queue/job-catalogue';
import { ApplicationReads } from '../applications/application-reads.service';
import { LIFECYCLE } from '../applications/transition-runner.service';
import type { Lifecycle } from '../applications/voucher-lifecycle';
import { ProgrammesService } from '../programmes/programmes.service';
import { StaffDirectory } from '../staff/staff-directory.service';
import { applicationVars } from './applicant-notices.service';
import { NotificationsService } from './notifications.service';
import { TEMPLATES, TemplateName } from './templates.service';
import { localeOf } from './wording';

type Event = JobPayloads[JobName.NotifyOfficers];

/** The officers' message of a step: `<event>-officers` (application-objected-officers), or a plain status change. */
export function officerTemplateOf(lifecycle: Lifecycle, action: string): TemplateName {
  const row = lifecycle.transitions.find((t) => t.action === action);
  const name = `${row?.event.replace('.', '-')}-officers`;
  return (TEMPLATES as readonly string[]).includes(name) ? (name as TemplateName) : 'officers-status-changed';
}

/**
 * Tells the officers in scope of a programme about a step that needs them (an objection), by
 * e-mail and in-app, once per officer and event. No personal data beyond the reference and
 * what the applicant wrote in the step itself.
 */
@Injectable()
export class OfficerNoticesService {
  constructor(
    @Inject(LIFECYCLE) private readonly lifecycle: Lifecycle,
    private readonly applications: ApplicationReads,
    private readonly programmes: ProgrammesService,
    private readonly staff: StaffDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  /** 'skipped' when the application is gone; every officer is tried before a failure is thrown. */
  async notify(event: Event): Promise<'done' | 'skipped'> {
    const application = await this.applications.byId(event.applicationId);
    if (!application) return 'skipped';
    const programme = await this.programmes.byId(application.programmeId);
    const template = officerTemplateOf(this.lifecycle, event.action);
    const failures: Error[] = [];
    for (const officer of await this.staff.officersOf(application.programmeCode)) {
      const locale = localeOf(officer.locale);
      try {
        await this.notifications.deliver({
          eventKey: event.eventId,
          recipient: { id: officer.id, email: officer.email, locale, name: officer.name },
          template,
          vars: applicationVars(event, application, programme?.name ?? application.programmeCode, locale),
          applicationId: application.id,
          channels: ['email', 'in-app'],
        });
      } catch (error) {
        failures.push(error as Error); // the others still get theirs; the retry absorbs who already has one
      }
    }
    if (failures.length > 0) throw failures[0];
    return 'done';
  }
}
