import { createHash } from 'node:crypto';
import {
  EligibilityChecks,
  JobName,
  JOINED_PER_ROUND,
  QUEUE_OF,
  QueueName,
  WebhookEvents,
} from '../queue/job-catalogue';
import { ApplicationEvent, MOVED_WITHIN, outboxEvent } from './outbox-events';
import { OutboxRow } from './outbox-relay';

const JOB_NAMES = new Set<string>(Object.values(JobName));
const isJobName = (name: string): name is JobName => JOB_NAMES.has(name);

export interface RoutedJob {
  name: JobName;
  data: object;
}

/** A job as the relay adds it: its queue and its job id besides. */
export interface QueuedJob extends RoutedJob {
  queue: QueueName;
  jobId: string;
}

/**
 * The jobs an outbox event sets off. The relay gives the first job of an event in each queue
 * the outbox id as job id, and any further one in that queue the outbox id and its name.
 */
export function jobsFor(row: OutboxRow): RoutedJob[] {
  const event = outboxEvent(row);
  // Every event about an application may interest a webhook subscription (src/features/webhooks).
  const webhooks: RoutedJob[] = /^(?:application|milestone|allocation)\./.test(row.type)
    ? [{ name: JobName.PlanWebhookDeliveries, data: webhookPlan(row) }]
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
    if (!isJobName(name) || name === JobName.NotifyApplicant) continue;
    const checks: EligibilityChecks = { applicationIds: [payload.applicationId] };
    jobs.push({ name, data: name === JobName.CheckEligibility ? checks : data });
  }
  if (event.type === 'application.granted') {
    jobs.push({ name: JobName.WatchMilestones, data: { programmeCode: payload.programmeCode } });
  }
  // Every step may change who is within budget: the programme's allocation is settled again.
  jobs.push({ name: JobName.SettleAllocation, data: { programmeCode: payload.programmeCode } });
  return [...jobs, ...webhooks];
}

/** The webhook plan of one event (the relay joins them at a peak). */
function webhookPlan(row: OutboxRow): WebhookEvents {
  const occurredAt = new Date(row.created_at).toISOString();
  return { events: [{ eventId: row.id, type: row.type, occurredAt, payload: row.payload }] };
}

/**
 * The jobs of one relay round. The first job of a row in each queue has the row's id as job id,
 * any further one the row's id and its name, so a round published twice adds nothing twice.
 *
 * Jobs named in JOINED_PER_ROUND go together: their lists are joined, up to the limit a job. A
 * quiet round makes a job of one (with the row's id), a round at a peak one job per fifty rows.
 * A joined job's id is a digest of its name and rows, so a round published again with the same
 * rows adds nothing, and one that leased more rows adds a job for the group that changed (what
 * it already did is skipped: each such job is idempotent per item).
 */
export function jobsForRound(rows: readonly OutboxRow[]): QueuedJob[] {
  const jobs: QueuedJob[] = [];
  const joined = new Map<JobName, { rowId: string; jobId: string; data: Record<string, unknown[]> }[]>();
  for (const row of rows) {
    const queuesUsed = new Set<QueueName>();
    for (const job of jobsFor(row)) {
      const queue = QUEUE_OF[job.name];
      const jobId = queuesUsed.has(queue) ? `${row.id}-${job.name}` : row.id;
      queuesUsed.add(queue);
      if (JOINED_PER_ROUND[job.name] === undefined) {
        jobs.push({ ...job, queue, jobId });
      } else {
        if (!joined.has(job.name)) joined.set(job.name, []);
        joined.get(job.name)!.push({ rowId: row.id, jobId, data: job.data as Record<string, unknown[]> });
      }
    }
  }
  for (const [name, items] of joined) {
    const limit = JOINED_PER_ROUND[name]!;
    for (let i = 0; i < items.length; i += limit) {
      const group = items.slice(i, i + limit);
      const data: Record<string, unknown[]> = {};
      for (const key of Object.keys(group[0].data)) data[key] = group.flatMap((item) => item.data[key]);
      const jobId =
        group.length === 1
          ? group[0].jobId
          : `joined-${createHash('sha256')
              .update([name, ...group.map((item) => item.rowId)].join(','))
              .digest('hex')
              .slice(0, 32)}`;
      jobs.push({ name, data, queue: QUEUE_OF[name], jobId });
    }
  }
  return jobs;
}
