import { Module } from '@nestjs/common';
import { DailyDigestJob } from './daily-digest.job';
import { Mailer } from './mailer';
import { MeNotificationsController } from './me-notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotifyApplicantJob } from './notify-applicant.job';
import { Templates } from './templates';

/**
 * Messages to applicants and staff, by e-mail and in-app, each at most once per event
 * (queue `notifications`). Needs the global AppConfig, TypeORM data source and StaffDirectory.
 */
@Module({
  controllers: [MeNotificationsController],
  providers: [Templates, Mailer, NotificationsService, NotifyApplicantJob, DailyDigestJob],
  exports: [NotificationsService],
})
export class NotificationsModule {}
