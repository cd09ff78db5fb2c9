import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ReportCountersHook } from './report-counters.hook';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsService } from './reports.service';

/** Programme and province reports, from counters the lifecycle keeps (report-counters.ts). */
@Module({
  imports: [ApplicationsModule, NotificationsModule],
  providers: [ReportCountersHook, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
