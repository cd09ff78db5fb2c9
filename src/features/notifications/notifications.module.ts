import { Module } from '@nestjs/common';
import { DailyDigestJob } from '../../entry/worker/daily-digest.job';
import { Mailer } from '../../platform/mail/mailer';
import { MeNotificationsController } from '../../entry/api/notifications/me-notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotifyApplicantJob } from '../../entry/worker/notify-applicant.job';
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
