import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { compactAllReportDeltas } from '../../features/reports/report-counters';

/** Folds report deltas of every programme, so those nobody reads a report of don't pile up. */
@Injectable()
export class CompactReportCountersJob {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @OnJob(JobName.CompactReportCounters)
  async run(): Promise<JobOutcome> {
    return (await compactAllReportDeltas(this.db)) > 0 ? 'done' : 'skipped';
  }
}
