import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { OfficerDigestService } from '../../features/notifications/officer-digest.service';

/** Every morning: each officer's digest of the applications submitted in the last 24 hours. */
@Injectable()
export class DailyDigestJob {
  constructor(private readonly digest: OfficerDigestService) {}

  @OnJob(JobName.SendDailyDigest)
  run(): Promise<JobOutcome> {
    return this.digest.send();
  }
}
