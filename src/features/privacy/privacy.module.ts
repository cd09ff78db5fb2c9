import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ApplicationsModule } from '../applications/applications.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PersonalDataExportService } from './personal-data-export.service';
import { RetentionService } from './retention.service';

/**
 * The data subject's side of personal data (docs/privacy.md): the export of everything held
 * about an applicant, and the retention that removes it after RETENTION_YEARS. Reads and
 * writes other features' tables through their functions.
 */
@Module({
  imports: [AccessModule, ApplicationsModule, NotificationsModule],
  providers: [PersonalDataExportService, RetentionService],
  exports: [PersonalDataExportService, RetentionService],
})
export class PrivacyModule {}
