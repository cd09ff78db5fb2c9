import { VOUCHER_LIFECYCLE } from '../applications/voucher-lifecycle';

/**
 * The events a webhook can subscribe to, in the past tense like the outbox's: one per row of
 * the lifecycle table (`application.submitted`, `application.granted`, …), a milestone reached,
 * and an application moving from the reserve list to within the budget.
 */
export const WEBHOOK_EVENTS: readonly string[] = [
  ...new Set(VOUCHER_LIFECYCLE.map((row) => row.event as string)),
  'milestone.reached',
  'allocation.moved-within',
];

/** What a delivery says about the application: no personal data, only these fields. */
export interface WebhookData {
  id: string;
  reference: string;
  programme: string;
  status: string | null;
  amountCents?: number;
  threshold?: number;
  ordinal?: number;
}

/** The `data` of a delivery, read from the outbox event's payload; null for an event that names no application. */
export function webhookData(payload: Record<string, unknown>): WebhookData | null {
  const { applicationId, reference, programmeCode } = payload;
  if (typeof applicationId !== 'string' || typeof reference !== 'string' || typeof programmeCode !== 'string') {
    return null;
  }
  const number = (key: string) => (typeof payload[key] === 'number' ? { [key]: payload[key] } : {});
  const status =
    typeof payload.to === 'string' ? payload.to : typeof payload.status === 'string' ? payload.status : null;
  return {
    id: applicationId,
    reference,
    programme: programmeCode,
    status,
    ...number('amountCents'),
    ...number('threshold'),
    ...number('ordinal'),
  };
}

/** The wait before attempt `attempt + 1` (1-based `attempt` done): base, 2×, 4× … at most an hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 30), 3_600_000);
}
