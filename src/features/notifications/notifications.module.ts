import { Module } from '@nestjs/common';
import { Mailer } from '../../platform/mail/mailer.service';
import { ApplicationsModule } from '../applications/applications.module';
import { DocumentsModule } from '../documents/documents.module';
import { DocumentNoticesService } from './document-notices.service';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ApplicantNoticesService } from './applicant-notices.service';
import { InformationReminderService } from './information-reminder.service';
import { OfficerNoticesService } from './officer-notices.service';
import { NotificationsService } from './notifications.service';
import { OfficerDigestService } from './officer-digest.service';
import { Templates } from './templates.service';

/**
 * Messages to applicants and staff, by e-mail and in-app, each at most once per event: the
 * delivery pipeline, the applicant's notices of each transition and the officers' digest.
 * Needs the global AppConfig, TypeORM data source and StaffDirectory. Reads applications and
 * programmes through their features (which must not import this module back).
 */
@Module({
  imports: [ApplicationsModule, ProgrammesModule, DocumentsModule],
  providers: [
    Templates,
    Mailer,
    NotificationsService,
    ApplicantNoticesService,
    OfficerNoticesService,
    OfficerDigestService,
    InformationReminderService,
    DocumentNoticesService,
  ],
  exports: [
    DocumentNoticesService,
    NotificationsService,
    ApplicantNoticesService,
    OfficerNoticesService,
    OfficerDigestService,
    InformationReminderService,
  ],
})
export class NotificationsModule {}
