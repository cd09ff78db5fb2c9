import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { Queues } from '../../platform/queue/queues.module';
import { WebhooksService } from '../../features/webhooks/webhooks.service';

/** An outbox event becomes one delivery per subscription that wants it, each with its first attempt queued. */
@Injectable()
export class PlanWebhookDeliveriesJob {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly queues: Queues,
  ) {}

  @OnJob(JobName.PlanWebhookDeliveries)
  async run(event: JobPayloads[JobName.PlanWebhookDeliveries]): Promise<JobOutcome> {
    const deliveries = await this.webhooks.plan(event);
    if (deliveries.length === 0) return 'skipped';
    // The job id makes a second planning of the same event queue nothing twice.
    await Promise.all(
      deliveries.map((deliveryId) =>
        this.queues.add(JobName.DeliverWebhook, { deliveryId, attempt: 0 }, { jobId: `${deliveryId}-a0` }),
      ),
    );
    return 'done';
  }
}
