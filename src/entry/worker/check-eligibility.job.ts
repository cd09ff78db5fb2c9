import { Injectable } from '@nestjs/common';
import { EligibilityChecks, JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { EligibilityService } from '../../features/eligibility/eligibility.service';

/** A job queued before jobs carried several applications: one application event. */
type QueuedBeforeJoining = { applicationId: string };

/** The eligibility job of submitted applications: thin, the service does the work. */
@Injectable()
export class CheckEligibilityJob {
  constructor(private readonly eligibility: EligibilityService) {}

  @OnJob(JobName.CheckEligibility)
  run(job: EligibilityChecks | QueuedBeforeJoining): Promise<JobOutcome> {
    return this.eligibility.checkAll('applicationIds' in job ? job.applicationIds : [job.applicationId]);
  }
}
