import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { OfficerNoticesService } from '../../features/notifications/officer-notices.service';

/** Tells the officers in scope about a step that needs them (an objection lodged). */
@Injectable()
export class NotifyOfficersJob {
  constructor(private readonly notices: OfficerNoticesService) {}

  @OnJob(JobName.NotifyOfficers)
  run(event: JobPayloads[JobName.NotifyOfficers]): Promise<JobOutcome> {
    return this.notices.notify(event);
  }
}
