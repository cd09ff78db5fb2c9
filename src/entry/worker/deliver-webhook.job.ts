import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { Queues } from '../../platform/queue/queues.module';
import { WebhooksService } from '../../features/webhooks/webhooks.service';

/** One attempt of a webhook delivery; a failed one queues the next after its backoff. */
@Injectable()
export class DeliverWebhookJob {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly queues: Queues,
  ) {}

  @OnJob(JobName.DeliverWebhook)
  async run({ deliveryId, attempt }: JobPayloads[JobName.DeliverWebhook]): Promise<JobOutcome> {
    const result = await this.webhooks.attempt(deliveryId, attempt);
    if (result.outcome === 'skipped') return 'skipped';
    if (result.outcome === 'retry') {
      await this.queues.add(
        JobName.DeliverWebhook,
        { deliveryId, attempt: result.attempt },
        { jobId: `${deliveryId}-a${result.attempt}`, delay: result.delayMs },
      );
    }
    return 'done';
  }
}
