/**
 * Every background job: its name, its queue and the payload it carries. One enum, one
 * payload type per job; the worker refuses to start unless each has exactly one handler.
 */
import { ApplicationEvent, DocumentEvent, MilestoneEvent } from '../outbox/outbox-events';

export type { ApplicationEvent, DocumentEvent, MilestoneEvent };

/** An outbox event as the webhooks see it: which subscriptions want it is theirs to judge. */
export interface WebhookEventJob {
  eventId: string;
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The applications a check-eligibility job checks: one, or at a peak several (see JOINED_PER_ROUND). */
export interface EligibilityChecks {
  applicationIds: string[];
}

/** The events a plan-webhook-deliveries job plans: one, or at a peak several (see JOINED_PER_ROUND). */
export interface WebhookEvents {
  events: WebhookEventJob[];
}

export enum QueueName {
  Eligibility = 'eligibility',
  Notifications = 'notifications',
  Milestones = 'milestones',
  Maintenance = 'maintenance',
  Documents = 'documents',
  Allocation = 'allocation',
  Webhooks = 'webhooks',
}

export enum JobName {
  CheckEligibility = 'check-eligibility',
  NotifyApplicant = 'notify-applicant',
  NotifyOfficers = 'notify-officers',
  RemindInformationDue = 'remind-information-due',
  ScanDocument = 'scan-document',
  NotifyDocumentInfected = 'notify-document-infected',
  AnnounceMilestone = 'announce-milestone',
  WatchMilestones = 'watch-milestones',
  ExpireVouchers = 'expire-vouchers',
  SendDailyDigest = 'send-daily-digest',
  SendMonthlyReports = 'send-monthly-reports',
  RecheckPendingEligibility = 'recheck-pending-eligibility',
  CompactReportCounters = 'compact-report-counters',
  RemoveExpiredPersonalData = 'remove-expired-personal-data',
  SettleAllocation = 'settle-allocation',
  RunLotteries = 'run-lotteries',
  PlanWebhookDeliveries = 'plan-webhook-deliveries',
  DeliverWebhook = 'deliver-webhook',
}

export interface JobPayloads {
  [JobName.CheckEligibility]: EligibilityChecks;
  [JobName.NotifyApplicant]: ApplicationEvent & { eventId: string };
  [JobName.NotifyOfficers]: ApplicationEvent & { eventId: string };
  [JobName.RemindInformationDue]: Record<string, never>;
  [JobName.ScanDocument]: DocumentEvent & { eventId: string };
  [JobName.NotifyDocumentInfected]: DocumentEvent & { eventId: string };
  [JobName.AnnounceMilestone]: MilestoneEvent & { eventId: string };
  [JobName.WatchMilestones]: { programmeCode: string };
  [JobName.ExpireVouchers]: Record<string, never>;
  [JobName.SendDailyDigest]: Record<string, never>;
  [JobName.SendMonthlyReports]: Record<string, never>;
  [JobName.RecheckPendingEligibility]: Record<string, never>;
  [JobName.CompactReportCounters]: Record<string, never>;
  [JobName.RemoveExpiredPersonalData]: Record<string, never>;
  [JobName.SettleAllocation]: { programmeCode: string };
  [JobName.RunLotteries]: Record<string, never>;
  [JobName.PlanWebhookDeliveries]: WebhookEvents;
  /** `attempt`: the attempts made before this one (a job for another attempt is stale and skipped). */
  [JobName.DeliverWebhook]: { deliveryId: string; attempt: number };
}

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.CheckEligibility]: QueueName.Eligibility,
  [JobName.NotifyApplicant]: QueueName.Notifications,
  [JobName.NotifyOfficers]: QueueName.Notifications,
  [JobName.RemindInformationDue]: QueueName.Notifications,
  [JobName.ScanDocument]: QueueName.Documents,
  [JobName.NotifyDocumentInfected]: QueueName.Notifications,
  [JobName.AnnounceMilestone]: QueueName.Milestones,
  [JobName.WatchMilestones]: QueueName.Milestones,
  [JobName.ExpireVouchers]: QueueName.Maintenance,
  [JobName.SendDailyDigest]: QueueName.Notifications,
  [JobName.SendMonthlyReports]: QueueName.Notifications,
  [JobName.RecheckPendingEligibility]: QueueName.Maintenance,
  [JobName.CompactReportCounters]: QueueName.Maintenance,
  [JobName.RemoveExpiredPersonalData]: QueueName.Maintenance,
  [JobName.SettleAllocation]: QueueName.Allocation,
  [JobName.RunLotteries]: QueueName.Allocation,
  [JobName.PlanWebhookDeliveries]: QueueName.Webhooks,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
};

/**
 * Jobs whose payloads carry a list and go together within one relay round, up to this many
 * items a job: at a peak the worker pays a job's cost (and its statements and commits) once per
 * many events instead of once each. A quiet round still makes a job of one.
 */
export const JOINED_PER_ROUND: Partial<Record<JobName, number>> = {
  [JobName.CheckEligibility]: 50,
  [JobName.PlanWebhookDeliveries]: 50,
};

/** What a handler may answer besides throwing: 'skipped' when its entity is gone. */
export type JobOutcome = 'done' | 'skipped' | void;

/** The queues a worker process serves (WORKER_QUEUES, or all of them). */
export function servedQueues(setting: string): QueueName[] {
  const wanted = setting.split(',').filter(Boolean);
  return Object.values(QueueName).filter((q) => wanted.length === 0 || wanted.includes(q));
}
