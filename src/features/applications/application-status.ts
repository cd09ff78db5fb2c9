/** The words of the lifecycle: its states and its actions (rows in voucher-lifecycle.ts). */

export const APPLICATION_STATUSES = [
  'submitted',
  'information-requested',
  'reviewed',
  'granted',
  'completed',
  'rejected',
  'not-considered',
  'objection',
  'withdrawn',
  'expired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * Statuses in which an application is closed: the retention period of its personal data
 * (RETENTION_YEARS, docs/privacy.md) counts from the moment it entered one. A rejection closes
 * only when its objection deadline has passed (see `closedAt` in voucher-lifecycle.ts).
 */
export const CLOSED_STATUSES: readonly ApplicationStatus[] = [
  'completed',
  'rejected',
  'not-considered',
  'withdrawn',
  'expired',
];

export const ACTIONS = [
  'submit',
  'review',
  'request-information',
  'supplement',
  'not-consider',
  'grant',
  'reject',
  'object',
  'uphold',
  'dismiss',
  'complete',
  'withdraw',
  'expire',
] as const;
export type Action = (typeof ACTIONS)[number];
