import { Module } from '@nestjs/common';
import { Mailer } from '../../platform/mail/mailer';
import { NotificationsService } from './notifications.service';
import { Templates } from './templates';

/**
 * Messages to applicants and staff, by e-mail and in-app, each at most once per event.
 * Needs the global AppConfig, TypeORM data source and StaffDirectory.
 */
@Module({
  providers: [Templates, Mailer, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
