import { WebhooksService } from '../../features/webhooks/webhooks.service';
import type { WebhookEventJob } from '../../platform/queue/job-catalogue';
import { Queues } from '../../platform/queue/queues.module';
import { PlanWebhookDeliveriesJob } from './plan-webhook-deliveries.job';

describe('PlanWebhookDeliveriesJob', () => {
  const planned: string[][] = [];
  const webhooks = {
    deliverEvents: (events: readonly WebhookEventJob[]) => {
      planned.push(events.map((e) => e.eventId));
      return Promise.resolve([{ deliveryId: 'd', result: { outcome: 'delivered' } }]);
    },
  } as unknown as WebhooksService;
  const job = new PlanWebhookDeliveriesJob(webhooks, {} as Queues);
  const event = (eventId: string): WebhookEventJob => ({
    eventId,
    type: 'application.granted',
    occurredAt: '2026-11-30T12:00:00.000Z',
    payload: {},
  });

  it('plans every event the job carries', async () => {
    await expect(job.run({ events: [event('a'), event('b')] })).resolves.toBe('done');
    expect(planned.at(-1)).toEqual(['a', 'b']);
  });

  it('still runs a job queued before jobs carried several events (one event)', async () => {
    await expect(job.run(event('c'))).resolves.toBe('done');
    expect(planned.at(-1)).toEqual(['c']);
  });
});
