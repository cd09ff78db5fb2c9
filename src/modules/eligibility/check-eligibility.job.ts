import { Injectable } from '@nestjs/common';
import { ApplicationEvent, JobName, JobOutcome } from '../../jobs/job-names';
import { OnJob } from '../../jobs/on-job.decorator';
import { EligibilityService } from './eligibility.service';

/** The eligibility job of a submitted application: thin, the service does the work. */
@Injectable()
export class CheckEligibilityJob {
  constructor(private readonly eligibility: EligibilityService) {}

  @OnJob(JobName.CheckEligibility)
  run(event: ApplicationEvent): Promise<JobOutcome> {
    return this.eligibility.check(event.applicationId);
  }
}
