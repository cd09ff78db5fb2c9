import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsService } from './reports.service';

/** Programme and province reports, from counters the lifecycle keeps (report-counters.ts). */
@Module({
  imports: [NotificationsModule],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
