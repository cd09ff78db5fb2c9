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
