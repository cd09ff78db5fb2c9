import { Injectable } from '@nestjs/common';
import { ApplicationEvent, JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { EligibilityService } from '../../features/eligibility/eligibility.service';

/** The eligibility job of a submitted application: thin, the service does the work. */
@Injectable()
export class CheckEligibilityJob {
  constructor(private readonly eligibility: EligibilityService) {}

  @OnJob(JobName.CheckEligibility)
  run(event: ApplicationEvent): Promise<JobOutcome> {
    return this.eligibility.check(event.applicationId);
  }
}
