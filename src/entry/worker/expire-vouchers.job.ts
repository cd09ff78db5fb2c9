import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../platform/kernel/actor';
import { dutchDate } from '../../platform/kernel/dates';
import { DomainError } from '../../platform/kernel/domain-error';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { TransitionsService } from '../../features/applications/transitions.service';

const BATCH = 200;

/** The scheduler's job: vouchers past their expiry date expire, by the system, through the table. */
@Injectable()
export class ExpireVouchersJob {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transitions: TransitionsService,
  ) {}

  @OnJob(JobName.ExpireVouchers)
  async run(): Promise<JobOutcome> {
    const today = dutchDate(new Date());
    for (;;) {
      const due: { id: string }[] = await this.db.query(
        `SELECT id FROM applications WHERE status = 'granted' AND voucher_expires_on < $1 ORDER BY voucher_expires_on LIMIT $2`,
        [today, BATCH],
      );
      let expired = 0;
      for (const { id } of due) {
        try {
          await this.transitions.transition(SYSTEM_ACTOR, id, 'expire', {});
          expired++;
        } catch (error) {
          // Someone else moved it first (completed, withdrawn, or another worker expired it).
          if (!(error instanceof DomainError)) throw error;
        }
      }
      if (due.length < BATCH || expired === 0) return 'done';
    }
  }
}
