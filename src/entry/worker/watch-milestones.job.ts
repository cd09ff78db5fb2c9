import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { MilestonesService } from '../../features/milestones/milestones.service';

/** After every grant: warn the programme's staff once when a threshold comes near. */
@Injectable()
export class WatchMilestonesJob {
  constructor(private readonly milestones: MilestonesService) {}

  @OnJob(JobName.WatchMilestones)
  run({ programmeCode }: JobPayloads[JobName.WatchMilestones]): Promise<JobOutcome> {
    return this.milestones.watch(programmeCode);
  }
}
