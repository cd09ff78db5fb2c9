import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JobName, QUEUE_OF } from './job-catalogue';
import { Queues } from './queues.module';

/** Repeating jobs, as BullMQ job schedulers (upserted, so every worker may declare them). */
export const SCHEDULES: { name: JobName; pattern: string }[] = [
  { name: JobName.ExpireVouchers, pattern: '5 * * * *' }, // hourly: vouchers past their expiry date
  { name: JobName.SendDailyDigest, pattern: '0 7 * * *' }, // 07:00 in the Netherlands: new submissions
  { name: JobName.RemindInformationDue, pattern: '0 8 * * *' }, // 08:00: information due in three days
  { name: JobName.SendMonthlyReports, pattern: '0 6 1 * *' }, // the 1st, 06:00: province reports as CSV
  { name: JobName.RecheckPendingEligibility, pattern: '*/15 * * * *' }, // checks whose job ran out of tries
  { name: JobName.CompactReportCounters, pattern: '*/5 * * * *' }, // programmes nobody reads a report of
  { name: JobName.RemoveExpiredPersonalData, pattern: '30 3 * * *' }, // 03:30: retention (docs/privacy.md)
  { name: JobName.RunLotteries, pattern: '1 * * * *' }, // hourly: publish the coming days' seeds, draw finished days
];

@Injectable()
export class JobSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger('JobSchedules');

  constructor(
    private readonly queues: Queues,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.JOB_SCHEDULES === 'off') return;
    for (const { name, pattern } of SCHEDULES) {
      await this.queues
        .of(QUEUE_OF[name])
        .upsertJobScheduler(name, { pattern, tz: 'Europe/Amsterdam' }, { name, data: {} })
        .catch((error: Error) => this.logger.warn(`Cannot schedule ${name} yet: ${error.message}`));
    }
  }
}
