import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { CompactReportCountersJob } from '../../entry/worker/compact-report-counters.job';
import { MonthlyReportJob } from '../../entry/worker/monthly-report.job';
import { ReportsController } from '../../entry/api/reports/reports.controller';
import { ReportsService } from './reports.service';

/** Programme and province reports, from counters the lifecycle keeps (report-counters.ts). */
@Module({
  imports: [NotificationsModule],
  controllers: [ReportsController],
  providers: [ReportsService, MonthlyReportJob, CompactReportCountersJob],
  exports: [ReportsService],
})
export class ReportsModule {}
