import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { ReportsService } from '../../features/reports/reports.service';

/** Folds report deltas of every programme, so those nobody reads a report of don't pile up. */
@Injectable()
export class CompactReportCountersJob {
  constructor(private readonly reports: ReportsService) {}

  @OnJob(JobName.CompactReportCounters)
  run(): Promise<JobOutcome> {
    return this.reports.compactAll();
  }
}
