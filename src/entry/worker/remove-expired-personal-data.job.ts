import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { RetentionService } from '../../features/privacy/retention.service';

/** The nightly retention run: personal data of applications closed RETENTION_YEARS ago goes. */
@Injectable()
export class RemoveExpiredPersonalDataJob {
  constructor(private readonly retention: RetentionService) {}

  @OnJob(JobName.RemoveExpiredPersonalData)
  async run(): Promise<JobOutcome> {
    const { removed } = await this.retention.removeDue();
    return removed > 0 ? 'done' : 'skipped';
  }
}
