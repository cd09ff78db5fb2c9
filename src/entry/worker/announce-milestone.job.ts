import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { MilestonesService } from '../../features/milestones/milestones.service';

/** A threshold was reached in the grant transaction: record the snapshot and announce it. */
@Injectable()
export class AnnounceMilestoneJob {
  constructor(private readonly milestones: MilestonesService) {}

  @OnJob(JobName.AnnounceMilestone)
  run(event: JobPayloads[JobName.AnnounceMilestone]): Promise<JobOutcome> {
    return this.milestones.announce(event);
  }
}
