import { Injectable } from '@nestjs/common';
import { JobName } from '../../platform/queue/job-catalogue';
import { Queues } from '../../platform/queue/queues.module';
import { ApplicationReads } from '../applications/application-reads.service';

/** A check still pending after this long lost its job (retries used up while the database was away). */
export const STALE_AFTER_MINUTES = 10;
const BATCH = 1000;

/**
 * The safety net of the eligibility queue: applications whose check is still pending long
 * after submission get a fresh check job. The check itself is idempotent, so a job that was
 * merely slow costs one skipped run.
 */
@Injectable()
export class PendingEligibilityService {
  constructor(
    private readonly applications: ApplicationReads,
    private readonly queues: Queues,
  ) {}

  /** Queues a check for each stale pending application; 'skipped' when there was none. */
  async recheckStale(now: Date = new Date()): Promise<'done' | 'skipped'> {
    const stale = await this.applications.stalePendingEligibility(STALE_AFTER_MINUTES, BATCH);
    // One recheck per application per sweep window: a second sweep while it waits adds nothing.
    const window = Math.floor(now.getTime() / (STALE_AFTER_MINUTES * 60_000));
    for (const id of stale) {
      await this.queues.add(JobName.CheckEligibility, { applicationIds: [id] }, { jobId: `recheck-${id}-${window}` });
    }
    return stale.length > 0 ? 'done' : 'skipped';
  }
}
