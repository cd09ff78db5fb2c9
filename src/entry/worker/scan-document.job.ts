import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { DocumentScanService } from '../../features/documents/document-scan.service';

/** Scans an uploaded document (clamd INSTREAM when CLAMAV_URL is set) and records the verdict once. */
@Injectable()
export class ScanDocumentJob {
  constructor(private readonly scans: DocumentScanService) {}

  @OnJob(JobName.ScanDocument)
  run(event: JobPayloads[JobName.ScanDocument]): Promise<JobOutcome> {
    return this.scans.scan(event.documentId);
  }
}
