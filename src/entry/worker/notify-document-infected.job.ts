import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { DocumentNoticesService } from '../../features/notifications/document-notices.service';

/** Tells the uploader of an infected document that it was quarantined. */
@Injectable()
export class NotifyDocumentInfectedJob {
  constructor(private readonly notices: DocumentNoticesService) {}

  @OnJob(JobName.NotifyDocumentInfected)
  run(event: JobPayloads[JobName.NotifyDocumentInfected]): Promise<JobOutcome> {
    return this.notices.notifyInfected(event);
  }
}
