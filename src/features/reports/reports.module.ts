import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { MonthlyReportService } from './monthly-report.service';
import { ReportCountersHook } from './report-counters.hook';
import { ReportsService } from './reports.service';

/**
 * Programme and province reports, from counters the lifecycle keeps (report-counters.ts), and
 * the monthly mail of each province's report. Reads programmes, applications and milestones
 * through their features.
 */
@Module({
  imports: [ApplicationsModule, NotificationsModule, ProgrammesModule],
  providers: [ReportCountersHook, ReportsService, MonthlyReportService],
  exports: [ReportsService, MonthlyReportService],
})
export class ReportsModule {}
