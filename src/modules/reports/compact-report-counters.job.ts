import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, JobOutcome } from '../../jobs/job-names';
import { OnJob } from '../../jobs/on-job.decorator';
import { compactAllReportDeltas } from './report-counters';

/** Folds report deltas of every programme, so those nobody reads a report of don't pile up. */
@Injectable()
export class CompactReportCountersJob {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @OnJob(JobName.CompactReportCounters)
  async run(): Promise<JobOutcome> {
    return (await compactAllReportDeltas(this.db)) > 0 ? 'done' : 'skipped';
  }
}
