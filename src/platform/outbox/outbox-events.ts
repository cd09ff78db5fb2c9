/**
 * Every event the outbox carries, each with the one payload type its producer writes and its
 * consumers read. Event names are in the past tense: they say what has happened.
 */

/** An application moved through a row of the lifecycle (`application.submitted`, `application.granted`, …). */
export interface ApplicationEvent {
  applicationId: string;
  reference: string;
  programmeCode: string;
  /** The lifecycle action that was taken, e.g. `grant`. */
  action: string;
  from: string | null;
  to: string;
  actorId: string;
  reason?: string | null;
  /** Grants only: the voucher's ordinal in its programme and the granted amount. */
  ordinal?: number;
  amountCents?: number;
  /** Jobs the step's effects set off besides the applicant's notice (outbox-routes.ts). */
  jobs?: string[];
}

/** A grant reached one of the programme's milestone thresholds. */
export interface MilestoneEvent {
  programmeCode: string;
  threshold: number;
  ordinal: number;
  applicationId: string;
  reference: string;
}

/** A document was uploaded to an application (`document.uploaded`) or its scan came back (`document.scanned`). */
export interface DocumentEvent {
  documentId: string;
  applicationId: string;
  programmeCode: string;
  kind: string;
  /** pending after an upload that waits for a scan; clean or infected once known. */
  scan: 'pending' | 'clean' | 'infected';
  uploadedBy: { id: string; role: string };
}

/**
 * An application moved from the reserve list within budget (`allocation.moved-within`): money
 * came free. Written once per application, ever; its applicant is told by mail.
 */
/** The action word of the applicant's notice of `allocation.moved-within` (its template: allocation-moved-within). */
export const MOVED_WITHIN = 'moved-within';

export interface MovedWithinEvent {
  applicationId: string;
  reference: string;
  programmeCode: string;
  /** The application's status when it moved (it waits: submitted, information-requested or reviewed). */
  status: string;
}

/** An admin asked for a webhook delivery to be sent again (POST /api/v1/webhooks/{id}/deliveries/{d}/retry). */
export interface WebhookRetryEvent {
  deliveryId: string;
  /** The attempts made so far: the retry is attempt `attempt + 1`. */
  attempt: number;
}

/** The name a lifecycle row gives its event: `application.` and the past tense of its action. */
export type ApplicationEventType = `application.${string}`;

export type OutboxEvent =
  | { type: ApplicationEventType; payload: ApplicationEvent }
  | { type: 'milestone.reached'; payload: MilestoneEvent }
  | { type: 'document.uploaded' | 'document.scanned'; payload: DocumentEvent }
  | { type: 'allocation.moved-within'; payload: MovedWithinEvent }
  | { type: 'webhook.retry-requested'; payload: WebhookRetryEvent };

/** Reads a stored row back as the event its producer wrote. */
export function outboxEvent(row: { type: string; payload: unknown }): OutboxEvent | null {
  if (row.type === 'milestone.reached') return { type: row.type, payload: row.payload as MilestoneEvent };
  if (row.type === 'document.uploaded' || row.type === 'document.scanned') {
    return { type: row.type, payload: row.payload as DocumentEvent };
  }
  if (row.type === 'allocation.moved-within') return { type: row.type, payload: row.payload as MovedWithinEvent };
  if (row.type === 'webhook.retry-requested') return { type: row.type, payload: row.payload as WebhookRetryEvent };
  if (row.type.startsWith('application.')) {
    return { type: row.type as ApplicationEventType, payload: row.payload as ApplicationEvent };
  }
  return null;
}
