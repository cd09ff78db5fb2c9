import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads, WebhookEventJob } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { Queues } from '../../platform/queue/queues.module';
import { WebhooksService } from '../../features/webhooks/webhooks.service';

/** A job queued before jobs carried several events: one event. */
type QueuedBeforeJoining = WebhookEventJob;

/** Outbox events become one delivery per subscription that wants them, each attempted once at once. */
@Injectable()
export class PlanWebhookDeliveriesJob {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly queues: Queues,
  ) {}

  @OnJob(JobName.PlanWebhookDeliveries)
  async run(job: JobPayloads[JobName.PlanWebhookDeliveries] | QueuedBeforeJoining): Promise<JobOutcome> {
    // The first attempt of each delivery happens in this job; a failed one queues its retry.
    // Should this job die halfway, its retry attempts what is still untried.
    const deliveries = await this.webhooks.deliverEvents('events' in job ? job.events : [job]);
    if (deliveries.length === 0) return 'skipped';
    await Promise.all(
      deliveries.flatMap(({ deliveryId, result }) =>
        result.outcome === 'retry'
          ? [
              this.queues.add(
                JobName.DeliverWebhook,
                { deliveryId, attempt: result.attempt },
                { jobId: `${deliveryId}-a${result.attempt}`, delay: result.delayMs },
              ),
            ]
          : [],
      ),
    );
    return 'done';
  }
}
