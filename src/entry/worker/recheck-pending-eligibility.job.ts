import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { PendingEligibilityService } from '../../features/eligibility/pending-eligibility.service';

/** Every quarter of an hour: a fresh check job for applications whose check is pending too long. */
@Injectable()
export class RecheckPendingEligibilityJob {
  constructor(private readonly pending: PendingEligibilityService) {}

  @OnJob(JobName.RecheckPendingEligibility)
  run(): Promise<JobOutcome> {
    return this.pending.recheckStale();
  }
}
