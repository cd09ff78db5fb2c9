import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { VoucherExpiryService } from '../../features/applications/voucher-expiry.service';

/** The scheduler's job: vouchers past their expiry date expire, by the system, through the table. */
@Injectable()
export class ExpireVouchersJob {
  constructor(private readonly expiry: VoucherExpiryService) {}

  @OnJob(JobName.ExpireVouchers)
  run(): Promise<JobOutcome> {
    return this.expiry.expireDue();
  }
}
