import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '../../platform/queue/job-catalogue';
import { ApplicationReads } from '../applications/application-reads.service';
import { DocumentsService } from '../documents/documents.service';
import { ProgrammesService } from '../programmes/programmes.service';
import { StaffDirectory } from '../staff/staff-directory.service';
import { NotificationsService, Recipient } from './notifications.service';
import { dateTime, localeOf, wordFor } from './wording';

type Event = JobPayloads[JobName.NotifyDocumentInfected];

/** Tells whoever uploaded a document that its scan found it infected, by e-mail and in-app, once. */
@Injectable()
export class DocumentNoticesService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly applications: ApplicationReads,
    private readonly programmes: ProgrammesService,
    private readonly staff: StaffDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  /** 'skipped' when the document, its application or its uploader is gone. */
  async notifyInfected(event: Event): Promise<'done' | 'skipped'> {
    const document = await this.documents.byId(event.documentId);
    const application = document && (await this.applications.byId(document.applicationId));
    if (!document || !application) return 'skipped';
    let recipient: Recipient | null = null;
    if (document.uploadedBy.role === 'applicant' && document.uploadedBy.id === application.ownerId) {
      recipient = {
        id: application.ownerId,
        email: application.applicant.email,
        locale: application.applicant.locale,
        name: application.applicant.name,
      };
    } else {
      const member = await this.staff.byId(document.uploadedBy.id);
      if (member) recipient = { id: member.id, email: member.email, locale: member.locale, name: member.name };
    }
    if (!recipient) return 'skipped';
    const locale = localeOf(recipient.locale);
    const programme = await this.programmes.byId(application.programmeId);
    await this.notifications.deliver({
      eventKey: event.eventId,
      recipient,
      template: 'document-infected',
      vars: {
        reference: application.reference,
        programme: programme?.name ?? application.programmeCode,
        status: wordFor('status', application.status, locale),
        fileName: document.fileName,
        uploadedAt: dateTime(document.uploadedAt, locale),
      },
      applicationId: application.id,
      channels: ['email', 'in-app'],
    });
    return 'done';
  }
}
