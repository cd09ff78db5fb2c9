import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { MonthlyReportService } from '../../features/reports/monthly-report.service';

/** On the first of the month: each province's report to its provincial staff, by mail. */
@Injectable()
export class MonthlyReportJob {
  constructor(private readonly monthly: MonthlyReportService) {}

  @OnJob(JobName.SendMonthlyReports)
  run(): Promise<JobOutcome> {
    return this.monthly.send();
  }
}
