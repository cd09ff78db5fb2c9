import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationEvent, JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { Queues } from '../../platform/queue/queues.module';

/** A check still pending after this long lost its job (retries used up while the database was away). */
export const STALE_AFTER_MINUTES = 10;
const BATCH = 1000;

/**
 * The safety net of the eligibility queue: every quarter of an hour, applications whose
 * check is still pending long after submission get a fresh check job. The check itself is
 * idempotent, so a job that was merely slow costs one skipped run.
 */
@Injectable()
export class RecheckPendingEligibilityJob {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: Queues,
  ) {}

  @OnJob(JobName.RecheckPendingEligibility)
  async run(): Promise<JobOutcome> {
    const stale: ApplicationEvent[] = await this.db.query(
      `SELECT id AS "applicationId", reference, programme_code AS "programmeCode", 'submit' AS action,
              NULL AS "from", status AS "to", owner_id AS "actorId"
       FROM applications
       WHERE eligibility->>'status' = 'pending' AND submitted_at < now() - make_interval(mins => $1)
       ORDER BY submitted_at LIMIT $2`,
      [STALE_AFTER_MINUTES, BATCH],
    );
    // One recheck per application per sweep window: a second sweep while it waits adds nothing.
    const window = Math.floor(Date.now() / (STALE_AFTER_MINUTES * 60_000));
    for (const event of stale) {
      await this.queues.add(JobName.CheckEligibility, event, { jobId: `recheck-${event.applicationId}-${window}` });
    }
    return stale.length > 0 ? 'done' : 'skipped';
  }
}
