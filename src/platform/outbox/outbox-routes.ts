import { JobName } from '../queue/job-catalogue';
import { ApplicationEvent, MOVED_WITHIN, outboxEvent } from './outbox-events';
import { OutboxRow } from './outbox-relay';

const JOB_NAMES = new Set<string>(Object.values(JobName));
const isJobName = (name: string): name is JobName => JOB_NAMES.has(name);

export interface RoutedJob {
  name: JobName;
  data: object;
}

/**
 * The jobs an outbox event sets off. The relay gives the first job of an event in each queue
 * the outbox id as job id, and any further one in that queue the outbox id and its name.
 */
export function jobsFor(row: OutboxRow): RoutedJob[] {
  const event = outboxEvent(row);
  // Every event about an application may interest a webhook subscription (src/features/webhooks).
  const webhooks: RoutedJob[] = /^(?:application|milestone|allocation)\./.test(row.type)
    ? [
        {
          name: JobName.PlanWebhookDeliveries,
          data: {
            eventId: row.id,
            type: row.type,
            occurredAt: new Date(row.created_at).toISOString(),
            payload: row.payload,
          },
        },
      ]
    : [];
  if (event === null) return webhooks;
  if (event.type === 'webhook.retry-requested') {
    return [{ name: JobName.DeliverWebhook, data: event.payload }];
  }
  if (event.type === 'milestone.reached') {
    return [{ name: JobName.AnnounceMilestone, data: { ...event.payload, eventId: row.id } }, ...webhooks];
  }
  if (event.type === 'document.uploaded') {
    return event.payload.scan === 'pending'
      ? [{ name: JobName.ScanDocument, data: { ...event.payload, eventId: row.id } }]
      : [];
  }
  if (event.type === 'document.scanned') {
    return event.payload.scan === 'infected'
      ? [{ name: JobName.NotifyDocumentInfected, data: { ...event.payload, eventId: row.id } }]
      : [];
  }
  if (event.type === 'allocation.moved-within') {
    const { applicationId, reference, programmeCode, status } = event.payload;
    const notice = { applicationId, reference, programmeCode, action: MOVED_WITHIN, from: status, to: status };
    return [{ name: JobName.NotifyApplicant, data: { ...notice, actorId: 'system', eventId: row.id } }, ...webhooks];
  }
  // What is left is a lifecycle step (the template literal type does not narrow by itself).
  const payload = event.payload as ApplicationEvent;
  const data = { ...payload, eventId: row.id };
  const jobs: RoutedJob[] = [{ name: JobName.NotifyApplicant, data }];
  // The jobs the row's effects name (voucher-lifecycle.ts); a submission recorded before rows named them asks for its check.
  const named = payload.jobs ?? (event.type === 'application.submitted' ? [JobName.CheckEligibility] : []);
  for (const name of new Set(named)) {
    if (isJobName(name) && name !== JobName.NotifyApplicant) jobs.push({ name, data });
  }
  if (event.type === 'application.granted') {
    jobs.push({ name: JobName.WatchMilestones, data: { programmeCode: payload.programmeCode } });
  }
  // Every step may change who is within budget: the programme's allocation is settled again.
  jobs.push({ name: JobName.SettleAllocation, data: { programmeCode: payload.programmeCode } });
  return [...jobs, ...webhooks];
}
