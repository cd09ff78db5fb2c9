import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { ApplicantNoticesService } from '../../features/notifications/applicant-notices.service';

/** Tells the applicant, by e-mail and in-app, about their submission and every transition. */
@Injectable()
export class NotifyApplicantJob {
  constructor(private readonly notices: ApplicantNoticesService) {}

  @OnJob(JobName.NotifyApplicant)
  run(event: JobPayloads[JobName.NotifyApplicant]): Promise<JobOutcome> {
    return this.notices.notify(event);
  }
}
